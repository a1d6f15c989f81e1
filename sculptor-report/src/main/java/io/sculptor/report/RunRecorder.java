package io.sculptor.report;

import io.sculptor.agent.AgentEvent;
import io.sculptor.agent.AgentListener;
import io.sculptor.agent.AgentRun;
import io.sculptor.core.ContextState;
import io.sculptor.core.Message;
import io.sculptor.core.StateSnapshot;
import io.sculptor.model.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Records agent runs: an {@link AgentListener} that, added to a
 * {@link io.sculptor.agent.ContextAgent.Builder#listener(AgentListener) ContextAgent}, turns the
 * events of each run into a {@link RunRecording} when the run finishes, and hands it to a
 * consumer (for example one that writes {@link RunRecording#toJson()} to a file) or keeps the
 * latest.
 *
 * <p>Per model call it keeps the state the view was rendered from, which the recording needs; the
 * token accounting (prompt and uncached prompt tokens, as {@link PromptAccounting} defines them) is
 * computed when the run finishes, with the run's token counter, at the cost of counting one changed
 * message per call. A run that fails with
 * an {@link io.sculptor.agent.AgentException} gives no recording.
 *
 * <p>Thread-safe: events arrive on the thread that runs the agent, and each thread's run is
 * recorded apart, so one recorder may serve an agent that runs on many threads at once. The
 * consumer is called on the thread whose run finished.
 *
 * @since 0.1
 */
public final class RunRecorder implements AgentListener {
  private final Consumer<? super RunRecording> consumer;
  private final ThreadLocal<List<Pending>> running = ThreadLocal.withInitial(ArrayList::new);
  private volatile RunRecording latest;

  private RunRecorder(Consumer<? super RunRecording> consumer) {
    this.consumer = consumer;
  }

  /** {@return a recorder that keeps the latest finished run, for {@link #latest()}} */
  public static RunRecorder create() {
    return new RunRecorder(recording -> { });
  }

  /** {@return a recorder that hands every finished run to {@code consumer}, and keeps the latest} */
  public static RunRecorder create(Consumer<? super RunRecording> consumer) {
    return new RunRecorder(Objects.requireNonNull(consumer, "consumer"));
  }

  /** {@return the recording of the run that finished last, on any thread; empty before the first} */
  public Optional<RunRecording> latest() {
    return Optional.ofNullable(latest);
  }

  @Override
  public void onEvent(AgentEvent event) {
    List<Pending> steps = running.get();
    if (event.step() == 1 && (event instanceof AgentEvent.PolicyApplied || event instanceof AgentEvent.ModelCalled)
        && !steps.isEmpty() && steps.get(steps.size() - 1).called != null) {
      // A new run on this thread; the previous one failed before it finished.
      steps.clear();
    }
    if (event instanceof AgentEvent.PolicyApplied policy) {
      pending(steps, policy.step()).policy = policy;
    } else if (event instanceof AgentEvent.ModelCalled called) {
      pending(steps, called.step()).called = called;
    } else if (event instanceof AgentEvent.ModelResponded responded) {
      pending(steps, responded.step()).responded = responded;
    } else if (event instanceof AgentEvent.ToolExecuted executed) {
      pending(steps, executed.step()).tools.add(executed);
    } else if (event instanceof AgentEvent.Finished finished) {
      List<Pending> recorded = List.copyOf(steps);
      running.remove();
      RunRecording recording = record(recorded, finished.run());
      latest = recording;
      consumer.accept(recording);
    }
  }

  private static Pending pending(List<Pending> steps, int step) {
    if (steps.isEmpty() || steps.get(steps.size() - 1).step != step) {
      steps.add(new Pending(step));
    }
    return steps.get(steps.size() - 1);
  }

  private static RunRecording record(List<Pending> pending, AgentRun run) {
    List<ToolSpec> tools = run.trajectory().tools();
    ContextState last = run.state();
    PromptAccounting accounting = PromptAccounting.of(last.tokenCounter());
    List<RecordedStep> steps = new ArrayList<>();
    for (Pending p : pending) {
      if (p.called == null || p.responded == null) {
        throw new IllegalStateException("step [" + p.step + "] of the run has no model call or response; was the"
            + " recorder added to the agent after the run started?");
      }
      ContextState state = p.called.state();
      accounting = accounting.record(state, tools);
      List<Message> view = state.view().messages();
      StateSnapshot full = state.snapshot();
      // Without the token counts: a recording stores its own accounting, not the counter's cache.
      StateSnapshot snapshot = StateSnapshot.of(full.conversation(), full.seed(), full.idsDrawn(), full.fragments(),
          full.searchHits(), full.pinned());
      RecordedStep.Builder step = RecordedStep.builder(p.step, snapshot, view, p.responded.message())
          .toolChoice(p.called.toolChoice())
          .usage(p.responded.usage())
          .tokens(state.viewTokens(), state.originalTokens(), accounting.lastCall().promptTokens(),
              accounting.lastCall().uncachedPromptTokens());
      if (p.policy != null) {
        step.policy(p.policy);
      }
      p.tools.forEach(step::toolCall);
      steps.add(step.build());
    }
    return RunRecording.of(last.original(), last.seed(), last.tokenCounter().encoding(), tools, steps, run.answer(),
        run.stopReason(), run.usage(), run.toolUsage());
  }

  @Override
  public String toString() {
    return "RunRecorder[latest=" + latest + "]";
  }

  /** The events of one step, as they arrive. */
  private static final class Pending {
    final int step;
    AgentEvent.PolicyApplied policy;
    AgentEvent.ModelCalled called;
    AgentEvent.ModelResponded responded;
    final List<AgentEvent.ToolExecuted> tools = new ArrayList<>();

    Pending(int step) {
      this.step = step;
    }
  }
}
