package io.sculptor.model;

import io.sculptor.core.Message;
import io.sculptor.core.Role;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model answered: one assistant message (text and/or tool calls), the usage, and what the
 * provider said about the call (response id, model, finish reasons, request id).
 *
 * <p>Value semantics, immutable, thread-safe. A class rather than a record, so that later
 * versions can add data without breaking callers. Build one with {@link #of(Message, Usage)} or,
 * with metadata, {@link #builder(Message)}.
 *
 * @since 0.1
 */
public final class ChatResponse {
  private final Message message;
  private final Usage usage;
  private final Optional<String> finishReason;
  private final List<String> finishReasons;
  private final Optional<String> responseId;
  private final Optional<String> model;
  private final Optional<String> systemFingerprint;
  private final Optional<String> requestId;

  private ChatResponse(Builder builder) {
    this.message = builder.message;
    this.usage = builder.usage;
    this.finishReason = builder.finishReason;
    this.finishReasons = builder.finishReasons != null
        ? List.copyOf(builder.finishReasons)
        : finishReason.map(List::of).orElse(List.of());
    this.responseId = builder.responseId;
    this.model = builder.model;
    this.systemFingerprint = builder.systemFingerprint;
    this.requestId = builder.requestId;
    if (message.role() != Role.ASSISTANT) {
      throw new IllegalArgumentException("a response holds an assistant message, got [" + message.role() + "]");
    }
    if (finishReason.isPresent() && !finishReasons.isEmpty()
        && !finishReasons.get(0).equals(finishReason.get())) {
      throw new IllegalArgumentException("finishReasons must start with the finish reason ["
          + finishReason.get() + "], got " + finishReasons);
    }
  }

  /**
   * {@return a response}; the message must be an assistant message
   *
   * @param message the assistant message, with provider fields kept in its extensions
   * @param usage the tokens consumed
   * @param finishReason why the model stopped, e.g. {@code stop} or {@code tool_calls}, if reported
   */
  public static ChatResponse of(Message message, Usage usage, Optional<String> finishReason) {
    return builder(message).usage(usage).finishReason(finishReason).build();
  }

  /** {@return a response with {@code message} and {@code usage} and no finish reason} */
  public static ChatResponse of(Message message, Usage usage) {
    return ChatResponse.of(message, usage, Optional.empty());
  }

  /**
   * {@return a builder of a response holding {@code message}}, with unknown usage and no metadata
   *
   * @param message the assistant message, with provider fields kept in its extensions
   */
  public static Builder builder(Message message) {
    return new Builder(message);
  }

  /**
   * {@return a builder holding everything of this response}, to change part of it
   */
  public Builder toBuilder() {
    Builder builder = new Builder(message).usage(usage).finishReason(finishReason)
        .responseId(responseId.orElse(null)).model(model.orElse(null))
        .systemFingerprint(systemFingerprint.orElse(null)).requestId(requestId.orElse(null));
    builder.finishReasons = finishReasons;
    return builder;
  }

  /** {@return the assistant message, with provider fields kept in its extensions} */
  public Message message() {
    return message;
  }

  /** {@return the tokens consumed} */
  public Usage usage() {
    return usage;
  }

  /** {@return why the model stopped, e.g. {@code stop} or {@code tool_calls}, if reported} */
  public Optional<String> finishReason() {
    return finishReason;
  }

  /**
   * {@return the finish reason of every choice the provider returned}, in choice order; the
   * first is {@link #finishReason()}; empty if none was reported
   */
  public List<String> finishReasons() {
    return finishReasons;
  }

  /**
   * {@return the provider's id of this response}, e.g. {@code chatcmpl-…} or {@code resp_…}
   */
  public Optional<String> responseId() {
    return responseId;
  }

  /**
   * {@return the model that answered, as the provider named it}
   */
  public Optional<String> model() {
    return model;
  }

  /**
   * {@return the provider's backend fingerprint}, where it reports one
   */
  public Optional<String> systemFingerprint() {
    return systemFingerprint;
  }

  /**
   * {@return the provider's request id from the response headers} (e.g. {@code x-request-id}),
   * to quote to its support
   */
  public Optional<String> requestId() {
    return requestId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChatResponse other
        && message.equals(other.message)
        && usage.equals(other.usage)
        && finishReason.equals(other.finishReason)
        && finishReasons.equals(other.finishReasons)
        && responseId.equals(other.responseId)
        && model.equals(other.model)
        && systemFingerprint.equals(other.systemFingerprint)
        && requestId.equals(other.requestId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(message, usage, finishReason, finishReasons, responseId, model,
        systemFingerprint, requestId);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("ChatResponse[message=").append(message)
        .append(", usage=").append(usage).append(", finishReason=").append(finishReason);
    responseId.ifPresent(id -> text.append(", responseId=").append(id));
    model.ifPresent(name -> text.append(", model=").append(name));
    requestId.ifPresent(id -> text.append(", requestId=").append(id));
    return text.append(']').toString();
  }

  /**
   * Builds a {@link ChatResponse}. Not thread-safe; {@link #build()} may be called more than once.
   */
  public static final class Builder {
    private final Message message;
    private Usage usage = Usage.UNKNOWN;
    private Optional<String> finishReason = Optional.empty();
    private List<String> finishReasons;
    private Optional<String> responseId = Optional.empty();
    private Optional<String> model = Optional.empty();
    private Optional<String> systemFingerprint = Optional.empty();
    private Optional<String> requestId = Optional.empty();

    private Builder(Message message) {
      this.message = Objects.requireNonNull(message, "message");
    }

    /** {@return this builder}, with the tokens consumed */
    public Builder usage(Usage usage) {
      this.usage = Objects.requireNonNull(usage, "usage");
      return this;
    }

    /** {@return this builder}, with the first choice's finish reason, if reported */
    public Builder finishReason(Optional<String> finishReason) {
      this.finishReason = Objects.requireNonNull(finishReason, "finishReason");
      return this;
    }

    /**
     * {@return this builder}, with every choice's finish reason; the first must equal the
     * {@linkplain #finishReason(Optional) finish reason} when both are set. Left unset, it is the
     * finish reason alone.
     */
    public Builder finishReasons(List<String> finishReasons) {
      this.finishReasons = List.copyOf(finishReasons);
      return this;
    }

    /** {@return this builder}, with the provider's response id, or none for {@code null} */
    public Builder responseId(String responseId) {
      this.responseId = Optional.ofNullable(responseId);
      return this;
    }

    /** {@return this builder}, with the model that answered, or none for {@code null} */
    public Builder model(String model) {
      this.model = Optional.ofNullable(model);
      return this;
    }

    /** {@return this builder}, with the backend fingerprint, or none for {@code null} */
    public Builder systemFingerprint(String systemFingerprint) {
      this.systemFingerprint = Optional.ofNullable(systemFingerprint);
      return this;
    }

    /** {@return this builder}, with the provider's request id, or none for {@code null} */
    public Builder requestId(String requestId) {
      this.requestId = Optional.ofNullable(requestId);
      return this;
    }

    /**
     * {@return the response}
     *
     * @throws IllegalArgumentException if the message is not an assistant message, or the finish
     *     reasons do not start with the finish reason
     */
    public ChatResponse build() {
      return new ChatResponse(this);
    }
  }
}
