package io.sculptor.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Fragment;
import io.sculptor.core.FragmentStatus;
import io.sculptor.core.Message;
import io.sculptor.core.RoleFilter;
import io.sculptor.core.SearchQuery;
import io.sculptor.core.Summary;
import io.sculptor.core.ToolCall;
import io.sculptor.store.ConcurrentSaveException;
import io.sculptor.store.StoreException;
import io.sculptor.store.StoredContext;
import io.sculptor.store.jdbc.internal.Rows;
import io.sculptor.tools.BranchTools;
import io.sculptor.tools.SculptorToolkit;
import io.sculptor.tools.ToolResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every database under a {@link JdbcContextStore} must do; each database's test extends it
 * and says how to open a store (with its own connection pool, as a separate server would) and
 * how to reach the database directly.
 */
abstract class ContextStoreContract {
  private final List<JdbcContextStore> opened = new ArrayList<>();
  final CountingCounter counter = new CountingCounter("test-encoding");

  /** {@return a store with its own connection pool on this test's database} */
  abstract JdbcContextStore openStore();

  /** {@return a connection to this test's database, outside any store} */
  abstract Connection connect() throws SQLException;

  /**
   * Ends, from another connection, every session of this database that waits for a row lock (on a
   * server: terminates those backends; embedded: stops the database at once, as a crash would);
   * {@return how many sessions were waiting}
   */
  abstract int killSessionsWaitingForLocks() throws SQLException;

  /**
   * {@return the store to use after a session was killed}: the same one where the pool replaces
   * broken connections (a server database); a new one where killing a session takes the embedded
   * database down with the process that holds it, as a crash would
   */
  abstract JdbcContextStore afterKill(JdbcContextStore store);

  /** Closes the pools of the stores this test opened. */
  abstract void closeStore(JdbcContextStore store);

  JdbcContextStore store() {
    JdbcContextStore store = openStore();
    opened.add(store);
    return store;
  }

  @AfterEach
  void closeStores() {
    opened.forEach(this::closeStore);
  }

  ContextState richState() {
    Map<String, Object> extensions = new HashMap<>();
    // Provider fields the library does not model, as the adapters keep them: JSON trees.
    extensions.put("provider_field", new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode().add(1).add("two"));
    ContextState state = ContextState.of(Conversation.of(
        Message.system("You keep notes."),
        Message.user("UPDATES\nkey1: a\nkey2: b\nkey1: c\nEND\nWhat is key1?").withExtensions(extensions),
        Message.assistant("", List.of(new ToolCall("call_1", "lookup", "{\"key\": \"key1\"}"))),
        Message.tool("call_1", "key1 was a, then c; the log has many lines\nline\nline\nline\nline"),
        Message.assistant("key1 is c").withName("helper")), 7, counter);
    state = state.fragmentBetween("UPDATES", "END", RoleFilter.ALL, 2).state();
    state = state.fold(state.fragments().get(0).id()).state();
    state = state.fragmentMessages(3, 4, RoleFilter.ALL, 1).state();
    Fragment tool = state.fragments().get(state.fragments().size() - 1);
    state = state.summarize(tool.id(), new Summary("lookup said c", "key1")).state();
    state = state.search(SearchQuery.of("key1", RoleFilter.ALL, 5, 50)).state();
    return state.pin(4).state();
  }

  @Test
  void createThenLoad_givesTheSameState() {
    JdbcContextStore store = store();
    ContextState state = richState();
    StoredContext created = store.create("c1", state);
    assertThat(created.version()).isEqualTo(1);
    StoredContext loaded = store.load("c1", counter).orElseThrow();
    assertThat(loaded.state()).isEqualTo(state);
    assertThat(loaded.state().view()).isEqualTo(state.view());
    assertThat(loaded.state().viewTokens()).isEqualTo(state.viewTokens());
    assertThat(loaded.version()).isEqualTo(1);
    assertThat(loaded.state().original().get(1).extensions()).isEqualTo(state.original().get(1).extensions());
  }

