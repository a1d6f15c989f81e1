package io.sculptor.tools.internal;

import io.sculptor.core.ContextState;
import io.sculptor.tools.ToolErrorCode;
import io.sculptor.tools.ToolResult;
import java.util.List;
import java.util.Locale;

/**
 * {@code branch}: opens a sub-task whose steps {@code return} later folds into one fragment. It
 * changes nothing in the state: the call and its answer in the conversation are the branch.
 */
public final class BranchTool implements Tool {
  /** The tool name, as in Context-Folding's {@code branch(description, prompt)}. */
  public static final String NAME = "branch";

  /** The name, description and parameters; the parameters are Context-Folding's, the wording ours. */
  public static final ToolDefinition DEFINITION = new ToolDefinition(NAME,
      "Open a branch for a sub-task. Work on the sub-task after this call, then call return with its"
          + " outcome: every message from this call's result to the return then collapses into one"
          + " fragment shown as your return message. restore_fragment brings the steps back and"
          + " search_context still finds text in them. Branches nest; return closes the innermost.",
      List.of(
          Parameter.requiredString("description",
              "A short name for the sub-task (e.g., 'fix the parser test')", "\"fix the parser test\"",
              Parameter.MAX_FOCUS_LENGTH),
          Parameter.requiredString("prompt",
              "What to do in the branch and what to report when returning", "\"find why test_parse fails\"",
              Parameter.MAX_MESSAGE_LENGTH)));

  @Override
  public ToolDefinition definition() {
    return DEFINITION;
  }

  @Override
  public ToolResult run(ContextState state, Arguments arguments) {
    String description = arguments.string("description");
    if (description.isBlank()) {
      return ToolResult.failure(NAME, ToolErrorCode.OUT_OF_RANGE,
          "Error: \"description\" must not be empty. Name the sub-task in a few words.", state);
    }
    if (!Branches.isCalledNow(state.original(), NAME)) {
      return notInConversation(NAME, state);
    }
    List<Branches.Open> enclosing = Branches.innermost(state.original(), Integer.MAX_VALUE);
    String inside = enclosing.isEmpty() ? ""
        : String.format(Locale.ROOT, ", inside %s", Texts.quote(enclosing.get(0).description()));
    return ToolResult.success(NAME, String.format(Locale.ROOT,
        "Opened branch %s (depth %d%s). Work on the sub-task now; when it is done, call return with its"
            + " outcome. Every message from this result to that call then becomes one fragment shown as"
            + " your return message, and restore_fragment brings the steps back.",
        Texts.quote(description.strip()), enclosing.size() + 1, inside), state);
  }

  /** {@return the failure of a branch tool executed with no call of it in the conversation} */
  static ToolResult notInConversation(String tool, ContextState state) {
    return ToolResult.failure(tool, ToolErrorCode.CALL_NOT_IN_CONVERSATION, String.format(Locale.ROOT,
        "Error: %s works only as a tool call in the conversation: the latest assistant message has no"
            + " unanswered %s call. Append the assistant message with the call first, as an agent loop"
            + " does; open branches are read from those calls and their results.", tool, tool), state);
  }
}
