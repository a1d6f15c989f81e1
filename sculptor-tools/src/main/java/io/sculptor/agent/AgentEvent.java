package io.sculptor.agent;

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
   */
  record ModelCalled(int step, int messages, long viewTokens, ToolChoice toolChoice) implements AgentEvent {
    /** Checks that the tool choice is not null. */
    public ModelCalled {
      Objects.requireNonNull(toolChoice, "toolChoice");
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
   * @param step the step
   * @param call the call
   * @param result the text the model will read
   * @param error the error code of a failed Sculptor call; empty otherwise
   * @param failed whether the call failed (a Sculptor error, an application tool that threw, or an
   *     unknown tool)
   * @param sculptorTool whether it was one of the six Sculptor tools
   */
  record ToolExecuted(int step, ToolCall call, String result, Optional<ToolErrorCode> error, boolean failed,
      boolean sculptorTool) implements AgentEvent {
    /** Checks that nothing is null. */
    public ToolExecuted {
      Objects.requireNonNull(call, "call");
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(error, "error");
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
