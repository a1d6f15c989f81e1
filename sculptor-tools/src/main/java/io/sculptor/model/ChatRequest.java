package io.sculptor.model;

import io.sculptor.core.Message;
import java.util.List;
import java.util.Objects;

/**
 * One provider-neutral model call: the messages the model sees, the tools it may call, and
 * whether it must call one.
 *
 * @param messages the messages, usually a {@link io.sculptor.core.ContextState#view() view}
 * @param tools the tool specs offered; may be empty
 * @param toolChoice whether and which tool the model must call
 * @since 0.1
 */
public record ChatRequest(List<Message> messages, List<ToolSpec> tools, ToolChoice toolChoice) {
  /** Copies the lists and checks that nothing is null. */
  public ChatRequest {
    messages = List.copyOf(messages);
    tools = List.copyOf(tools);
    Objects.requireNonNull(toolChoice, "toolChoice");
  }
}
