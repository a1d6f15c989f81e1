package io.sculptor.agent;

import io.sculptor.core.ContextState;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ToolChoice;
import io.sculptor.model.Usage;
import io.sculptor.tools.ToolErrorCode;
import java.util.Objects;
import java.util.Optional;

/**
 * What the agent loop did, reported to {@link ContextAgent.Builder#listener(AgentListener)
 * listeners} as it happens.
 *
 * @since 0.1
 */
public sealed interface AgentEvent {
  /** {@return the step the event belongs to, from 1; the final answer step is one past the last} */
  int step();

  /**
   * A budget policy changed the state before a model call.
   *
   * @param step the step
   * @param viewTokensBefore the view's tokens before the policy
   * @param viewTokensAfter the view's tokens after it
   */
  record PolicyApplied(int step, long viewTokensBefore, long viewTokensAfter) implements AgentEvent {}

  /**
   * A request is about to go to the model.
   *
   * @param step the step
   * @param messages the number of messages in the view
   * @param viewTokens the view's tokens under the state's counter
   * @param toolChoice the tool choice of the request; {@code none} for the final answer
   * @param state the state the view was rendered from: the request's messages are
   *     {@code state.view().messages()}, after the step's policy ran
   */
  record ModelCalled(int step, int messages, long viewTokens, ToolChoice toolChoice, ContextState state)
      implements AgentEvent {
    /** Checks that the tool choice and the state are not null. */
    public ModelCalled {
      Objects.requireNonNull(toolChoice, "toolChoice");
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * The model answered.
   *
   * @param step the step
   * @param message the assistant message
   * @param usage the tokens of this call
   */
  record ModelResponded(int step, Message message, Usage usage) implements AgentEvent {
    /** Checks that nothing is null. */
    public ModelResponded {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(usage, "usage");
    }
  }

  /**
   * One tool call was executed and its result appended.
   *
   * <p>Value semantics, immutable, thread-safe. A class rather than a record, so that later
   * versions can add data without breaking callers.
   *
   * @since 0.1
   */
  final class ToolExecuted implements AgentEvent {
    private final int step;
    private final ToolCall call;
    private final String result;
    private final Optional<ToolErrorCode> error;
    private final boolean failed;
    private final boolean sculptorTool;

    private ToolExecuted(int step, ToolCall call, String result, Optional<ToolErrorCode> error, boolean failed, boolean sculptorTool) {
      this.step = step;
      this.call = Objects.requireNonNull(call, "call");
      this.result = Objects.requireNonNull(result, "result");
      this.error = Objects.requireNonNull(error, "error");
      this.failed = failed;
      this.sculptorTool = sculptorTool;
    }

    /**
     * {@return an instance with these components}
     *
     * @param step the step
     * @param call the call
     * @param result the text the model will read
     * @param error the error code of a failed Sculptor call; empty otherwise
     * @param failed whether the call failed (a Sculptor error, an application tool that threw, or an unknown tool)
     * @param sculptorTool whether it was one of the six Sculptor tools
     */
    public static ToolExecuted of(int step, ToolCall call, String result, Optional<ToolErrorCode> error, boolean failed, boolean sculptorTool) {
      return new ToolExecuted(step, call, result, error, failed, sculptorTool);
    }

    /** {@return the step} */
    public int step() {
      return step;
    }

    /** {@return the call} */
    public ToolCall call() {
      return call;
    }

    /** {@return the text the model will read} */
    public String result() {
      return result;
    }

    /** {@return the error code of a failed Sculptor call; empty otherwise} */
    public Optional<ToolErrorCode> error() {
      return error;
    }

    /** {@return whether the call failed (a Sculptor error, an application tool that threw, or an unknown tool)} */
    public boolean failed() {
      return failed;
    }

    /** {@return whether it was one of the six Sculptor tools} */
    public boolean sculptorTool() {
      return sculptorTool;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ToolExecuted other
          && step == other.step
          && call.equals(other.call)
          && result.equals(other.result)
          && error.equals(other.error)
          && failed == other.failed
          && sculptorTool == other.sculptorTool;
    }

    @Override
    public int hashCode() {
      return Objects.hash(step, call, result, error, failed, sculptorTool);
    }

    @Override
    public String toString() {
      return "ToolExecuted[step=" + step + ", call=" + call + ", result=" + result + ", error=" + error + ", failed=" + failed + ", sculptorTool=" + sculptorTool + "]";
    }
  }

  /**
   * The run ended.
   *
   * @param step the number of model calls made
   * @param run the result
   */
  record Finished(int step, AgentRun run) implements AgentEvent {
    /** Checks that the run is not null. */
    public Finished {
      Objects.requireNonNull(run, "run");
    }
  }
}