  @Test
  void openBranch_survivesTheStoreAndItsReturnRunsOnTheLoadedState() {
    SculptorToolkit toolkit = SculptorToolkit.create().withBranchTools();
    String branch = "{\"description\": \"check key1\", \"prompt\": \"look it up\"}";
    ContextState state = richState().append(Message.assistant("", List.of(new ToolCall("b1", "branch", branch))));
    state = state.append(Message.tool("b1", toolkit.execute(state, "branch", branch).text()))
        .append(Message.assistant("", List.of(new ToolCall("call_2", "lookup", "{\"key\": \"key1\"}"))))
        .append(Message.tool("call_2", "key1 is c, set by the third update of the stream"));
    StoredContext created = store().create("c1", state);

    StoredContext loaded = store().load("c1", counter).orElseThrow();
    assertThat(BranchTools.openBranches(loaded.state())).isEqualTo(BranchTools.openBranches(state)).hasSize(1);
    String ret = "{\"message\": \"key1 is c\"}";
    ContextState returning = loaded.state().append(Message.assistant("", List.of(new ToolCall("x1", "return", ret))));
    ToolResult result = toolkit.execute(returning, "return", ret);
    assertThat(result.isSuccess()).as(result.text()).isTrue();
    store().save(loaded, result.state().append(Message.tool("x1", result.text())));

    ContextState again = store().load("c1", counter).orElseThrow().state();
    assertThat(BranchTools.openBranches(again)).isEmpty();
    assertThat(again.viewMessage(6).content()).startsWith("[summary of fragment ").contains("key1 is c");
    assertThat(created.version()).isEqualTo(1);
  }

  @Test
  void load_missingConversation_isEmpty() {
    assertThat(store().load("nobody", counter)).isEmpty();
  }

  @Test
  void create_existingConversation_isAConflictCarryingTheVersion() {
    JdbcContextStore store = store();
    store.create("c1", richState());
    assertThatThrownBy(() -> store.create("c1", richState()))
        .isInstanceOfSatisfying(ConcurrentSaveException.class, e -> {
          assertThat(e.currentVersion()).isEqualTo(1);
          assertThat(e.expectedVersion()).isZero();
          assertThat(e.getMessage()).contains("[c1]");
        });
  }

  @Test
  void saveAfterAppendAndEdits_loadsEqualAndWritesOnlyTheNewRows() throws SQLException {
    JdbcContextStore store = store();
    StoredContext v1 = store.create("c1", richState());
    ContextState next = v1.state().append(Message.user("one more"));
    next = next.restore(next.fragments().get(0).id()).state();
    next = next.fold(next.fragments().get(1).id()).state();
    StoredContext v2 = store.save(v1, next);
    assertThat(v2.version()).isEqualTo(2);
    assertThat(store.load("c1", counter).orElseThrow().state()).isEqualTo(next);
    assertThat(count("sculptor_message", "c1")).isEqualTo(next.original().size());
    assertThat(count("sculptor_fragment", "c1")).isEqualTo(next.fragments().size());
    StoredContext v3 = store.save(v2, v2.state());
    assertThat(v3).isSameAs(v2);
  }

  @Test
  void save_staleVersion_isRefusedWithTheCurrentVersionAndWritesNothing() throws SQLException {
    JdbcContextStore serverA = store();
    JdbcContextStore serverB = store();
    StoredContext v1 = serverA.create("c1", richState());
    StoredContext seenByB = serverB.load("c1", counter).orElseThrow();
    serverA.save(v1, v1.state().append(Message.user("from A")));
    assertThatThrownBy(() -> serverB.save(seenByB, seenByB.state().append(Message.user("from B"))))
        .isInstanceOfSatisfying(ConcurrentSaveException.class, e -> {
          assertThat(e.conversationId()).isEqualTo("c1");
          assertThat(e.expectedVersion()).isEqualTo(1);
          assertThat(e.currentVersion()).isEqualTo(2);
        });
    ContextState stored = serverB.load("c1", counter).orElseThrow().state();
    assertThat(stored.original().messages()).extracting(Message::content).contains("from A").doesNotContain("from B");
    assertThat(count("sculptor_message", "c1")).isEqualTo(stored.original().size());
  }

