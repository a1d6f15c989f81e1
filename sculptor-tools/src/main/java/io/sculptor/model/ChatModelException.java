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
    INVALID_RESPONSE,
    /**
     * The model failed with an exception no adapter classified (for example an application's own
     * {@link ChatModel} threw); the cause is that exception.
     */
    UNEXPECTED;

    /**
     * {@return the kind of a refused HTTP request by its status}: 401 and 403
     * {@link #AUTHENTICATION}, 408 {@link #TIMEOUT}, 429 {@link #RATE_LIMITED}, 500 and above
     * {@link #SERVER_ERROR}, any other {@link #BAD_REQUEST}; a context-length refusal is recognised
     * by its body, not its status, so callers check for it first
     *
     * @param status an HTTP status of 400 or above
     */
    public static Kind forHttpStatus(int status) {
      return status == 401 || status == 403 ? AUTHENTICATION
          : status == 408 ? TIMEOUT
          : status == 429 ? RATE_LIMITED
          : status >= 500 ? SERVER_ERROR
          : BAD_REQUEST;
    }
  }

  private final Kind kind;
  private final ProviderError error;

  /**
   * Creates an exception for a failure without an answer from the provider (no connection, a
   * timeout, an interruption).
   *
   * @param kind the kind of failure
   * @param message what failed, with values in brackets
   * @param cause the underlying failure, or null
   */
  public ChatModelException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.error = null;
  }

  /**
   * Creates an exception for an answer of the provider.
   *
   * @param kind the kind of failure
   * @param message what failed, with values in brackets
   * @param error what the provider said
   * @param cause the underlying failure, or null
   */
  public ChatModelException(Kind kind, String message, ProviderError error, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.error = Objects.requireNonNull(error, "error");
  }

  /** {@return what the provider said, when it answered} */
  public Optional<ProviderError> providerError() {
    return Optional.ofNullable(error);
  }

  /** {@return the kind of failure} */
  public Kind kind() {
    return kind;
  }

  /** {@return the HTTP status of the last response, if there was one} */
  public OptionalInt status() {
    return error == null ? OptionalInt.empty() : error.statusIfAny();
  }

  /** {@return the provider's error type, e.g. {@code invalid_request_error}} */
  public Optional<String> errorType() {
    return error == null ? Optional.empty() : error.type();
  }

  /** {@return the provider's error code, e.g. {@code context_length_exceeded}} */
  public Optional<String> errorCode() {
    return error == null ? Optional.empty() : error.code();
  }

  /** {@return the provider's error message} */
  public Optional<String> providerMessage() {
    return error == null ? Optional.empty() : error.message();
  }

  /** {@return the provider's request id, for its support} */
  public Optional<String> requestId() {
    return error == null ? Optional.empty() : error.requestId();
  }
}
