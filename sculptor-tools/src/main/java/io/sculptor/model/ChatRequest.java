package io.sculptor.model;

import io.sculptor.core.Message;
import java.util.List;
import java.util.Objects;

/**
 * One provider-neutral model call: the messages the model sees, the tools it may call, and
 * whether it must call one.
 *
 * <p>Value semantics, immutable, thread-safe. A class rather than a record, so that later
 * versions can add data without breaking callers.
 *
 * @since 0.1
 */
public final class ChatRequest {
  private final List<Message> messages;
  private final List<ToolSpec> tools;
  private final ToolChoice toolChoice;

  private ChatRequest(List<Message> messages, List<ToolSpec> tools, ToolChoice toolChoice) {
    this.messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
    this.tools = List.copyOf(Objects.requireNonNull(tools, "tools"));
    this.toolChoice = Objects.requireNonNull(toolChoice, "toolChoice");
  }

  /**
   * {@return an instance with these components}
   *
   * @param messages the messages, usually a {@link io.sculptor.core.ContextState#view() view}
   * @param tools the tool specs offered; may be empty
   * @param toolChoice whether and which tool the model must call
   */
  public static ChatRequest of(List<Message> messages, List<ToolSpec> tools, ToolChoice toolChoice) {
    return new ChatRequest(messages, tools, toolChoice);
  }

  /** {@return the messages, usually a {@link io.sculptor.core.ContextState#view() view}} */
  public List<Message> messages() {
    return messages;
  }

  /** {@return the tool specs offered; may be empty} */
  public List<ToolSpec> tools() {
    return tools;
  }

  /** {@return whether and which tool the model must call} */
  public ToolChoice toolChoice() {
    return toolChoice;
  }

  /** {@return a request for {@code messages} with no tools} */
  public static ChatRequest of(List<Message> messages) {
    return ChatRequest.of(messages, List.of(), ToolChoice.auto());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChatRequest other
        && messages.equals(other.messages)
        && tools.equals(other.tools)
        && toolChoice.equals(other.toolChoice);
  }

  @Override
  public int hashCode() {
    return Objects.hash(messages, tools, toolChoice);
  }

  @Override
  public String toString() {
    return "ChatRequest[messages=" + messages + ", tools=" + tools + ", toolChoice=" + toolChoice + "]";
  }
}
