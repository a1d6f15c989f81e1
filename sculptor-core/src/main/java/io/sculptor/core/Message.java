package io.sculptor.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One chat message: a role, its text content, the tool calls of an assistant message, the call id
 * that a tool message answers, an optional participant name, and provider extensions.
 *
 * <p>Extensions are an opaque, ordered map of fields that the library does not model (for example
 * {@code reasoning_content} or {@code refusal}). The library never reads or changes them; adapters
 * put them there so that they survive a round trip untouched. Their values must be immutable.
 *
 * <p>Value semantics, immutable, thread-safe. Content is never null: a message without text has
 * the empty string as content.
 *
 * @since 0.1
 */
public final class Message {
  private final Role role;
  private final String content;
  private final List<ToolCall> toolCalls;
  private final String toolCallId;
  private final String name;
  private final Map<String, Object> extensions;

  private Message(Role role, String content, List<ToolCall> toolCalls, String toolCallId,
      String name, Map<String, Object> extensions) {
    this.role = Objects.requireNonNull(role, "role");
    this.content = Objects.requireNonNull(content, "content");
    this.toolCalls = List.copyOf(Objects.requireNonNull(toolCalls, "toolCalls"));
    this.toolCallId = toolCallId;
    this.name = name;
    this.extensions = copyOrdered(Objects.requireNonNull(extensions, "extensions"));
    if (!this.toolCalls.isEmpty() && role != Role.ASSISTANT) {
      throw new IllegalArgumentException("only assistant messages carry tool calls, got role [" + role + "]");
    }
    if (role == Role.TOOL && toolCallId == null) {
      throw new IllegalArgumentException("a tool message needs the id of the call it answers");
    }
    if (role != Role.TOOL && toolCallId != null) {
      throw new IllegalArgumentException("only tool messages carry a tool-call id, got role [" + role + "]");
    }
  }

  /** {@return a system message with {@code content}} */
  public static Message system(String content) {
    return new Message(Role.SYSTEM, content, List.of(), null, null, Map.of());
  }

  /** {@return a user message with {@code content}} */
  public static Message user(String content) {
    return new Message(Role.USER, content, List.of(), null, null, Map.of());
  }

  /** {@return an assistant message with {@code content} and no tool calls} */
  public static Message assistant(String content) {
    return new Message(Role.ASSISTANT, content, List.of(), null, null, Map.of());
  }

  /**
   * {@return an assistant message with {@code content} and {@code toolCalls}}. A tool-only turn has
   * no text: {@code content} may be null or empty, and is the empty string in either case.
   */
  public static Message assistant(String content, List<ToolCall> toolCalls) {
    return new Message(Role.ASSISTANT, content == null ? "" : content, toolCalls, null, null, Map.of());
  }

  /** {@return a tool message answering the call {@code toolCallId} with {@code content}} */
  public static Message tool(String toolCallId, String content) {
    return new Message(Role.TOOL, content, List.of(), Objects.requireNonNull(toolCallId, "toolCallId"),
        null, Map.of());
  }

  /** {@return the role of the author} */
  public Role role() {
    return role;
  }

  /** {@return the text content, never null} */
  public String content() {
    return content;
  }

  /** {@return the tool calls of an assistant message; empty for every other role} */
  public List<ToolCall> toolCalls() {
    return toolCalls;
  }

  /** {@return the id of the call a tool message answers; empty for every other role} */
  public Optional<String> toolCallId() {
    return Optional.ofNullable(toolCallId);
  }

  /** {@return the optional participant or function name} */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /** {@return the provider fields the library does not model, in their original order} */
  public Map<String, Object> extensions() {
    return extensions;
  }

  /** {@return a copy with {@code newContent}, or this message when the content is the same} */
  public Message withContent(String newContent) {
    return content.equals(newContent) ? this
        : new Message(role, newContent, toolCalls, toolCallId, name, extensions);
  }

  /** {@return a copy with the participant name {@code newName} (null removes it)} */
  public Message withName(String newName) {
    return Objects.equals(name, newName) ? this
        : new Message(role, content, toolCalls, toolCallId, newName, extensions);
  }

  /** {@return a copy whose extensions are {@code newExtensions}, kept in iteration order} */
  public Message withExtensions(Map<String, Object> newExtensions) {
    return new Message(role, content, toolCalls, toolCallId, name, newExtensions);
  }

  private static Map<String, Object> copyOrdered(Map<String, Object> map) {
    if (map.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "extension key"),
        Objects.requireNonNull(v, () -> "extension value of [" + k + "]")));
    return Collections.unmodifiableMap(copy);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Message m
        && role == m.role
        && content.equals(m.content)
        && toolCalls.equals(m.toolCalls)
        && Objects.equals(toolCallId, m.toolCallId)
        && Objects.equals(name, m.name)
        && extensions.equals(m.extensions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(role, content, toolCalls, toolCallId, name, extensions);
  }

  @Override
  public String toString() {
    String shown = content.length() <= 60 ? content : content.substring(0, 57) + "...";
    return "Message[" + role.wireName() + ", " + content.length() + " chars: \"" + shown + "\""
        + (toolCalls.isEmpty() ? "" : ", toolCalls=" + toolCalls)
        + (toolCallId == null ? "" : ", toolCallId=" + toolCallId) + "]";
  }
}
