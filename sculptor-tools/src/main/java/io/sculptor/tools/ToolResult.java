package io.sculptor.tools;

import io.sculptor.core.ContextState;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one tool call: the text the model reads, and for the application whether it
 * succeeded, why not, and the state after it (the unchanged state on failure).
 *
 * <p>Value semantics, immutable, thread-safe.
 *
 * @param toolName the name of the tool that was called
 * @param error the reason of a failure; empty on success
 * @param text the result written for the model: short, specific, naming the next step
 * @param state the state after the call
 * @since 0.1
 */
public record ToolResult(String toolName, Optional<ToolErrorCode> error, String text,
    ContextState state) {
  /** Checks that no component is null. */
  public ToolResult {
    Objects.requireNonNull(toolName, "toolName");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(state, "state");
  }

  /** {@return a successful result} */
  public static ToolResult success(String toolName, String text, ContextState state) {
    return new ToolResult(toolName, Optional.empty(), text, state);
  }

  /** {@return a failed result carrying the unchanged {@code state}} */
  public static ToolResult failure(String toolName, ToolErrorCode error, String text,
      ContextState state) {
    return new ToolResult(toolName, Optional.of(error), text, state);
  }

  /** {@return whether the call succeeded} */
  public boolean isSuccess() {
    return error.isEmpty();
  }
}
