package io.sculptor.tools.internal;

import io.sculptor.core.ContextState;
import io.sculptor.core.Outcome;
import io.sculptor.tools.ToolResult;

/** One Sculptor tool: its definition and what a call with checked arguments does. */
public interface Tool {
  /** {@return the name, description and parameters} */
  ToolDefinition definition();

  /** {@return the result of a call with {@code arguments} on {@code state}; never throws for bad input} */
  ToolResult run(ContextState state, Arguments arguments);

  /** {@return the failure result for a refused core operation, carrying the unchanged state} */
  default ToolResult refused(Outcome.Failure<?> failure) {
    return ToolResult.failure(definition().name(), Texts.code(failure.reason()),
        "Error: " + Texts.explain(failure.refusal()), failure.state());
  }
}