  @Test
  void update_retriesOnConflict_soNoAppendIsLost() {
    JdbcContextStore serverA = store();
    JdbcContextStore serverB = store();
    serverA.create("c1", richState());
    AtomicLong attempts = new AtomicLong();
    serverB.update("c1", counter, state -> {
      if (attempts.incrementAndGet() == 1) {
        // Server A saves between B's load and B's save.
        serverA.update("c1", counter, s -> s.append(Message.user("from A")));
      }
      return state.append(Message.user("from B"));
    });
    assertThat(attempts).hasValue(2);
    StoredContext stored = serverA.load("c1", counter).orElseThrow();
    assertThat(stored.version()).isEqualTo(3);
    List<String> contents = stored.state().original().messages().stream().map(Message::content).toList();
    assertThat(contents.subList(contents.size() - 2, contents.size())).containsExactly("from A", "from B");
  }

  @Test
  void update_missingConversation_saysSo() {
    assertThatThrownBy(() -> store().update("nobody", counter, s -> s))
        .isInstanceOf(StoreException.class).hasMessageContaining("[nobody] is not stored");
  }

  @Test
  void save_stateThatDoesNotContinueTheStoredOne_isRefused() {
    JdbcContextStore store = store();
    StoredContext v1 = store.create("c1", richState());
    ContextState other = ContextState.of(Conversation.of(Message.user("another conversation")), 7, counter);
    assertThatThrownBy(() -> store.save(v1, other)).isInstanceOf(IllegalArgumentException.class);
    assertThat(store.load("c1", counter).orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void searchHits_beyondWhatAStateRemembers_roundTripAsTheStateForgetsThem() {
    JdbcContextStore store = store();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      text.append("item ").append(i).append('\n');
    }
    ContextState state = ContextState.of(Conversation.of(Message.user(text.toString())), 1, counter);
    StoredContext stored = store.create("c1", state);
    for (int round = 0; round < 4; round++) {
      ContextState next = stored.state();
      for (int k = 0; k < 8; k++) {
        next = next.search(SearchQuery.of(k % 2 == 0 ? "item" : "item " + (round * 7 + k), RoleFilter.ALL, 50, 50))
            .state();
      }
      stored = store.save(stored, next);
      assertThat(store.load("c1", counter).orElseThrow().state()).isEqualTo(next);
    }
    assertThat(stored.state().searchResultIds()).hasSize(io.sculptor.core.ContextState.MAX_REMEMBERED_SEARCH_HITS);
  }

  @Test
  void load_sameEncoding_reusesStoredCountsAndAnotherEncodingRecounts() {
    JdbcContextStore store = store();
    store.create("c1", richState());
    CountingCounter same = new CountingCounter("test-encoding");
    ContextState loaded = store.load("c1", same).orElseThrow().state();
    assertThat(same.calls).hasValue(0);
    CountingCounter other = new CountingCounter("other-encoding");
    ContextState recounted = store.load("c1", other).orElseThrow().state();
    assertThat(other.calls.get()).isPositive();
    assertThat(recounted.viewTokens()).isEqualTo(loaded.viewTokens());
    // Saved under the other encoding, the counts are replaced: loading with it now counts nothing.
    StoredContext base = store.load("c1", other).orElseThrow();
    store.save(base, base.state().append(Message.user("re-encoded")));
    CountingCounter again = new CountingCounter("other-encoding");
    assertThat(store.load("c1", again).orElseThrow().state().original().size()).isEqualTo(6);
    assertThat(again.calls).hasValue(0);
  }

  @Test
  void listAndDelete() {
    JdbcContextStore store = store();
    for (String id : List.of("b", "a", "d", "c")) {
      store.create(id, richState());
    }
    assertThat(store.list("", 3)).containsExactly("a", "b", "c");
    assertThat(store.list("c", 3)).containsExactly("d");
    assertThat(store.delete("b")).isTrue();
    assertThat(store.delete("b")).isFalse();
    assertThat(store.load("b", counter)).isEmpty();
    assertThat(store.list("", 10)).containsExactly("a", "c", "d");
    store.create("b", richState());
    assertThat(store.load("b", counter).orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void reopening_keepsTheSchemaAndTheConversations() throws SQLException {
    store().create("c1", richState());
    JdbcContextStore again = store();
    assertThat(again.load("c1", counter)).isPresent();
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*), MAX(version) FROM sculptor_schema_version")) {
      r.next();
      assertThat(r.getInt(1)).isEqualTo(1);
      assertThat(r.getInt(2)).isEqualTo(1);
    }
  }

  @Test
  void newerSchema_isRefused() throws SQLException {
    store();
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO sculptor_schema_version (version, script, applied_at) VALUES (99, 'future', CURRENT_TIMESTAMP)");
    }
    assertThatThrownBy(this::store).isInstanceOf(StoreException.class).hasMessageContaining("[99]");
  }

