package io.sculptor.examples.bench;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.ToolCall;
import io.sculptor.examples.eval.Workloads;
import io.sculptor.openai.TiktokenCounter;
import io.sculptor.tools.SculptorToolkit;
import io.sculptor.tools.ToolResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code return} costs what its branch costs, not what the conversation costs: the same branch of
 * {@value #BRANCH_STEPS} file reads closes a transcript of 100K tokens and one of 1M tokens, and a
 * plain scan of the whole conversation, what any step that looks at every message costs, is the
 * reference that grows with it. Six warm-up iterations, because the tokenizer's code is still being
 * compiled after three.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class BranchBenchmarks {
  /** The steps of the branch, each a {@code read_file} call and its result. */
  static final int BRANCH_STEPS = 10;

  /** The conversation before the branch: {@code 100k} (201 messages) or {@code 1m} (2,001 messages) tokens. */
  @Param({"100k", "1m"})
  public String transcript;

  /** The toolkit the benchmarks run {@code return} with. */
  static final SculptorToolkit TOOLKIT = SculptorToolkit.create().withBranchTools();
  /** The arguments of the {@code return} call. */
  static final String RETURN_ARGUMENTS = "{\"message\": \"All ten logs read: the build finished; 14 WARN lines,"
      + " none about the basket step.\"}";

  private ContextState returning;

  @Setup(Level.Trial)
  public void setUp() {
    returning = returning(transcript);
  }

  /**
   * {@return the transcript of {@code size} ({@code 100k} or {@code 1m}) tokens, then a branch of
   * {@value #BRANCH_STEPS} reads, then an assistant message calling {@code return}, not run yet}
   */
  static ContextState returning(String size) {
    Conversation base = size.equals("1m") ? Workloads.transcript1m() : Workloads.transcript(100_000, 201, 1);
    ContextState state = ContextState.of(base, 1, TiktokenCounter.o200k());
    state = call(state, "bench_branch", "branch",
        "{\"description\": \"check the build logs\", \"prompt\": \"read the ten logs and report every WARN\"}");
    // The same branch at both sizes: the reads of a small transcript of its own, under fresh call ids.
    List<Message> reads = Workloads.transcript(BRANCH_STEPS * 600, BRANCH_STEPS * 4 + 1, 2).messages();
    for (int step = 0; step < BRANCH_STEPS; step++) {
      ToolCall read = reads.get(2 + 4 * step).toolCalls().get(0);
      String id = "bench_" + read.id();
      state = state.append(Message.assistant("Reading the next log.", List.of(new ToolCall(id, read.name(),
          read.arguments()))));
      Message result = reads.get(3 + 4 * step);
      if (result.role() != Role.TOOL) {
        throw new IllegalStateException("expected a tool result, got " + result);
      }
      state = state.append(Message.tool(id, result.content()));
    }
    ContextState returning = state.append(Message.assistant("", List.of(
        new ToolCall("bench_return", "return", RETURN_ARGUMENTS))));
    ToolResult check = TOOLKIT.execute(returning, "return", RETURN_ARGUMENTS);
    if (!check.isSuccess() || check.state().fragments().size() != 1) {
      throw new IllegalStateException("the benchmark's return did not fold its branch: " + check.text());
    }
    return returning;
  }

  private static ContextState call(ContextState state, String id, String tool, String arguments) {
    ContextState asked = state.append(Message.assistant("", List.of(new ToolCall(id, tool, arguments))));
    ToolResult result = TOOLKIT.execute(asked, tool, arguments);
    return result.state().append(Message.tool(id, result.text()));
  }

  /** The model's {@code return}: find the branch, make its fragment, summarize it, count its messages again. */
  @Benchmark
  public ToolResult returnFromBranch() {
    return TOOLKIT.execute(returning, "return", RETURN_ARGUMENTS);
  }

  /** Reference: a plain {@code String.indexOf} scan of every message, what an O(conversation) step costs. */
  @Benchmark
  public int referenceIndexOfScan() {
    int found = 0;
    for (Message m : returning.original()) {
      found += m.content().indexOf("no such text in the transcript") >= 0 ? 1 : 0;
    }
    return found;
  }
}
