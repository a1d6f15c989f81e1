package io.sculptor.tools.internal;

import io.sculptor.core.ContextState;
import io.sculptor.core.FragmentId;
import io.sculptor.tools.ToolResult;

/** A tool whose {@code fragment_id} argument is checked for the id format before it runs. */
abstract class FragmentTool implements Tool {
  @Override
  public final ToolResult run(ContextState state, Arguments arguments) {
    String value = arguments.string("fragment_id");
    FragmentId id = FragmentIds.fragmentOrNull(value);
    if (id == null) {
      return FragmentIds.malformedFragment(definition().name(), value, state);
    }
    return run(state, id, arguments);
  }

  /** {@return the result of the call on fragment {@code id}} */
  abstract ToolResult run(ContextState state, FragmentId id, Arguments arguments);
}
