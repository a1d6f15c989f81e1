package io.sculptor.examples.bench;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Fragment;
import io.sculptor.core.RoleFilter;
import io.sculptor.core.SearchQuery;
import io.sculptor.core.Summary;
import io.sculptor.core.TokenCounter;
import io.sculptor.examples.eval.Workloads;
import io.sculptor.openai.TiktokenCounter;
import io.sculptor.tools.ExtractiveSummarizer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jol.info.GraphLayout;

/**
 * Runs the JMH suite and the memory check, then writes {@code docs/benchmarks.md}: the table
 * (median and error of each benchmark), each target of the design with its ratio, the machine and
 * the command. Set {@code -Dsculptor.bench.quick=true} for a short smoke run, and
 * {@code -Dsculptor.bench.include=REGEX} to run only the benchmarks whose full names match (a
 * partial run skips the memory check and the targets it lacks numbers for, and writes its report to
 * the second path instead, so that it never replaces the full report).
 */
public final class BenchmarkSuite {
  private BenchmarkSuite() {}

  /**
   * Runs the suite.
   *
   * @param args the path of the full report (default {@code docs/benchmarks.md}) and of a partial
   *     run's report (default {@code target/benchmarks-partial.md})
   * @throws Exception if JMH fails or the report cannot be written
   */
  public static void main(String[] args) throws Exception {
    boolean quick = Boolean.getBoolean("sculptor.bench.quick");
    String include = System.getProperty("sculptor.bench.include", "").strip();
    boolean partial = !include.isEmpty() && !include.equals(".*");
    Path report = Path.of(partial ? (args.length > 1 ? args[1] : "target/benchmarks-partial.md")
        : args.length > 0 ? args[0] : "docs/benchmarks.md");
    Instant start = Instant.now();
    // No forks(...) here: a run-wide fork count would override the benchmarks' own @Fork (three for the
    // targets fold, search and referenceIndexOfScan), which the report states.
    ChainedOptionsBuilder options = new OptionsBuilder().shouldFailOnError(true);
    if (partial) {
      options.include(include);
    } else {
      options.include(ContextBenchmarks.class.getName() + ".*").include(SnapshotBenchmarks.class.getName() + ".*")
          .include(StoreBenchmarks.class.getName() + ".*").include(BranchBenchmarks.class.getName() + ".*");
    }
    if (quick) {
      options.forks(1).warmupIterations(1).warmupTime(TimeValue.milliseconds(200)).measurementIterations(2)
          .measurementTime(TimeValue.milliseconds(200));
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    Map<String, Result<?>> byName = new LinkedHashMap<>();
    for (RunResult run : results) {
      String workload = run.getParams().getParam("workload");
      String transcript = run.getParams().getParam("transcript");
      String name = run.getParams().getBenchmark().replaceFirst(".*\\.", "")
          + (workload != null ? "/" + workload : transcript != null ? "@" + transcript : "");
      byName.put(name, run.getPrimaryResult());
    }
    Memory memory = partial ? null : memory();
    Map<String, Long> allocations = byName.containsKey("returnFromBranch@100k") && byName.containsKey("returnFromBranch@1m")
        ? Map.of("100k", allocatedPerReturn("100k"), "1m", allocatedPerReturn("1m")) : Map.of();
    String markdown = markdown(byName, memory, allocations, Duration.between(start, Instant.now()), quick,
        partial ? include : null);
    Files.writeString(report, markdown);
    System.out.println(markdown);
    System.out.println("written to " + report.toAbsolutePath().normalize());
  }

  /**
   * {@return the bytes one {@code return} of {@link BranchBenchmarks} allocates on the transcript of
   * {@code size}}, averaged over 2,000 calls after 2,000 to warm up, from the thread's allocation
   * counter: unlike its time, this does not depend on what else the machine is doing
   */
  static long allocatedPerReturn(String size) {
    ContextState returning = BranchBenchmarks.returning(size);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int i = 0; i < 2_000; i++) {
      sink += BranchBenchmarks.TOOLKIT.execute(returning, "return", BranchBenchmarks.RETURN_ARGUMENTS).text().length();
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 2_000; i++) {
      sink += BranchBenchmarks.TOOLKIT.execute(returning, "return", BranchBenchmarks.RETURN_ARGUMENTS).text().length();
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    if (sink == 0) {
      throw new IllegalStateException("no return result");
    }
    return allocated / 2_000;
  }

  /** Retained heap of a state after 1,000 mixed operations, and of its conversation alone. */
  record Memory(long conversationBytes, long stateBytes, int operations, int fragments, int searchHits) {
    double overhead() {
      return (double) (stateBytes - conversationBytes) / conversationBytes;
    }
  }

  static Memory memory() {
    Conversation conversation = Workloads.transcript1m();
    TokenCounter counter = TiktokenCounter.o200k();
    ContextState state = ContextState.of(conversation, 1, counter);
    ExtractiveSummarizer summarizer = ExtractiveSummarizer.create();
    Random random = new Random(7);
    List<String> words = List.of("WARN", "basket", "harbor", "finished", "the old mill", "quiet valley");
    for (int i = 0; i < 1000; i++) {
      List<Fragment> fragments = state.fragments();
      Fragment any = fragments.isEmpty() ? null : fragments.get(random.nextInt(fragments.size()));
      switch (random.nextInt(5)) {
        case 0 -> {
          int m = 1 + random.nextInt(conversation.size() - 1);
          state = state.fragmentMessages(m, m + 1, RoleFilter.ALL, 1 + random.nextInt(3)).state();
        }
        case 1 -> state = any == null ? state : state.fold(any.id()).state();
        case 2 -> state = any == null ? state : state.restore(any.id()).state();
        case 3 -> {
          if (any != null) {
            String text = state.originalText(any.id()).orElseThrow();
            String summary = summarizer.summarize(text, "errors");
            if (!summary.isBlank()) {
              state = state.summarize(any.id(), new Summary(summary, "errors")).state();
            }
          }
        }
        default -> state = state.search(SearchQuery.of(words.get(random.nextInt(words.size())), RoleFilter.ALL, 10, 200))
            .state();
      }
    }
    long conversationBytes = GraphLayout.parseInstance(conversation).totalSize();
    long stateBytes = GraphLayout.parseInstance(state).subtract(GraphLayout.parseInstance(counter)).totalSize();
    return new Memory(conversationBytes, stateBytes, 1000, state.fragments().size(), state.searchResultIds().size());
  }

  private static String markdown(Map<String, Result<?>> results, Memory memory, Map<String, Long> allocations,
      Duration took, boolean quick, String include) throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n")
        .append("<!-- Written by sculptor-examples/src/jmh/java/io/sculptor/examples/bench/BenchmarkSuite.java;"
            + " rerun the command below to refresh. -->\n\n")
        .append("Every Sculptor operation on the two workloads of the design's performance targets, measured"
            + " with JMH, with the reference points measured in the same run. Ratios compare numbers from this"
            + " one run, because the machines are shared and noisy.\n\n")
        .append("- `stream64k`: a PI-LLM key-value update stream of about 64K tokens in one user message"
            + " (46 keys × 208 updates), fragmented into 10.\n")
        .append("- `transcript1m`: an agent transcript of about 1M tokens in 2,001 messages (user requests,"
            + " assistant messages calling `read_file`, large tool results, replies), with 10 tool results"
            + " fragmented one fragment each.\n")
        .append("- Token counts are tiktoken `o200k_base` (jtokkit). Eight of the ten fragments are folded in the"
            + " states that render, search, restore, snapshot and step.\n\n");
    if (quick) {
      md.append("**This is a quick smoke run (`-Dsculptor.bench.quick=true`): too few iterations for"
          + " conclusions.**\n\n");
    }
    if (include != null) {
      md.append("**This is a partial run of the benchmarks matching `").append(include).append("`.**\n\n")
          .append("## Command\n\n```\n").append(partialCommand(include)).append("\n```\n\n")
          .append(String.format(Locale.ROOT, "It took %d min %d s.%n%n", took.toMinutes(), took.toSecondsPart()));
    } else {
      md.append("## Command\n\n```\nmvn -B -q -P benchmarks -DskipTests -pl sculptor-examples -am package exec:exec\n```\n\n")
          .append(String.format(Locale.ROOT, "The whole suite took %d min %d s (JMH: 3 warm-up and 8"
              + " measurement iterations of 1 s per fork, 3 and 5 of 2 s for the snapshots of 100,000 fragments;"
              + " 1 fork per benchmark, 3 for `fold`, `search` and `referenceIndexOfScan`, whose ratios are"
              + " targets).%n%n", took.toMinutes(), took.toSecondsPart()));
    }
    md.append("## Machine\n\n").append(machine()).append('\n');
    List<String> names = results.keySet().stream().filter(k -> k.contains("/"))
        .map(k -> k.substring(0, k.indexOf('/'))).distinct().toList();
    if (names.isEmpty()) {
      return md.append(snapshotSection(results)).append(branchSection(results, allocations)).toString();
    }

    md.append("## Results (µs per operation: median of the measurement iterations, ± JMH's 99.9% error)\n\n")
        .append("| benchmark | stream64k | transcript1m |\n|---|---:|---:|\n");
    for (String name : names) {
      md.append("| `").append(name).append("` | ").append(cell(results.get(name + "/stream64k"))).append(" | ")
          .append(cell(results.get(name + "/transcript1m"))).append(" |\n");
    }

    md.append("\n## Targets (DESIGN §7)\n\n| target | measured | ratio | met |\n|---|---|---:|:---:|\n");
    ratioTarget(md, results, "Folding one fragment of the 1M-token transcript costs within 2× of folding one in the"
        + " 64K stream", "fold/transcript1m", "fold/stream64k", 2.0);
    for (String workload : List.of("stream64k", "transcript1m")) {
      ratioTarget(md, results, "Search within 1.5× of a plain `String.indexOf` scan (" + workload + ")",
          "search/" + workload, "referenceIndexOfScan/" + workload, 1.5);
    }
    for (String workload : List.of("stream64k", "transcript1m")) {
      if (has(results, "foldAndCountTokens/" + workload, "referenceFullTokenCount/" + workload)) {
        double edit = median(results.get("foldAndCountTokens/" + workload));
        double recount = median(results.get("referenceFullTokenCount/" + workload));
        md.append("| One edit plus the updated token count, against a full tiktoken recount of the view (")
            .append(workload).append(") | ").append(micros(edit)).append(" vs ").append(micros(recount)).append(" | ")
            .append(String.format(Locale.ROOT, "%.4f (%.0f× cheaper)", edit / recount, recount / edit)).append(" | ")
            .append(edit < recount / 10 ? "yes" : "no").append(" |\n");
      }
    }
    underOneMillisecond(md, results, "One edit plus the updated token count under 1 ms on the 1M-token transcript",
        "foldAndCountTokens/transcript1m");
    underOneMillisecond(md, results, "`fragment_context` into ten on the 64K-token stream under 1 ms",
        "fragment/stream64k");
    ratioTarget(md, results, "`fragment_context` on the 1M-token transcript within 2× of the 64K-token stream",
        "fragment/transcript1m", "fragment/stream64k", 2.0);
    ratioTarget(md, results, "Loading a 1M-token snapshot within 10% of a full tiktoken recount",
        "snapshotRead/transcript1m", "referenceFullOriginalCount/transcript1m", 0.10);
    for (String workload : List.of("stream64k", "transcript1m")) {
      ratioTarget(md, results, "Appending a message within 1.5× of counting its tokens (" + workload + ")",
          "append/" + workload, "referenceCountOneMessage/" + workload, 1.5);
    }
    for (String workload : List.of("stream64k", "transcript1m")) {
      ratioTarget(md, results, "A store save after one append costs within 3× of inserting that message's row"
          + " (embedded H2, " + workload + ")", "saveAfterAppend/" + workload, "referenceInsertOneRow/" + workload, 3.0);
    }
    ratioTarget(md, results, "A store save after one append does not grow with the conversation (1M-token transcript"
        + " vs 64K stream)", "saveAfterAppend/transcript1m", "saveAfterAppend/stream64k", 2.0);
    if (memory != null) {
      target(md, String.format(Locale.ROOT, "Retained heap after %,d mixed operations on the 1M-token transcript"
              + " under 10%% over the conversation alone", memory.operations()),
          String.format(Locale.ROOT, "%,d bytes vs %,d bytes (%,d fragments, %,d search hits kept)", memory.stateBytes(),
              memory.conversationBytes(), memory.fragments(), memory.searchHits()), memory.stateBytes()
              / (double) memory.conversationBytes(), 1.10);
    }
    snapshotTarget(md, results);
    md.append("\nEach ratio is the first measured number divided by the second, with the limit in parentheses."
        + " The memory ratio is the state's retained bytes (its token counter excluded) divided by the"
        + " conversation's, measured with JOL's object-graph walk.\n");
    md.append("\n").append(snapshotSection(results));
    md.append("\n").append(branchSection(results, allocations));
    md.append("\n").append(notes(results));
    return md.toString();
  }

