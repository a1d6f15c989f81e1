package io.sculptor.agent;

import io.sculptor.core.Message;
import io.sculptor.tools.SculptorTools;
import java.util.List;
import java.util.Objects;

/**
 * One model call of an agent run, as recorded for training: what the model saw, what it answered,
 * and the tool results that followed.
 *
 * @param request the messages sent to the model (the view at that moment)
 * @param completion the assistant message the model produced
 * @param toolResults the tool messages appended after it, in order; empty for the final answer
 * @param contextModifying whether the completion called a context-modifying tool
 *     ({@link SculptorTools#CONTEXT_MODIFYING}, and {@code branch} and {@code return} when the agent
 *     runs them)
 * @param contextChangedBefore whether a budget policy changed the view just before this call
 * @since 0.1
 */
public record TrajectoryStep(List<Message> request, Message completion, List<Message> toolResults,
    boolean contextModifying, boolean contextChangedBefore) {
  /** Copies the lists and checks that nothing is null. */
  public TrajectoryStep {
    request = List.copyOf(request);
    Objects.requireNonNull(completion, "completion");
    toolResults = List.copyOf(toolResults);
  }
}
