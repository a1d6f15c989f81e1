package io.sculptor.agent.internal;

import io.sculptor.agent.AgentEvent;
import io.sculptor.agent.AgentListener;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.core.ContextState;
import io.sculptor.core.Fragment;
import io.sculptor.core.FragmentId;
import io.sculptor.core.FragmentStatus;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ToolChoice;
import io.sculptor.model.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one agent run: hands each event to the application's listeners, shielding the run from
 * a listener that throws, and writes the run's log lines — one INFO line per run, one DEBUG line
 * per step — under the logger of {@link ContextAgent}. Not thread-safe: one per run, used by the
 * thread that runs it.
 */
public final class RunObserver {
  private static final Logger LOG = LoggerFactory.getLogger(ContextAgent.class);

  private final List<AgentListener> listeners;
  private final long startNanos = System.nanoTime();
  private int step;
  private AgentEvent.ModelCalled called;
  private AgentEvent.ModelResponded responded;
  private final List<AgentEvent.ToolExecuted> executed = new ArrayList<>();
  private int failedToolCalls;

  /** Creates an observer that notifies {@code listeners}, in order. */
  public RunObserver(List<AgentListener> listeners) {
    this.listeners = Objects.requireNonNull(listeners, "listeners");
  }

  /** Notes that the run begins {@code step}, so that a failure before its first event names it. */
  public void beginStep(int step) {
    this.step = step;
  }

  /** {@return the step the run is at: 0 before the first step} */
  public int step() {
    return step;
  }

  /** Logs {@code event} and hands it to every listener; a listener that throws is logged at WARN and skipped. */
  public void emit(AgentEvent event) {
    track(event);
    for (AgentListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("agent listener [{}] failed on {} at step {}; the run goes on", listener,
            event.getClass().getSimpleName(), event.step(), e);
      }
    }
  }

  private void track(AgentEvent event) {
    if (event instanceof AgentEvent.ModelCalled c) {
      called = c;
      responded = null;
      executed.clear();
    } else if (event instanceof AgentEvent.ModelResponded r) {
      responded = r;
      stepEndedIfComplete();
    } else if (event instanceof AgentEvent.ToolExecuted t) {
      executed.add(t);
      failedToolCalls += t.failed() ? 1 : 0;
      stepEndedIfComplete();
    } else if (event instanceof AgentEvent.Finished f) {
      logFinished(f.run());
    } else if (event instanceof AgentEvent.Failed f) {
      LOG.info("agent run failed at step {} after {} ms: {}", f.step(), millisSince(startNanos),
          f.failure().getMessage() == null ? f.failure().getClass().getName() : f.failure().getMessage());
    }
  }

  /** A step ends when every tool call of the model's answer has a result. */
  private void stepEndedIfComplete() {
    if (called == null || responded == null || executed.size() < responded.message().toolCalls().size()
        || !LOG.isDebugEnabled()) {
      return;
    }
    ChatResponse response = responded.response();
    Usage usage = response.usage();
    StringBuilder line = new StringBuilder(256).append(String.format(Locale.ROOT,
        "step %d: %d messages, view %d of %d tokens, tool choice %s; model answered in %d ms",
        called.step(), called.messages(), called.viewTokens(), called.originalTokens(), describe(called.toolChoice()),
        responded.latency().toMillis()));
    responded.timeToFirstChunk().ifPresent(t -> line.append(" (first chunk ").append(t.toMillis()).append(" ms)"));
    line.append(String.format(Locale.ROOT, ": %d prompt + %d completion tokens", usage.promptTokens(),
        usage.completionTokens()));
    response.model().ifPresent(m -> line.append(", model ").append(m));
    if (!response.finishReasons().isEmpty()) {
      line.append(", finish ").append(String.join(",", response.finishReasons()));
    }
    response.requestId().ifPresent(id -> line.append(", request ").append(id));
    if (!executed.isEmpty()) {
      Duration tools = executed.stream().map(AgentEvent.ToolExecuted::latency).reduce(Duration.ZERO, Duration::plus);
      line.append("; tools [");
      for (int i = 0; i < executed.size(); i++) {
        AgentEvent.ToolExecuted t = executed.get(i);
        line.append(i == 0 ? "" : ", ").append(t.call().name()).append(t.failed() ? " failed" : "");
      }
      line.append("] in ").append(tools.toMillis()).append(" ms");
    }
    LOG.debug(line.toString());
  }

  private void logFinished(AgentRun run) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    Usage usage = run.usage();
    ContextState state = run.state();
    int toolCalls = run.toolUsage().total();
    LOG.info(String.format(Locale.ROOT,
        "agent run %s after %s in %d ms: %d prompt + %d completion tokens (%d cached), "
            + "view %d of %d tokens, %s %s, %d failed",
        run.stopReason() == AgentRun.StopReason.ANSWERED ? "answered" : "reached the step cap",
        count(run.modelCalls(), "model call"), millisSince(startNanos), usage.promptTokens(),
        usage.completionTokens(), usage.cachedPromptTokens(), state.viewTokens(), state.originalTokens(),
        count(toolCalls, "tool call"), run.toolUsage().counts(), failedToolCalls));
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String describe(ToolChoice choice) {
    return choice instanceof ToolChoice.Mode mode ? mode.wireName() : "function " + ((ToolChoice.Function) choice).name();
  }

  private static long millisSince(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
  }

  /**
   * {@return how many fragments are folded, and how many summarized, in {@code after} that were not
   * so in {@code before}}: what a policy hid, as {@code {folded, summarized}}
   */
  public static int[] newlyHidden(ContextState before, ContextState after) {
    int[] changes = fragmentChanges(before, after);
    return new int[] {changes[0], changes[1]};
  }

  /**
   * {@return how the fragments of {@code after} differ from those of {@code before}}, as
   * {@code {folded, summarized, restored}}: fragments folded, summarized, or visible again, that
   * were not so before (a fragment new in {@code after} was visible before)
   */
  public static int[] fragmentChanges(ContextState before, ContextState after) {
    Map<FragmentId, FragmentStatus> was = new HashMap<>();
    for (Fragment fragment : before.fragments()) {
      was.put(fragment.id(), fragment.status());
    }
    int folded = 0;
    int summarized = 0;
    int restored = 0;
    for (Fragment fragment : after.fragments()) {
      FragmentStatus status = fragment.status();
      FragmentStatus earlier = was.get(fragment.id());
      if (status.equals(earlier)) {
        continue;
      }
      if (status instanceof FragmentStatus.Folded) {
        folded++;
      } else if (status instanceof FragmentStatus.Summarized) {
        summarized++;
      } else if (earlier != null && earlier.hidesOriginal()) {
        restored++;
      }
    }
    return new int[] {folded, summarized, restored};
  }
}
