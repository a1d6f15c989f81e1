package io.sculptor.examples.bench;

import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.FragmentId;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.RoleFilter;
import io.sculptor.core.SearchQuery;
import io.sculptor.core.SearchResultId;
import io.sculptor.core.Summary;
import io.sculptor.core.TokenCounter;
import io.sculptor.examples.eval.Workloads;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.Usage;
import io.sculptor.openai.TiktokenCounter;
import io.sculptor.store.ContextSnapshots;
import io.sculptor.tools.ExtractiveSummarizer;
import java.util.Optional;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Every Sculptor operation on the two workloads of the design's targets, and the reference points
 * they are compared with in the same run: a plain {@code indexOf} scan (the floor for search),
 * copying the contents once (the floor for rendering) and a full tiktoken count of the view (what
 * keeping the count current must beat).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class ContextBenchmarks {
  /** {@code stream64k}: one 64K-token message; {@code transcript1m}: 1M tokens in 2,001 messages. */
  @Param({"stream64k", "transcript1m"})
  public String workload;

  private TokenCounter counter;
  private Conversation conversation;
  private ContextState base;
  private ContextState fragmented;
  private ContextState folded;
  private ContextState searched;
  private FragmentId target;
  private SearchQuery query;
  private SearchResultId hit;
  private Conversation foldedView;
  private String snapshot;
  private int fragmentFrom;
  private Message appended;
  private ContextAgent agent;
  private final ExtractiveSummarizer summarizer = ExtractiveSummarizer.create();

  @Setup(Level.Trial)
  public void setUp() {
    counter = TiktokenCounter.o200k();
    conversation = workload.equals("stream64k") ? Workloads.keyValueStream64k() : Workloads.transcript1m();
    base = ContextState.of(conversation, 1, counter);
    if (workload.equals("stream64k")) {
      fragmented = base.fragmentBetween("UPDATES BEGIN", "UPDATES END", RoleFilter.USER, 10).state();
      String content = conversation.get(0).content();
      int first = content.indexOf("UPDATES BEGIN\n") + 14;
      query = SearchQuery.of(content.substring(first, content.indexOf(':', first) + 2), RoleFilter.USER, 10, 200);
      fragmentFrom = 0;
    } else {
      ContextState s = base;
      for (int k = 0; k < 10; k++) {
        int toolMessage = 3 + 4 * (k * 50);
        s = s.fragmentMessages(toolMessage, toolMessage + 1, RoleFilter.ALL, 1).state();
      }
      fragmented = s;
      query = SearchQuery.of("WARN basket", RoleFilter.ALL, 10, 200);
      fragmentFrom = 3 + 4 * 499;
    }
    target = fragmented.fragments().get(3).id();
    ContextState f = fragmented;
    for (int k = 0; k < 8; k++) {
      f = f.fold(fragmented.fragments().get(k).id()).state();
    }
    folded = f;
    foldedView = folded.view();
    searched = folded.search(query).state();
    hit = searched.searchResultIds().get(searched.searchResultIds().size() - 1);
    snapshot = ContextSnapshots.toJson(folded);
    appended = Message.assistant("The build of module tools passed after the fix to the retry policy; next I will"
        + " rerun the integration tests of the adapter and then summarize what changed for the review.");
    agent = ContextAgent.builder(request -> ChatResponse.of(Message.assistant("ok"), Usage.UNKNOWN, Optional.empty()))
        .build();
  }

  /** Fragments the stream into ten, or one tool result of the transcript into ten. */
  @Benchmark
  public ContextState fragment() {
    return workload.equals("stream64k")
        ? base.fragmentBetween("UPDATES BEGIN", "UPDATES END", RoleFilter.USER, 10).state()
        : base.fragmentMessages(fragmentFrom, fragmentFrom + 1, RoleFilter.ALL, 10).state();
  }

  /** Folds one fragment; the result carries the updated view token total. Three forks: a target. */
  @Benchmark
  @Fork(value = 3, jvmArgsAppend = "-Xmx4g")
  public ContextState fold() {
    return fragmented.fold(target).state();
  }

  /** One edit and the updated token count of the view: what a budget check after each edit costs. */
  @Benchmark
  public long foldAndCountTokens() {
    return fragmented.fold(target).state().viewTokens();
  }

  /** Reference: a full tiktoken count of the view, what incremental counting must beat. */
  @Benchmark
  public long referenceFullTokenCount() {
    long total = 0;
    for (Message m : foldedView) {
      total += counter.countMessageOverhead(m) + counter.countTokens(m.content());
    }
    return total;
  }

  /** Summarizes one fragment with the extractive summarizer, as summarize_fragment does. */
  @Benchmark
  public ContextState summarize() {
    String text = fragmented.originalText(target).orElseThrow();
    return fragmented.summarize(target, new Summary(summarizer.summarize(text, "WARN errors"), "WARN errors")).state();
  }

  /** Restores one folded fragment. */
  @Benchmark
  public ContextState restore() {
    return folded.restore(target).state();
  }

  /** Searches the whole conversation, hidden parts included. Three forks: its ratio to the floor is a target. */
  @Benchmark
  @Fork(value = 3, jvmArgsAppend = "-Xmx4g")
  public ContextState search() {
    return folded.search(query).state();
  }

  /** Reference: the same scan with plain {@code String.indexOf}, the floor for search. */
  @Benchmark
  @Fork(value = 3, jvmArgsAppend = "-Xmx4g")
  public int referenceIndexOfScan() {
    String text = query.text();
    int count = 0;
    for (Message m : conversation) {
      if (m.role() == Role.SYSTEM || !query.roles().includes(m.role())) {
        continue;
      }
      String content = m.content();
      for (int at = content.indexOf(text); at >= 0; at = content.indexOf(text, at + text.length())) {
        count++;
      }
    }
    return count;
  }

  /** Shows one remembered hit with 500 characters of context. */
  @Benchmark
  public Object searchDetail() {
    return searched.searchDetail(hit, 500).value();
  }

  /** Renders the view of a state with eight folded fragments. */
  @Benchmark
  public void renderView(Blackhole blackhole) {
    for (Message m : folded.view()) {
      blackhole.consume(m.content().length());
    }
  }

  /** Reference: copying every message's content once, the floor for rendering. */
  @Benchmark
  public int referenceCopyContents() {
    StringBuilder copy = new StringBuilder((int) conversation.contentLength());
    for (Message m : conversation) {
      copy.append(m.content());
    }
    return copy.length();
  }

  /** Writes a whole state as a versioned JSON snapshot. */
  @Benchmark
  public String snapshotWrite() {
    return ContextSnapshots.toJson(folded);
  }

  /**
   * Reads a snapshot back. The snapshot stores the token counts under the counter's encoding, so
   * loading counts nothing: it parses, checks the checksum and every invariant, and rebuilds.
   */
  @Benchmark
  public ContextState snapshotRead() {
    return ContextSnapshots.fromJson(snapshot, counter);
  }

  /** Reference: a full tiktoken count of the original conversation, what loading used to cost. */
  @Benchmark
  public long referenceFullOriginalCount() {
    long total = 0;
    for (Message m : conversation) {
      total += counter.countMessageOverhead(m) + counter.countTokens(m.content());
    }
    return total;
  }

  /** Appends one typical message (an assistant reply) and keeps every total current. */
  @Benchmark
  public ContextState append() {
    return folded.append(appended);
  }

  /** Reference: counting that one message's tokens, the floor for an append. */
  @Benchmark
  public long referenceCountOneMessage() {
    return counter.countMessageOverhead(appended) + counter.countTokens(appended.content());
  }

  /** One agent-loop step with a model that answers at once: render, call, append. */
  @Benchmark
  public AgentRun agentStep() {
    return agent.run(folded);
  }
}