  @Test
  void corruptedRow_isAClearErrorNamingTheConversation_andOthersStillLoad() throws SQLException {
    JdbcContextStore store = store();
    store.create("damaged", richState());
    store.create("fine", richState());
    execute("UPDATE sculptor_message SET body = '{\"role\":\"user\",\"content\":\"changed\"}'"
        + " WHERE conversation_id = 'damaged' AND idx = 1");
    assertThatThrownBy(() -> store.load("damaged", counter)).isInstanceOf(StoreException.class)
        .hasMessageContaining("[damaged]").hasMessageContaining("idx=[1]").hasMessageContaining("checksum");
    // A row whose checksum matches but whose content is not a message: still named.
    String broken = "{\"role\":\"user\"";
    execute("UPDATE sculptor_message SET body = '" + broken + "', crc = " + Rows.crc(broken)
        + " WHERE conversation_id = 'damaged' AND idx = 1");
    assertThatThrownBy(() -> store.load("damaged", counter)).isInstanceOf(StoreException.class)
        .hasMessageContaining("[damaged]").hasMessageContaining("not valid JSON");
    execute("DELETE FROM sculptor_fragment WHERE conversation_id = 'damaged' AND ordinal = 0");
    assertThat(store.load("fine", counter).orElseThrow().state()).isEqualTo(richState());
  }

  @Test
  void connectionDroppedMidSave_writesNothing_andTheNextSaveSucceeds() throws Exception {
    JdbcContextStore first = store();
    StoredContext v1 = first.create("c1", richState());
    ContextState next = v1.state();
    for (int i = 0; i < 50; i++) {
      next = next.append(Message.user("appended " + i));
    }
    next = next.restore(next.fragments().get(0).id()).state();
    ContextState target = next;
    ExecutorService saver = Executors.newSingleThreadExecutor();
    try (Connection blocker = connect()) {
      blocker.setAutoCommit(false);
      // Holds the row of the fragment the save changes: the save waits there, after its message rows.
      try (Statement s = blocker.createStatement()) {
        s.executeQuery("SELECT status FROM sculptor_fragment WHERE conversation_id = 'c1' AND ordinal = 0 FOR UPDATE")
            .close();
      }
      Future<StoredContext> save = saver.submit(() -> first.save(v1, target));
      long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
      int killed = 0;
      while (killed == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
        killed = killSessionsWaitingForLocks();
      }
      assertThat(killed).as("a save waiting for the row lock").isEqualTo(1);
      assertThatThrownBy(save::get).hasCauseInstanceOf(StoreException.class);
      try {
        blocker.rollback();
      } catch (SQLException gone) {
        // The embedded database went down with the kill; its sessions are gone.
      }
    } finally {
      saver.shutdownNow();
    }
    JdbcContextStore store = afterKill(first);
    StoredContext stored = store.load("c1", counter).orElseThrow();
    assertThat(stored.version()).isEqualTo(1);
    assertThat(stored.state()).isEqualTo(v1.state());
    assertThat(count("sculptor_message", "c1")).isEqualTo(v1.state().original().size());
    StoredContext v2 = store.save(stored, target);
    assertThat(store.load("c1", counter).orElseThrow().state()).isEqualTo(target);
    assertThat(v2.version()).isEqualTo(2);
  }

