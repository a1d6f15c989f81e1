package io.sculptor.agent;

import io.sculptor.core.Message;
import io.sculptor.model.ToolSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The recorded model calls of one agent run, and the training samples they give under the
 * paper's conditional trajectory collection with incremental loss assignment (Algorithm 1,
 * Appendix E). Value semantics, immutable, thread-safe.
 *
 * @param steps the model calls in order; the last one is the final answer
 * @param tools the tools offered during the run
 * @since 0.1
 */
public record Trajectory(List<TrajectoryStep> steps, List<ToolSpec> tools) {
  /** Copies the lists. */
  public Trajectory {
    steps = List.copyOf(steps);
    tools = List.copyOf(tools);
  }

  /**
   * {@return the training samples of Algorithm 1}: a sample ends at every completion that calls a
   * context-modifying tool (it includes that call's tool results) and at the final completion.
   * Each sample starts from the context the first of its completions saw — the context as changed
   * by the previous context-modifying calls — and carries loss exactly on the completions that no
   * earlier sample trained, so every completion is trained exactly once. A budget policy that
   * changed the view before a call also ends the sample before that call, because the completions
   * after it saw a different context.
   */
  public List<TrainingSample> trainingSamples() {
    List<TrainingSample> samples = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).contextChangedBefore() && start < i) {
        samples.add(sample(start, i - 1));
        start = i;
      }
      if (steps.get(i).contextModifying() || i == steps.size() - 1) {
        samples.add(sample(start, i));
        start = i + 1;
      }
    }
    return Collections.unmodifiableList(samples);
  }

  private TrainingSample sample(int from, int to) {
    List<Message> messages = new ArrayList<>(steps.get(from).request());
    List<Boolean> trained = new ArrayList<>(Collections.nCopies(messages.size(), false));
    for (int j = from; j <= to; j++) {
      messages.add(steps.get(j).completion());
      trained.add(true);
      for (Message result : steps.get(j).toolResults()) {
        messages.add(result);
        trained.add(false);
      }
    }
    return new TrainingSample(messages, trained, tools);
  }
}
