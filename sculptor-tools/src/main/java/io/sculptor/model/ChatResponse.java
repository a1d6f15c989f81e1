package io.sculptor.model;

import io.sculptor.core.Message;
import io.sculptor.core.Role;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model answered: one assistant message (text and/or tool calls) and the usage.
 *
 * @param message the assistant message, with provider fields kept in its extensions
 * @param usage the tokens consumed
 * @param finishReason why the model stopped, e.g. {@code stop} or {@code tool_calls}, if reported
 * @since 0.1
 */
public record ChatResponse(Message message, Usage usage, Optional<String> finishReason) {
  /** Checks that the message is an assistant message and nothing is null. */
  public ChatResponse {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(finishReason, "finishReason");
    if (message.role() != Role.ASSISTANT) {
      throw new IllegalArgumentException("a response holds an assistant message, got [" + message.role() + "]");
    }
  }
}
