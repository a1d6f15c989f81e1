package io.sculptor.tools;

import io.sculptor.core.ContextState;
import io.sculptor.model.ToolSpec;
import io.sculptor.tools.internal.BranchTool;
import io.sculptor.tools.internal.Branches;
import io.sculptor.tools.internal.ReturnTool;
import io.sculptor.tools.internal.ToolDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The opt-in {@code branch} and {@code return} tools, after Context-Folding ("Scaling Long-Horizon
 * LLM Agent via Context-Folding", Sun, Lu et al., 2025): {@code branch(description, prompt)} opens
 * a sub-task and {@code return(message)} turns every message since then into one fragment
 * summarized by the message. Unlike Context-Folding's, the fold is reversible: the branch's steps
 * are an ordinary multi-message fragment that {@code restore_fragment} brings back and
 * {@code search_context} searches. They are a separate set from the paper's six, so
 * {@link SculptorTools#specs()} stays exactly Appendix H; {@link SculptorToolkit#withBranchTools()}
 * runs them.
 *
 * <p><b>Where branches live.</b> Nowhere but in the conversation: a branch is open when a
 * {@code branch} call was answered by a result that does not begin with {@code Error:} and no
 * such {@code return} call after it closed it; returns close the innermost branch first. So a
 * snapshot, a store or an integration that keeps the messages keeps the open branches, with
 * nothing new to persist, and both tools refuse to run unless the latest assistant message holds
 * an unanswered call of them ({@link ToolErrorCode#CALL_NOT_IN_CONVERSATION}).
 *
 * <p><b>What a return folds.</b> The messages from the tool message answering the {@code branch}
 * call to the latest one: the steps of the sub-task and the assistant message holding the
 * {@code return} call. The branch call before them and the return's result after them stay
 * visible, and since no edit removes a message or a tool call, every call stays answered. The
 * summary shows in the first message of the fragment, the answer to the {@code branch} call.
 *
 * <p><b>A branch still open when a run ends</b> (the model answered, or the step cap was reached)
 * stays open: nothing is folded without the model's summary, {@link #openBranches(ContextState)}
 * lists it, and a later {@code return}, in this run or the next, closes it and folds everything
 * since it, including the messages appended in between.
 *
 * <p>Thread-safe; holds no state.
 *
 * @since 0.1
 */
public final class BranchTools {
  /** {@code branch}: open a sub-task. */
  public static final String BRANCH = BranchTool.NAME;
  /** {@code return}: fold the innermost open sub-task into its outcome. */
  public static final String RETURN = ReturnTool.NAME;

  /** The two names, {@code branch} then {@code return}. */
  public static final List<String> NAMES = List.of(BRANCH, RETURN);

  /**
   * The names of the tools of this set that the trajectory export (Algorithm 1) treats as
   * context-modifying calls: both, since a branch starts the steps its return replaces.
   */
  public static final Set<String> CONTEXT_MODIFYING = Set.of(BRANCH, RETURN);

  private static final List<ToolDefinition> DEFINITIONS = List.of(BranchTool.DEFINITION, ReturnTool.DEFINITION);

  private BranchTools() {}

  /** {@return the two specs, in the order of {@link #NAMES}} */
  public static List<ToolSpec> specs() {
    return DEFINITIONS.stream().map(d -> d.spec(false)).toList();
  }

  /** {@return the two specs for strict function calling} */
  public static List<ToolSpec> strictSpecs() {
    return DEFINITIONS.stream().map(d -> d.spec(true)).toList();
  }

  /** {@return whether {@code toolName} is {@code branch} or {@code return}} */
  public static boolean isBranchTool(String toolName) {
    return NAMES.contains(toolName);
  }

  /**
   * {@return the branches open in {@code state}'s conversation, outermost first}; empty when none
   * is. It reads the messages back from the end, so it costs one look at each message.
   */
  public static List<OpenBranch> openBranches(ContextState state) {
    Objects.requireNonNull(state, "state");
    List<OpenBranch> open = new ArrayList<>();
    for (Branches.Open b : Branches.innermost(state.original(), Integer.MAX_VALUE)) {
      open.add(new OpenBranch(b.description(), b.callId(), b.callMessage(), b.firstMessage()));
    }
    Collections.reverse(open);
    return List.copyOf(open);
  }
}