  private static final String WRITE_100K = "write100kFragments";
  private static final String READ_100K = "read100kFragments";

  private static String partialCommand(String include) {
    return "mvn -B -q -P benchmarks -DskipTests -pl sculptor-examples -am package exec:exec \\\n"
        + "    -Dsculptor.bench.include=" + include;
  }

  /** The target row for the snapshots of 100,000 fragments, when both were measured. */
  private static void snapshotTarget(StringBuilder md, Map<String, Result<?>> results) {
    if (has(results, WRITE_100K, READ_100K)) {
      double write = median(results.get(WRITE_100K));
      double read = median(results.get(READ_100K));
      target(md, "Loading a snapshot of 100,000 fragments within 5× of writing it",
          number(read) + " ms vs " + number(write) + " ms", read / write, 5.0);
    }
  }

  /** The section on writing and loading a snapshot of 100,000 fragments, or nothing when not measured. */
  private static String snapshotSection(Map<String, Result<?>> results) {
    if (!has(results, WRITE_100K) && !has(results, READ_100K)) {
      return "";
    }
    StringBuilder md = new StringBuilder("## Snapshots of 100,000 fragments (ms per operation: median ± JMH's"
        + " 99.9% error)\n\n")
        .append("`SnapshotBenchmarks`: 100 user messages of 1,000 lines (4.6 million characters); in each, one"
            + " fragment over the message (folded in every other message) and 999 nested in it, made by"
            + " `fragmentMessages`; one summarized in every tenth message. Token totals use the dependency-free"
            + " estimator, whose counts the snapshot stores, so that the numbers measure the snapshot's structure."
            + " Loading parses the JSON, checks the checksum and every invariant of the core (the nesting check"
            + " sorts and sweeps the spans of each message), and reuses the stored counts.\n\n")
        .append("| benchmark | ms |\n|---|---:|\n")
        .append("| `").append(WRITE_100K).append("` | ").append(cell(results.get(WRITE_100K))).append(" |\n")
        .append("| `").append(READ_100K).append("` | ").append(cell(results.get(READ_100K))).append(" |\n");
    if (has(results, WRITE_100K, READ_100K) && results.keySet().stream().noneMatch(k -> k.contains("/"))) {
      md.append("\n| target | measured | ratio | met |\n|---|---|---:|:---:|\n");
      snapshotTarget(md, results);
    }
    return md.toString();
  }

