package io.sculptor.model;

import io.sculptor.core.Message;
import io.sculptor.core.Role;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model answered: one assistant message (text and/or tool calls) and the usage.
 *
 * <p>Value semantics, immutable, thread-safe. A class rather than a record, so that later
 * versions can add data without breaking callers.
 *
 * @since 0.1
 */
public final class ChatResponse {
  private final Message message;
  private final Usage usage;
  private final Optional<String> finishReason;

  private ChatResponse(Message message, Usage usage, Optional<String> finishReason) {
    this.message = Objects.requireNonNull(message, "message");
    this.usage = Objects.requireNonNull(usage, "usage");
    this.finishReason = Objects.requireNonNull(finishReason, "finishReason");
    if (message.role() != Role.ASSISTANT) {
      throw new IllegalArgumentException("a response holds an assistant message, got [" + message.role() + "]");
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
    return new ChatResponse(message, usage, finishReason);
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

  /** {@return a response with {@code message} and {@code usage} and no finish reason} */
  public static ChatResponse of(Message message, Usage usage) {
    return ChatResponse.of(message, usage, Optional.empty());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChatResponse other
        && message.equals(other.message)
        && usage.equals(other.usage)
        && finishReason.equals(other.finishReason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(message, usage, finishReason);
  }

  @Override
  public String toString() {
    return "ChatResponse[message=" + message + ", usage=" + usage + ", finishReason=" + finishReason + "]";
  }
}