  /**
   * Two stores (two pools, as two servers) × 8 threads × 200 conversations, appends and tool edits
   * for two seconds, a quarter of them on four hot conversations so that saves collide.
   */
  @Test
  void concurrentAppendsAndEdits_loseNothingAndKeepEveryOrder() throws Exception {
    JdbcContextStore[] servers = {store(), store()};
    int conversations = 200;
    for (int i = 0; i < conversations; i++) {
      servers[0].create("conv-" + i, ContextState.of(Conversation.of(Message.system("conversation " + i)), i, counter));
    }
    Map<String, List<String>> appended = new ConcurrentHashMap<>();
    AtomicLong changes = new AtomicLong();
    AtomicLong saves = new AtomicLong();
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      futures.add(threads.submit(() -> {
        JdbcContextStore store = servers[thread % 2];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int n = 0; System.nanoTime() < deadline; n++) {
          String id = "conv-" + (random.nextInt(4) == 0 ? random.nextInt(4) : random.nextInt(conversations));
          boolean append = random.nextInt(3) > 0;
          String text = "t" + thread + " #" + n + " line one\nline two of t" + thread + " #" + n;
          int pick = random.nextInt(1000);
          store.update(id, counter, state -> {
            changes.incrementAndGet();
            return append ? state.append(Message.user(text)) : edit(state, pick);
          });
          saves.incrementAndGet();
          if (append) {
            appended.computeIfAbsent(id + "/" + thread, k -> Collections.synchronizedList(new ArrayList<>())).add(text);
          }
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    threads.shutdown();
    long conflicts = changes.get() - saves.get();
    assertThat(conflicts).as("saves that met a newer version and were retried").isPositive();
    int total = 0;
    for (int i = 0; i < conversations; i++) {
      String id = "conv-" + i;
      ContextState state = servers[i % 2].load(id, counter).orElseThrow().state();
      List<String> users = state.original().messages().stream().filter(m -> m.role() == io.sculptor.core.Role.USER)
          .map(Message::content).toList();
      List<String> expected = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        List<String> mine = appended.getOrDefault(id + "/" + t, List.of());
        String prefix = "t" + t + " #";
        assertThat(users.stream().filter(u -> u.startsWith(prefix)).toList()).as("appends of thread %d to %s", t, id)
            .containsExactlyElementsOf(mine);
        expected.addAll(mine);
      }
      assertThat(users).hasSameSizeAs(expected);
      total += users.size();
      ContextState restored = state;
      for (Fragment f : state.fragments()) {
        restored = restored.restore(f.id()).state();
      }
      assertThat(restored.view()).isEqualTo(state.original());
    }
    assertThat(total).isPositive();
  }

  /** A tool edit: fragments the last message, or folds or restores a fragment. */
  private static ContextState edit(ContextState state, int pick) {
    int n = state.original().size();
    if (state.fragments().isEmpty() || pick % 3 == 0) {
      return n < 2 ? state : state.fragmentMessages(n - 1, n, RoleFilter.ALL, 2).state();
    }
    Fragment f = state.fragments().get(pick % state.fragments().size());
    return f.status() instanceof FragmentStatus.Visible ? state.fold(f.id()).state() : state.restore(f.id()).state();
  }

  int count(String table, String conversation) throws SQLException {
    try (Connection c = connect();
        PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE conversation_id = ?")) {
      p.setString(1, conversation);
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  void execute(String sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
