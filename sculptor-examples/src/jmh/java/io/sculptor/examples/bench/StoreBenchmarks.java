package io.sculptor.examples.bench;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.TokenCounter;
import io.sculptor.examples.eval.Workloads;
import io.sculptor.openai.TiktokenCounter;
import io.sculptor.store.ContextSnapshots;
import io.sculptor.store.StoredContext;
import io.sculptor.store.jdbc.JdbcContextStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcConnectionPool;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JDBC store on its embedded default (an H2 file in a temporary folder): a save after one
 * appended message, against inserting that one message's row in its own transaction, on the 64K
 * stream and the 1M-token transcript; and loading each conversation with the token counts stored
 * under o200k (nothing is counted again).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// H2 takes a few thousand commits to reach its steady state, more than the suite's usual warm-up.
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class StoreBenchmarks {
  @Param({"stream64k", "transcript1m"})
  public String workload;

  private final TokenCounter counter = TiktokenCounter.o200k();
  private Path dir;
  private JdbcConnectionPool pool;
  private JdbcContextStore store;
  private StoredContext stored;
  private ContextState appended;
  private String row;
  private int referenceIndex;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("sculptor-store-bench");
    // The settings JdbcContextStore.embedded uses: every commit written before it returns.
    pool = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("store") + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000", "sa",
        "");
    store = JdbcContextStore.create(pool);
    Conversation conversation = workload.equals("stream64k") ? Workloads.keyValueStream64k() : Workloads.transcript1m();
    stored = store.create("bench", ContextState.of(conversation, 1, counter));
    row = ContextSnapshots.messageToJson(message(0));
  }

  private static Message message(long n) {
    return Message.user("Please check status_" + n + ".log and tell me whether the build step finished.");
  }

  @Setup(Level.Invocation)
  public void appendOne() {
    appended = stored.state().append(message(stored.state().original().size()));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    pool.dispose();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Saves the conversation after one appended message: the new rows and the conversation's version. */
  @Benchmark
  public StoredContext saveAfterAppend() {
    stored = store.save(stored, appended);
    return stored;
  }

  /** The reference: one message row inserted and committed, as the store writes it. */
  @Benchmark
  public int referenceInsertOneRow() throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement p = c.prepareStatement(
          "INSERT INTO sculptor_message (conversation_id, idx, body, crc) VALUES (?, ?, ?, ?)")) {
        p.setString(1, "reference");
        p.setInt(2, referenceIndex++);
        p.setString(3, row);
        p.setLong(4, 0);
        int rows = p.executeUpdate();
        c.commit();
        return rows;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /** Loads the conversation with o200k counts stored: every row read, checked and rebuilt, nothing counted. */
  @Benchmark
  public StoredContext load() {
    return store.load("bench", counter).orElseThrow();
  }
}
