package io.sculptor.model;

/**
 * The request did not fit the model's context window. Applications can react by folding more of
 * the context (for example with a budget policy) and sending the request again.
 *
 * @since 0.1
 */
public final class ContextLengthExceededException extends ChatModelException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, with values in brackets
   * @param status the HTTP status
   * @param errorType the provider's error type, or null
   * @param errorCode the provider's error code, or null
   * @param providerMessage the provider's error message, or null
   * @param requestId the provider's request id, or null
   */
  public ContextLengthExceededException(String message, int status, String errorType,
      String errorCode, String providerMessage, String requestId) {
    super(Kind.CONTEXT_LENGTH_EXCEEDED, message, status, errorType, errorCode, providerMessage,
        requestId, null);
  }
}