  /**
   * The section on {@code return} at two sizes of conversation, or nothing when not measured;
   * {@code allocations} are the bytes one return allocates, by size, when measured.
   */
  private static String branchSection(Map<String, Result<?>> results, Map<String, Long> allocations) {
    List<String> names = List.of("returnFromBranch", "referenceIndexOfScan");
    if (names.stream().noneMatch(n -> has(results, n + "@100k") || has(results, n + "@1m"))) {
      return "";
    }
    StringBuilder md = new StringBuilder("## Branch and return (µs per operation: median ± JMH's 99.9% error)\n\n")
        .append("`BranchBenchmarks`: the transcript of the workloads above at 100K tokens (201 messages) or 1M tokens"
            + " (2,001 messages), followed by the same branch: a `branch` call and its answer, " + BranchBenchmarks.BRANCH_STEPS
            + " `read_file` calls with results of about 500 tokens, and an assistant message calling `return`."
            + " `returnFromBranch` runs that call through the toolkit: it reads the conversation back to the"
            + " branch, makes one fragment of the branch's messages, summarizes it with the return message and"
            + " counts those messages again (tiktoken `o200k_base`). `referenceIndexOfScan` is a plain"
            + " `String.indexOf` over every message, what any step that looks at the whole conversation costs."
            + " JMH: 6 warm-up and 10 measurement iterations of 1 s, 1 fork. The bytes a `return` allocates are"
            + " read from the thread's allocation counter over 2,000 calls after 2,000 to warm up: unlike the"
            + " times, they do not depend on what else the machine is doing. What grows with the conversation is"
            + " a reference per message (the per-message index of fragments, copied once when the fragment is"
            + " made) and one per 64 messages for each message counted again (the chunked token totals): about"
            + " 9 KB at 2,001 messages.\n\n")
        .append("| benchmark | 100K tokens | 1M tokens | 1M / 100K |\n|---|---:|---:|---:|\n");
    for (String name : names) {
      md.append("| `").append(name).append("` | ").append(cell(results.get(name + "@100k"))).append(" | ")
          .append(cell(results.get(name + "@1m"))).append(" | ")
          .append(has(results, name + "@100k", name + "@1m") ? String.format(Locale.ROOT, "%.2f",
              median(results.get(name + "@1m")) / median(results.get(name + "@100k"))) : "-").append(" |\n");
    }
    if (allocations.size() == 2) {
      long small = allocations.get("100k");
      long large = allocations.get("1m");
      md.append(String.format(Locale.ROOT, "| bytes allocated per `return` | %,d | %,d | %.2f |%n", small, large,
          large / (double) small));
    }
    if (has(results, "returnFromBranch@100k", "returnFromBranch@1m")) {
      md.append("\n| target | measured | ratio | met |\n|---|---|---:|:---:|\n");
      ratioTarget(md, results, "`return` from the same branch costs O(branch), not O(conversation): on the 1M-token"
          + " transcript within 2× of the 100K-token one", "returnFromBranch@1m", "returnFromBranch@100k", 2.0);
    }
    return md.toString();
  }

