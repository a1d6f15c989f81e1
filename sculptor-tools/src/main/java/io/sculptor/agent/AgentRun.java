package io.sculptor.agent;

import io.sculptor.core.ContextState;
import io.sculptor.model.Usage;
import java.util.Objects;

/**
 * The result of one {@link ContextAgent#run(ContextState) agent run}.
 *
 * <p>Value semantics, immutable, thread-safe. A class rather than a record, so that later
 * versions can add data without breaking callers.
 *
 * @since 0.1
 */
public final class AgentRun {
  private final ContextState state;
  private final String answer;
  private final StopReason stopReason;
  private final int modelCalls;
  private final Usage usage;
  private final ToolUsage toolUsage;
  private final Trajectory trajectory;

  private AgentRun(ContextState state, String answer, StopReason stopReason, int modelCalls, Usage usage, ToolUsage toolUsage, Trajectory trajectory) {
    this.state = Objects.requireNonNull(state, "state");
    this.answer = Objects.requireNonNull(answer, "answer");
    this.stopReason = Objects.requireNonNull(stopReason, "stopReason");
    this.modelCalls = modelCalls;
    this.usage = Objects.requireNonNull(usage, "usage");
    this.toolUsage = Objects.requireNonNull(toolUsage, "toolUsage");
    this.trajectory = Objects.requireNonNull(trajectory, "trajectory");
  }

  /**
   * {@return an instance with these components}
   *
   * @param state the final state: the original conversation with every message of the run appended, and every fragment the model or the policies made
   * @param answer the text of the final assistant message
   * @param stopReason why the run ended
   * @param modelCalls how many model calls were made
   * @param usage the tokens of all model calls together
   * @param toolUsage how often each tool was called
   * @param trajectory the recorded calls, for training samples
   */
  public static AgentRun of(ContextState state, String answer, StopReason stopReason, int modelCalls, Usage usage, ToolUsage toolUsage, Trajectory trajectory) {
    return new AgentRun(state, answer, stopReason, modelCalls, usage, toolUsage, trajectory);
  }

  /** {@return the final state: the original conversation with every message of the run appended, and every fragment the model or the policies made} */
  public ContextState state() {
    return state;
  }

  /** {@return the text of the final assistant message} */
  public String answer() {
    return answer;
  }

  /** {@return why the run ended} */
  public StopReason stopReason() {
    return stopReason;
  }

  /** {@return how many model calls were made} */
  public int modelCalls() {
    return modelCalls;
  }

  /** {@return the tokens of all model calls together} */
  public Usage usage() {
    return usage;
  }

  /** {@return how often each tool was called} */
  public ToolUsage toolUsage() {
    return toolUsage;
  }

  /** {@return the recorded calls, for training samples} */
  public Trajectory trajectory() {
    return trajectory;
  }

  /** Why a run ended. */
  public enum StopReason {
    /** The model answered without calling tools. */
    ANSWERED,
    /** The step cap was reached; the answer came from one last call with tool choice {@code none}. */
    STEP_CAP
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AgentRun other
        && state.equals(other.state)
        && answer.equals(other.answer)
        && stopReason.equals(other.stopReason)
        && modelCalls == other.modelCalls
        && usage.equals(other.usage)
        && toolUsage.equals(other.toolUsage)
        && trajectory.equals(other.trajectory);
  }

  @Override
  public int hashCode() {
    return Objects.hash(state, answer, stopReason, modelCalls, usage, toolUsage, trajectory);
  }

  @Override
  public String toString() {
    return "AgentRun[state=" + state + ", answer=" + answer + ", stopReason=" + stopReason + ", modelCalls=" + modelCalls + ", usage=" + usage + ", toolUsage=" + toolUsage + ", trajectory=" + trajectory + "]";
  }
}
