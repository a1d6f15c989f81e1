package io.sculptor.openai;

import io.sculptor.model.ChatModelException;
import io.sculptor.model.ProviderError;

/**
 * The provider answered with a body longer than {@link OpenAiHttpBuilder#maxResponseBytes(int)}.
 * The model stopped reading it at that limit and did not retry: a body that large is not an answer
 * to a chat request. Its {@link #kind()} is {@link ChatModelException.Kind#INVALID_RESPONSE}; it
 * carries the HTTP status and request id of the response.
 *
 * @since 0.1
 */
public final class ResponseTooLargeException extends ChatModelException {
  private static final long serialVersionUID = 1L;

  private final int maxResponseBytes;

  /**
   * Creates the exception.
   *
   * @param message what failed, with values in brackets
   * @param maxResponseBytes the limit the body exceeded
   * @param status the HTTP status
   * @param requestId the provider's request id, or null
   */
  public ResponseTooLargeException(String message, int maxResponseBytes, int status, String requestId) {
    super(Kind.INVALID_RESPONSE, message, ProviderError.of(status).withRequestId(requestId), null);
    this.maxResponseBytes = maxResponseBytes;
  }

  /** {@return the limit the body exceeded, in bytes} */
  public int maxResponseBytes() {
    return maxResponseBytes;
  }
}