  private static boolean has(Map<String, Result<?>> results, String... names) {
    for (String name : names) {
      if (results.get(name) == null) {
        return false;
      }
    }
    return true;
  }

  private static String notes(Map<String, Result<?>> results) {
    return "## Reading the numbers\n\n"
        + "- `fold` and `foldAndCountTokens` count the touched message again as the view shows it, so that the"
        + " view's total is exact under any tokenizer (a marker that cuts a word or a BPE token across a span's"
        + " edge made per-span sums drift). On the transcript a message is a few hundred tokens: microseconds."
        + " On the stream the one message holds all 64K tokens, so a fold there costs one count of that"
        + " message, about what a recount of the unfolded message costs; the row that compares it with a"
        + " recount of the *folded* view (8 of 10 pieces hidden, a fraction of the tokens) therefore says no."
        + " That is the price of exact totals for a single huge message, and a model's tool call costs far more."
        + " The per-message totals are kept in chunks of 64, so a new state copies one chunk and a table of"
        + " n / 64 references rather than all n totals.\n"
        + "- `search` does the floor's scan, counting every match, and then builds the first `max_results` (10)"
        + " hits: snippets of 200 characters either side, ids, and which fragment hides each. That is a fixed"
        + " few microseconds, visible against the 15 µs scan of the 64K stream and lost in the noise of the"
        + " transcript's scan.\n"
        + "- `fragment` counts nothing: it finds the markers and the cut points and records the spans, so it"
        + " costs in proportion to the characters it scans for cut points, not to their tokens.\n"
        + "- `renderView` returns unchanged messages as they are and builds only the messages with hidden"
        + " text, so on the transcript it is far cheaper than copying the contents; on the stream, whose one"
        + " message is mostly hidden, it builds a message a fraction of the stream's size.\n"
        + "- `snapshotRead` counts nothing: the snapshot stores every message's counts under the counter's"
        + " encoding (`tiktoken:o200k_base/openai-chat-1`), so loading parses the JSON, checks the checksum and"
        + " every invariant, and rebuilds; `referenceFullOriginalCount` is what loading cost when it recounted.\n"
        + "- The store rows are on the embedded H2 database (a file in a temporary folder); a save after an append"
        + " is two statements in one transaction, so it costs about two single-row writes and a commit.\n"
        + "- `agentStep` renders the view, calls a model that answers at once, and appends the answer: on the"
        + " transcript most of it is the per-message work of rendering 2,001 messages.\n";
  }

