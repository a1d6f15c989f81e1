package io.sculptor.model;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a provider said when it refused a call: the HTTP status, and when its body said so, the
 * error type, code and message and the request id. Never holds credentials; adapters redact them
 * before making one.
 *
 * <p>Made with {@link #of(int)} and the {@code withX} methods, each returning a new value. Value
 * semantics, immutable, thread-safe.
 *
 * @since 0.1
 */
public final class ProviderError implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;
  private final String code;
  private final String message;
  private final String requestId;

  private ProviderError(int status, String type, String code, String message, String requestId) {
    this.status = status;
    this.type = type;
    this.code = code;
    this.message = message;
    this.requestId = requestId;
  }

  /**
   * {@return an error with the HTTP status {@code status}} and nothing else known yet
   *
   * @throws IllegalArgumentException if the status is not from 100 to 599
   */
  public static ProviderError of(int status) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("HTTP status must be from 100 to 599, got [" + status + "]");
    }
    return new ProviderError(status, null, null, null, null);
  }

  /** {@return this error with the provider's error type, e.g. {@code invalid_request_error}; null for none} */
  public ProviderError withType(String value) {
    return new ProviderError(status, value, code, message, requestId);
  }

  /** {@return this error with the provider's error code, e.g. {@code context_length_exceeded}; null for none} */
  public ProviderError withCode(String value) {
    return new ProviderError(status, type, value, message, requestId);
  }

  /** {@return this error with the provider's error message; null for none} */
  public ProviderError withMessage(String value) {
    return new ProviderError(status, type, code, value, requestId);
  }

  /** {@return this error with the provider's request id; null for none} */
  public ProviderError withRequestId(String value) {
    return new ProviderError(status, type, code, message, value);
  }

  /** {@return the HTTP status} */
  public int status() {
    return status;
  }

  /** {@return the provider's error type} */
  public Optional<String> type() {
    return Optional.ofNullable(type);
  }

  /** {@return the provider's error code} */
  public Optional<String> code() {
    return Optional.ofNullable(code);
  }

  /** {@return the provider's error message} */
  public Optional<String> message() {
    return Optional.ofNullable(message);
  }

  /** {@return the provider's request id, for its support} */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  OptionalInt statusIfAny() {
    return OptionalInt.of(status);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProviderError e && status == e.status && Objects.equals(type, e.type)
        && Objects.equals(code, e.code) && Objects.equals(message, e.message)
        && Objects.equals(requestId, e.requestId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, type, code, message, requestId);
  }

  @Override
  public String toString() {
    return "ProviderError[" + status + (type == null ? "" : ", type=" + type) + (code == null ? "" : ", code=" + code)
        + (requestId == null ? "" : ", requestId=" + requestId) + "]";
  }
}
