package io.sculptor.core;

/**
 * The author of a {@link Message}, as in every chat-completion API.
 *
 * @since 0.1
 */
public enum Role {
  /** Instructions from the application; never fragmented, folded or summarized. */
  SYSTEM,
  /** A message from the user. */
  USER,
  /** A message from the model, possibly carrying tool calls. */
  ASSISTANT,
  /** The result of one tool call, answering the call with the same tool-call id. */
  TOOL;

  /** {@return the lower-case wire name of this role, e.g. {@code "assistant"}} */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