  /** The row "{@code numerator} within {@code limit} × {@code denominator}", when both were measured. */
  private static void ratioTarget(StringBuilder md, Map<String, Result<?>> results, String what, String numerator,
      String denominator, double limit) {
    if (has(results, numerator, denominator)) {
      double measured = median(results.get(numerator));
      double reference = median(results.get(denominator));
      target(md, what, micros(measured) + " vs " + micros(reference), measured / reference, limit);
    }
  }

  /** The row "{@code name} under 1 ms", when it was measured. */
  private static void underOneMillisecond(StringBuilder md, Map<String, Result<?>> results, String what, String name) {
    if (has(results, name)) {
      double measured = median(results.get(name));
      target(md, what, micros(measured) + " vs 1,000 µs", measured / 1000.0, 1.0);
    }
  }

  private static void target(StringBuilder md, String what, String measured, double ratio, double limit) {
    md.append("| ").append(what).append(" | ").append(measured).append(" | ")
        .append(String.format(Locale.ROOT, "%.2f (limit %.2f)", ratio, limit)).append(" | ")
        .append(ratio <= limit ? "yes" : "**no**").append(" |\n");
  }

  private static double median(Result<?> result) {
    return result.getStatistics().getPercentile(50);
  }

  private static String cell(Result<?> result) {
    if (result == null) {
      return "-";
    }
    return String.format(Locale.ROOT, "%s ± %s", number(median(result)), number(result.getScoreError()));
  }

  private static String micros(double value) {
    return number(value) + " µs";
  }

  private static String number(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    if (value >= 100) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    if (value >= 1) {
      return String.format(Locale.ROOT, "%.2f", value);
    }
    return String.format(Locale.ROOT, "%.3f", value);
  }

  private static String machine() throws IOException {
    StringBuilder out = new StringBuilder();
    String cpu = "unknown";
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.exists(cpuinfo)) {
      cpu = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
    }
    long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize();
    out.append("- CPU: ").append(cpu).append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores\n")
        .append(String.format(Locale.ROOT, "- Memory: %.0f GiB%n", memory / (1024.0 * 1024 * 1024)))
        .append("- OS: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
        .append(' ').append(System.getProperty("os.arch")).append('\n')
        .append("- JVM: ").append(System.getProperty("java.vm.name")).append(' ')
        .append(System.getProperty("java.runtime.version")).append(" (benchmarks fork with -Xmx4g)\n");
    return out.toString();
  }
}
