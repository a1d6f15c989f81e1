package io.sculptor.agent;

import io.sculptor.core.ContextState;
import io.sculptor.model.Usage;
import java.util.Objects;

/**
 * The result of one {@link ContextAgent#run(ContextState) agent run}.
 *
 * @param state the final state: the original conversation with every message of the run appended,
 *     and every fragment the model or the policies made
 * @param answer the text of the final assistant message
 * @param stopReason why the run ended
 * @param modelCalls how many model calls were made
 * @param usage the tokens of all model calls together
 * @param toolUsage how often each tool was called
 * @param trajectory the recorded calls, for training samples
 * @since 0.1
 */
public record AgentRun(ContextState state, String answer, StopReason stopReason, int modelCalls, Usage usage,
    ToolUsage toolUsage, Trajectory trajectory) {
  /** Checks that nothing is null. */
  public AgentRun {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(stopReason, "stopReason");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(toolUsage, "toolUsage");
    Objects.requireNonNull(trajectory, "trajectory");
  }

  /** Why a run ended. */
  public enum StopReason {
    /** The model answered without calling tools. */
    ANSWERED,
    /** The step cap was reached; the answer came from one last call with tool choice {@code none}. */
    STEP_CAP
  }
}
