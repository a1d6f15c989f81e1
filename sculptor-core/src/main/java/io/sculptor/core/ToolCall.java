package io.sculptor.core;

import java.util.Objects;

/**
 * One function call requested by the model in an assistant message.
 *
 * <p>Value semantics, immutable, thread-safe. The arguments are kept exactly as the model wrote
 * them, which may be invalid JSON: deciding what they mean is the tool's job, not the message's.
 *
 * @param id the call id that the answering tool message repeats
 * @param name the function name
 * @param arguments the raw arguments text as the model produced it
 * @since 0.1
 */
public record ToolCall(String id, String name, String arguments) {
  /** Checks that no component is null. */
  public ToolCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(arguments, "arguments");
  }
}
