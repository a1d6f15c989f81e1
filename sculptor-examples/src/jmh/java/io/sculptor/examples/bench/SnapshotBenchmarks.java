package io.sculptor.examples.bench;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Fragment;
import io.sculptor.core.Message;
import io.sculptor.core.RoleFilter;
import io.sculptor.core.Summary;
import io.sculptor.core.TokenCounter;
import io.sculptor.store.ContextSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing and loading a snapshot of 100,000 fragments: loading must stay within 5× of writing,
 * which a check of every pair of fragments in a message (quadratic) missed by orders of magnitude.
 *
 * <p>The state: 100 user messages of 1,000 lines; in each, one fragment over the whole message
 * (folded in every other message) and 999 nested in it, made by {@code fragmentMessages} as a
 * policy would, a few of them summarized. Token totals use the dependency-free estimator, so that
 * the numbers measure the snapshot's structure; {@code ContextBenchmarks.snapshotRead} measures a
 * tiktoken recount.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class SnapshotBenchmarks {
  /** Messages in the conversation. */
  static final int MESSAGES = 100;
  /** Fragments per message: one over it and the others nested in it. */
  static final int PER_MESSAGE = 1000;

  private final TokenCounter counter = TokenCounter.estimator();
  private ContextState state;
  private String json;

  @Setup(Level.Trial)
  public void setUp() {
    state = hundredThousandFragments(counter);
    json = ContextSnapshots.toJson(state);
    if (state.fragments().size() != MESSAGES * PER_MESSAGE
        || !ContextSnapshots.fromJson(json, counter).equals(state)) {
      throw new IllegalStateException("the benchmark state is not what it should be: " + state);
    }
  }

  static ContextState hundredThousandFragments(TokenCounter counter) {
    List<Message> messages = new ArrayList<>();
    for (int m = 0; m < MESSAGES; m++) {
      StringBuilder text = new StringBuilder();
      for (int line = 0; line < PER_MESSAGE; line++) {
        text.append(String.format(Locale.ROOT, "message %03d line %04d: status ok, value %05d\n", m, line,
            (m * 7919L + line * 104_729L) % 100_000));
      }
      messages.add(Message.user(text.toString()));
    }
    ContextState state = ContextState.of(Conversation.of(messages), 1, counter);
    for (int m = 0; m < MESSAGES; m++) {
      state = state.fragmentMessages(m, m + 1, RoleFilter.ALL, 1).state();
      Fragment outer = state.fragments().get(state.fragments().size() - 1);
      state = state.fragmentMessages(m, m + 1, RoleFilter.ALL, PER_MESSAGE - 1).state();
      if (m % 2 == 1) {
        state = state.fold(outer.id()).state();
      } else if (m % 10 == 0) {
        Fragment inner = state.fragments().get(state.fragments().size() - 1);
        state = state.summarize(inner.id(), new Summary("a status line", "status")).state();
      }
    }
    return state;
  }

  /** Writes the state as a versioned, checksummed JSON snapshot. */
  @Benchmark
  public String write100kFragments() {
    return ContextSnapshots.toJson(state);
  }

  /** Loads the snapshot: parsing, checksum, every check of the core, token totals. */
  @Benchmark
  public ContextState read100kFragments() {
    return ContextSnapshots.fromJson(json, counter);
  }
}
