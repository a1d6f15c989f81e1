package io.sculptor.model;

import io.sculptor.core.SculptorException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A model call failed: the provider refused it, could not be reached, or answered something that
 * is not a valid response. Carries what the provider said, when it said anything: the HTTP
 * status, its error type, code and message, and the request id. Never carries credentials.
 *
 * @since 0.1
 */
public class ChatModelException extends SculptorException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure this is. */
  public enum Kind {
    /** The credentials were refused (401, 403). */
    AUTHENTICATION,
    /**
     * The provider kept answering "too many requests" (429) until the attempts ran out, or said
     * that the quota is spent (error code {@code insufficient_quota}), which no retry fixes.
     */
    RATE_LIMITED,
    /** The provider kept failing (5xx) until the attempts ran out. */
    SERVER_ERROR,
    /** The request was refused as invalid (other 4xx). */
    BAD_REQUEST,
    /** The request is longer than the model's context window. */
    CONTEXT_LENGTH_EXCEEDED,
    /** No answer came within the request timeout. */
    TIMEOUT,
    /** The provider could not be reached. */
    CONNECTION,
    /** The provider answered, but not with a response this library can read. */
    INVALID_RESPONSE
  }

  private final Kind kind;
  private final int status;
  private final String errorType;
  private final String errorCode;
  private final String providerMessage;
  private final String requestId;

  /**
   * Creates an exception.
   *
   * @param kind the kind of failure
   * @param message what failed, with values in brackets
   * @param status the HTTP status, or 0 when there was no response
   * @param errorType the provider's error type, or null
   * @param errorCode the provider's error code, or null
   * @param providerMessage the provider's error message, or null
   * @param requestId the provider's request id, or null
   * @param cause the underlying failure, or null
   */
  public ChatModelException(Kind kind, String message, int status, String errorType, String errorCode,
      String providerMessage, String requestId, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.status = status;
    this.errorType = errorType;
    this.errorCode = errorCode;
    this.providerMessage = providerMessage;
    this.requestId = requestId;
  }

  /** {@return the kind of failure} */
  public Kind kind() {
    return kind;
  }

  /** {@return the HTTP status of the last response, if there was one} */
  public OptionalInt status() {
    return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }

  /** {@return the provider's error type, e.g. {@code invalid_request_error}} */
  public Optional<String> errorType() {
    return Optional.ofNullable(errorType);
  }

  /** {@return the provider's error code, e.g. {@code context_length_exceeded}} */
  public Optional<String> errorCode() {
    return Optional.ofNullable(errorCode);
  }

  /** {@return the provider's error message} */
  public Optional<String> providerMessage() {
    return Optional.ofNullable(providerMessage);
  }

  /** {@return the provider's request id, for its support} */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }
}
