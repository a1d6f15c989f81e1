package io.sculptor.store.jdbc;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.StateSnapshot;
import io.sculptor.core.TokenCounter;
import io.sculptor.store.ConcurrentSaveException;
import io.sculptor.store.ContextSnapshots;
import io.sculptor.store.ContextStore;
import io.sculptor.store.SnapshotException;
import io.sculptor.store.StoreException;
import io.sculptor.store.StoredContext;
import io.sculptor.store.jdbc.internal.Dialect;
import io.sculptor.store.jdbc.internal.JdbcStoredContext;
import io.sculptor.store.jdbc.internal.Migrations;
import io.sculptor.store.jdbc.internal.Rows;
import io.sculptor.store.jdbc.internal.SqlStates;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * A {@link ContextStore} in a relational database over JDBC: an embedded H2 file by default
 * ({@link #embedded(Path)}), so that one process needs no server, and PostgreSQL (or H2 as a server)
 * through any {@link DataSource} when several servers share the conversations
 * ({@link #create(DataSource)}). The store creates its tables, or migrates them to the version it
 * needs, when it is made.
 *
 * <p>Each conversation is a row in {@code sculptor_conversation} with its version, and one row per
 * message, per token count, per fragment and per remembered search hit. A save runs in one
 * transaction: it first moves the conversation's row from the version it was based on to the next
 * (refused with {@link ConcurrentSaveException} when the row is at another version), then inserts
 * the new message rows and updates only the fragment rows whose status changed. Message rows are
 * never updated. Message and fragment rows carry a CRC-32C of their content, so a row changed
 * outside the store is reported, naming the conversation, when it is loaded.
 *
 * <p>Thread-safe: each call takes its own connection from the data source.
 *
 * @since 0.2
 */
public final class JdbcContextStore implements ContextStore, AutoCloseable {
  private final DataSource dataSource;
  private final AutoCloseable owned;
  private final Dialect dialect;

  private JdbcContextStore(DataSource dataSource, AutoCloseable owned) {
    this.dataSource = dataSource;
    this.owned = owned;
    try (Connection c = dataSource.getConnection()) {
      this.dialect = Dialect.of(c);
    } catch (SQLException e) {
      throw new StoreException("the database cannot be reached: " + e.getMessage(), e);
    }
    Migrations.migrate(dataSource, dialect);
  }

  /**
   * {@return a store in the database of {@code dataSource}, its tables created or migrated}; the
   * data source stays the caller's (closing the store does not close it)
   *
   * @throws IllegalArgumentException if the database is neither H2 nor PostgreSQL
   * @throws StoreException if the database cannot be reached or has a newer schema
   */
  public static JdbcContextStore create(DataSource dataSource) {
    return new JdbcContextStore(Objects.requireNonNull(dataSource, "dataSource"), null);
  }

  /**
   * {@return a store in the embedded H2 database file {@code file} (H2 adds {@code .mv.db}),
   * created if absent}, with its own connection pool, which {@link #close()} closes. One process at
   * a time may open the file; several stores in that process may share it.
   */
  public static JdbcContextStore embedded(Path file) {
    Objects.requireNonNull(file, "file");
    return open("jdbc:h2:file:" + file.toAbsolutePath(), "sa", "");
  }

  /**
   * {@return a store at the JDBC URL {@code url}, with its own connection pool that
   * {@link #close()} closes}; {@code jdbc:h2:…} uses the bundled H2 driver, any other URL the JDBC
   * driver on the class path that accepts it (such as {@code jdbc:postgresql://host/db} with
   * {@code org.postgresql:postgresql})
   */
  public static JdbcContextStore open(String url, String user, String password) {
    Objects.requireNonNull(url, "url");
    if (url.startsWith("jdbc:h2:")) {
      // A lock waits up to 10 s (H2's default is 1 s) so that busy conversations queue, as on PostgreSQL.
      String tuned = url.contains("LOCK_TIMEOUT") ? url : url + ";LOCK_TIMEOUT=10000";
      JdbcConnectionPool pool = JdbcConnectionPool.create(tuned, user, password);
      pool.setMaxConnections(32);
      try {
        return new JdbcContextStore(pool, pool::dispose);
      } catch (RuntimeException e) {
        pool.dispose();
        throw e;
      }
    }
    return new JdbcContextStore(new DriverManagerDataSource(url, user, password), null);
  }

  /** {@return the database the store runs on: {@code "h2"} or {@code "postgresql"}} */
  public String database() {
    return dialect.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public Optional<StoredContext> load(String conversationId, TokenCounter counter) {
    ContextStore.checkConversationId(conversationId);
    Objects.requireNonNull(counter, "counter");
    try (Connection c = dataSource.getConnection()) {
      int isolation = c.getTransactionIsolation();
      c.setAutoCommit(false);
      // One snapshot of the database for all the reads, so a concurrent save is seen whole or not at
      // all: PostgreSQL's repeatable read; H2's repeatable read lets new rows in, its serializable not.
      c.setTransactionIsolation(dialect == Dialect.H2 ? Connection.TRANSACTION_SERIALIZABLE
          : Connection.TRANSACTION_REPEATABLE_READ);
      try {
        Optional<StoredContext> loaded = load(c, conversationId, counter);
        c.commit();
        return loaded;
      } finally {
        c.rollback();
        c.setTransactionIsolation(isolation);
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("conversation [" + conversationId + "] could not be loaded: " + e.getMessage(), e);
    }
  }

  private Optional<StoredContext> load(Connection c, String id, TokenCounter counter) throws SQLException {
    long version;
    long seed;
    long idsDrawn;
    int messageCount;
    int fragmentCount;
    String pinned;
    long hitNext;
    String encoding;
    try (PreparedStatement p = c.prepareStatement("SELECT version, seed, ids_drawn, message_count, fragment_count,"
        + " pinned, hit_next, token_encoding FROM sculptor_conversation WHERE id = ?")) {
      p.setString(1, id);
      try (ResultSet r = p.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        version = r.getLong(1);
        seed = r.getLong(2);
        idsDrawn = r.getLong(3);
        messageCount = r.getInt(4);
        fragmentCount = r.getInt(5);
        pinned = r.getString(6);
        hitNext = r.getLong(7);
        encoding = r.getString(8);
      }
    }
    try {
      List<Message> messages = new ArrayList<>(messageCount);
      try (PreparedStatement p = c.prepareStatement(
          "SELECT idx, body, crc FROM sculptor_message WHERE conversation_id = ? ORDER BY idx")) {
        p.setString(1, id);
        p.setFetchSize(500);
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            int idx = r.getInt(1);
            String body = r.getString(2);
            String where = Rows.where("sculptor_message", "idx", idx);
            expect(idx == messages.size(), where + " is out of sequence: expected idx [" + messages.size() + "]");
            expect(Rows.crc(body) == r.getLong(3), where + " does not match its checksum: it was changed outside the store");
            try {
              messages.add(ContextSnapshots.messageFromJson(body));
            } catch (SnapshotException e) {
              throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
          }
        }
      }
      expect(messages.size() == messageCount, "it has [" + messages.size() + "] message rows, its conversation row says ["
          + messageCount + "]");
      List<StateSnapshot.FragmentRecord> fragments = new ArrayList<>(fragmentCount);
      try (PreparedStatement p = c.prepareStatement("SELECT ordinal, fragment_id, spans, status, summary, focus, crc"
          + " FROM sculptor_fragment WHERE conversation_id = ? ORDER BY ordinal")) {
        p.setString(1, id);
        p.setFetchSize(1000);
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            int ordinal = r.getInt(1);
            String where = Rows.where("sculptor_fragment", "ordinal", ordinal);
            expect(ordinal == fragments.size(), where + " is out of sequence: expected ordinal [" + fragments.size() + "]");
            StateSnapshot.FragmentRecord f;
            try {
              f = Rows.fragment(r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6));
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            expect(Rows.crc(f) == r.getLong(7), where + " does not match its checksum: it was changed outside the store");
            fragments.add(f);
          }
        }
      }
      expect(fragments.size() == fragmentCount, "it has [" + fragments.size() + "] fragment rows, its conversation row"
          + " says [" + fragmentCount + "]");
      List<StateSnapshot.SearchHitRecord> hits = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("SELECT hit_id, query, message_index, char_offset"
          + " FROM sculptor_search_hit WHERE conversation_id = ? ORDER BY seq")) {
        p.setString(1, id);
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            hits.add(StateSnapshot.SearchHitRecord.of(io.sculptor.core.SearchResultId.of(r.getString(1)), r.getString(2),
                r.getInt(3), r.getInt(4)));
          }
        }
      }
      StateSnapshot snapshot = StateSnapshot.of(Conversation.of(messages), seed, idsDrawn, fragments, hits,
          Rows.pins(pinned));
      if (encoding != null && counter.encoding().filter(encoding::equals).isPresent()) {
        snapshot = snapshot.withTokenCounts(tokenCounts(c, id, encoding, messageCount));
      }
      ContextState state = ContextState.fromSnapshot(snapshot, counter);
      return Optional.of(new JdbcStoredContext(id, version, state, snapshotOf(state, snapshot), encoding, hitNext));
    } catch (IllegalArgumentException e) {
      throw new StoreException("conversation [" + id + "] is stored in a form that cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * The snapshot a save diffs against: the loaded one when it carries the state's counts, else the
   * state's own (whose counts were made by the loading counter).
   */
  private static StateSnapshot snapshotOf(ContextState state, StateSnapshot loaded) {
    return loaded.tokenCounts().isPresent() ? loaded : state.snapshot();
  }

  private static StateSnapshot.TokenCounts tokenCounts(Connection c, String id, String encoding, int n)
      throws SQLException {
    int[] overhead = new int[n];
    int[] content = new int[n];
    int[] view = new int[n];
    int rows = 0;
    try (PreparedStatement p = c.prepareStatement("SELECT idx, overhead, content, view_content"
        + " FROM sculptor_token_count WHERE conversation_id = ? ORDER BY idx")) {
      p.setString(1, id);
      p.setFetchSize(1000);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          int idx = r.getInt(1);
          expect(idx == rows && idx < n, Rows.where("sculptor_token_count", "idx", idx) + " is out of sequence");
          overhead[idx] = r.getInt(2);
          content[idx] = r.getInt(3);
          view[idx] = r.getInt(4);
          rows++;
        }
      }
    }
    expect(rows == n, "it has [" + rows + "] token count rows for [" + n + "] messages");
    return StateSnapshot.TokenCounts.of(encoding, overhead, content, view);
  }

  private static void expect(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalArgumentException(problem);
    }
  }

  @Override
  public StoredContext create(String conversationId, ContextState state) {
    ContextStore.checkConversationId(conversationId);
    Objects.requireNonNull(state, "state");
    StateSnapshot next = state.snapshot();
    String encoding = next.tokenCounts().map(StateSnapshot.TokenCounts::encoding).orElse(null);
    try (Connection c = dataSource.getConnection()) {
      return inTransaction(c, conversationId, 0, () -> {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO sculptor_conversation (version, seed, ids_drawn,"
            + " message_count, fragment_count, pinned, hit_next, token_encoding, updated_at, id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          bindConversation(p, conversationId, 1, next, next.searchHits().size(), encoding);
          p.executeUpdate();
        }
        insertMessages(c, conversationId, next.conversation(), 0);
        next.tokenCounts().ifPresent(t -> insertTokens(c, conversationId, t, 0));
        insertFragments(c, conversationId, next.fragments(), 0);
        insertHits(c, conversationId, next.searchHits(), 0, 0);
        return new JdbcStoredContext(conversationId, 1, state, next, encoding, next.searchHits().size());
      });
    } catch (SQLException e) {
      throw failure(conversationId, "created", e);
    }
  }

  @Override
  public StoredContext save(StoredContext base, ContextState state) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(state, "state");
    if (state == base.state()) {
      return base;
    }
    String id = base.conversationId();
    StateSnapshot next = state.snapshot();
    try (Connection c = dataSource.getConnection()) {
      return inTransaction(c, id, base.version(), () -> {
        JdbcStoredContext known = base instanceof JdbcStoredContext j ? j : describe(c, base);
        StateSnapshot previous = known.snapshot();
        checkContinues(previous, next);
        String encoding = next.tokenCounts().map(StateSnapshot.TokenCounts::encoding).orElse(null);
        Delta hits = hitDelta(previous.searchHits(), next.searchHits(), known.hitNext());
        long version = base.version() + 1;
        if (dialect == Dialect.H2) {
          // H2 does not evaluate an UPDATE's condition again after waiting for the row's lock, so the
          // version is checked under the lock first; PostgreSQL re-checks the condition itself.
          long current = lockedVersion(c, id);
          if (current != base.version()) {
            throw new ConcurrentSaveException(id, base.version(), current);
          }
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE sculptor_conversation SET version = ?, seed = ?,"
            + " ids_drawn = ?, message_count = ?, fragment_count = ?, pinned = ?, hit_next = ?, token_encoding = ?,"
            + " updated_at = ? WHERE id = ? AND version = ?")) {
          bindConversation(p, id, version, next, hits.next, encoding);
          p.setLong(11, base.version());
          if (p.executeUpdate() == 0) {
            throw new ConcurrentSaveException(id, base.version(), currentVersion(c, id));
          }
        }
        int stored = previous.conversation().size();
        insertMessages(c, id, next.conversation(), stored);
        saveTokens(c, id, known, next);
        saveFragments(c, id, previous.fragments(), next.fragments());
        if (hits.rewrite) {
          try (PreparedStatement p = c.prepareStatement("DELETE FROM sculptor_search_hit WHERE conversation_id = ?")) {
            p.setString(1, id);
            p.executeUpdate();
          }
        } else if (hits.dropped > 0) {
          try (PreparedStatement p = c.prepareStatement(
              "DELETE FROM sculptor_search_hit WHERE conversation_id = ? AND seq < ?")) {
            p.setString(1, id);
            p.setLong(2, hits.firstKept);
            p.executeUpdate();
          }
        }
        List<StateSnapshot.SearchHitRecord> added = next.searchHits().subList(hits.kept, next.searchHits().size());
        insertHits(c, id, added, 0, hits.next - added.size());
        return new JdbcStoredContext(id, version, state, next, encoding, hits.next);
      });
    } catch (SQLException e) {
      throw failure(id, "saved", e);
    }
  }

  /** What the store knows of a version saved through another kind of handle, read from its row. */
  private JdbcStoredContext describe(Connection c, StoredContext base) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(
        "SELECT hit_next, token_encoding FROM sculptor_conversation WHERE id = ? AND version = ?")) {
      p.setString(1, base.conversationId());
      p.setLong(2, base.version());
      try (ResultSet r = p.executeQuery()) {
        if (!r.next()) {
          throw new ConcurrentSaveException(base.conversationId(), base.version(), currentVersion(c, base.conversationId()));
        }
        return new JdbcStoredContext(base.conversationId(), base.version(), base.state(), base.state().snapshot(),
            r.getString(2), r.getLong(1));
      }
    }
  }

  private static void checkContinues(StateSnapshot previous, StateSnapshot next) {
    List<Message> before = previous.conversation().messages();
    List<Message> after = next.conversation().messages();
    if (after.size() < before.size()) {
      throw new IllegalArgumentException("the state has [" + after.size() + "] messages, the stored version ["
          + before.size() + "]; a save may only append");
    }
    for (int i = 0; i < before.size(); i++) {
      Message b = before.get(i);
      Message a = after.get(i);
      if (a != b && !a.equals(b)) {
        throw new IllegalArgumentException("message [" + i + "] differs from the stored one; the original"
            + " conversation only grows, so this state does not continue the stored version");
      }
    }
    List<StateSnapshot.FragmentRecord> fb = previous.fragments();
    List<StateSnapshot.FragmentRecord> fa = next.fragments();
    if (fa.size() < fb.size()) {
      throw new IllegalArgumentException("the state has [" + fa.size() + "] fragments, the stored version ["
          + fb.size() + "]; fragments are never removed");
    }
    for (int i = 0; i < fb.size(); i++) {
      if (!fa.get(i).id().equals(fb.get(i).id()) || !fa.get(i).spans().equals(fb.get(i).spans())) {
        throw new IllegalArgumentException("fragment [" + i + "] (" + fa.get(i).id() + ") is not the stored fragment ["
            + fb.get(i).id() + "]; this state does not continue the stored version");
      }
    }
  }

  /** The change of the remembered search hits, a first-in first-out list. */
  private record Delta(boolean rewrite, int dropped, long firstKept, int kept, long next) {}

  private static Delta hitDelta(List<StateSnapshot.SearchHitRecord> before, List<StateSnapshot.SearchHitRecord> after,
      long hitNext) {
    if (before.equals(after)) {
      return new Delta(false, 0, 0, after.size(), hitNext);
    }
    // after = before[dropped..] + added, normally; anything else is written afresh.
    Map<Object, Integer> index = new HashMap<>();
    for (int i = 0; i < before.size(); i++) {
      index.put(before.get(i).id(), i);
    }
    int dropped = after.isEmpty() ? before.size() : index.getOrDefault(after.get(0).id(), before.size());
    int kept = before.size() - dropped;
    boolean fifo = kept <= after.size() && before.subList(dropped, before.size()).equals(after.subList(0, kept));
    if (!fifo) {
      return new Delta(true, before.size(), hitNext, 0, hitNext + after.size());
    }
    long firstStored = hitNext - before.size();
    return new Delta(false, dropped, firstStored + dropped, kept, hitNext + after.size() - kept);
  }

  private static void bindConversation(PreparedStatement p, String id, long version, StateSnapshot s, long hitNext,
      String encoding) throws SQLException {
    p.setLong(1, version);
    p.setLong(2, s.seed());
    p.setLong(3, s.idsDrawn());
    p.setInt(4, s.conversation().size());
    p.setInt(5, s.fragments().size());
    p.setString(6, Rows.pins(s.pinned()));
    p.setLong(7, hitNext);
    p.setString(8, encoding);
    p.setTimestamp(9, Timestamp.from(Instant.now()));
    p.setString(10, id);
  }

  private static void insertMessages(Connection c, String id, Conversation conversation, int from) throws SQLException {
    if (from >= conversation.size()) {
      return;
    }
    try (PreparedStatement p = c.prepareStatement(
        "INSERT INTO sculptor_message (conversation_id, idx, body, crc) VALUES (?, ?, ?, ?)")) {
      for (int i = from; i < conversation.size(); i++) {
        String body = ContextSnapshots.messageToJson(conversation.get(i));
        p.setString(1, id);
        p.setInt(2, i);
        p.setString(3, body);
        p.setLong(4, Rows.crc(body));
        addOrRun(p, conversation.size() - from);
      }
      flush(p, conversation.size() - from);
    }
  }

  private static void insertTokens(Connection c, String id, StateSnapshot.TokenCounts t, int from) {
    int[] overhead = t.overheadTokens();
    int[] content = t.contentTokens();
    int[] view = t.viewContentTokens();
    if (from >= overhead.length) {
      return;
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO sculptor_token_count (conversation_id, idx, overhead,"
        + " content, view_content) VALUES (?, ?, ?, ?, ?)")) {
      for (int i = from; i < overhead.length; i++) {
        p.setString(1, id);
        p.setInt(2, i);
        p.setInt(3, overhead[i]);
        p.setInt(4, content[i]);
        p.setInt(5, view[i]);
        addOrRun(p, overhead.length - from);
      }
      flush(p, overhead.length - from);
    } catch (SQLException e) {
      throw new WrappedSql(e);
    }
  }

  /** New token rows for new messages, updated view counts for the others; all afresh under another encoding. */
  private static void saveTokens(Connection c, String id, JdbcStoredContext known, StateSnapshot next)
      throws SQLException {
    Optional<StateSnapshot.TokenCounts> counts = next.tokenCounts();
    Optional<StateSnapshot.TokenCounts> before = known.snapshot().tokenCounts();
    boolean sameEncoding = counts.isPresent() && before.isPresent() && known.storedEncoding() != null
        && counts.get().encoding().equals(known.storedEncoding()) && before.get().encoding().equals(known.storedEncoding());
    if (!sameEncoding) {
      if (known.storedEncoding() != null) {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM sculptor_token_count WHERE conversation_id = ?")) {
          p.setString(1, id);
          p.executeUpdate();
        }
      }
      counts.ifPresent(t -> insertTokens(c, id, t, 0));
      return;
    }
    int[] oldView = before.get().viewContentTokens();
    int[] newView = counts.get().viewContentTokens();
    List<Integer> changed = new ArrayList<>();
    for (int i = 0; i < oldView.length; i++) {
      if (oldView[i] != newView[i]) {
        changed.add(i);
      }
    }
    if (!changed.isEmpty()) {
      try (PreparedStatement p = c.prepareStatement(
          "UPDATE sculptor_token_count SET view_content = ? WHERE conversation_id = ? AND idx = ?")) {
        for (int i : changed) {
          p.setInt(1, newView[i]);
          p.setString(2, id);
          p.setInt(3, i);
          addOrRun(p, changed.size());
        }
        flush(p, changed.size());
      }
    }
    insertTokens(c, id, counts.get(), oldView.length);
  }

  private static void insertFragments(Connection c, String id, List<StateSnapshot.FragmentRecord> fragments, int from)
      throws SQLException {
    if (from >= fragments.size()) {
      return;
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO sculptor_fragment (conversation_id, ordinal,"
        + " fragment_id, spans, status, summary, focus, crc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = from; i < fragments.size(); i++) {
        StateSnapshot.FragmentRecord f = fragments.get(i);
        p.setString(1, id);
        p.setInt(2, i);
        p.setString(3, f.id().value());
        p.setString(4, Rows.spans(f.spans()));
        p.setString(5, Rows.status(f.status()));
        p.setString(6, Rows.summary(f.status()));
        p.setString(7, Rows.focus(f.status()));
        p.setLong(8, Rows.crc(f));
        addOrRun(p, fragments.size() - from);
      }
      flush(p, fragments.size() - from);
    }
  }

  private static void saveFragments(Connection c, String id, List<StateSnapshot.FragmentRecord> before,
      List<StateSnapshot.FragmentRecord> after) throws SQLException {
    List<Integer> changed = new ArrayList<>();
    for (int i = 0; i < before.size(); i++) {
      if (!before.get(i).status().equals(after.get(i).status())) {
        changed.add(i);
      }
    }
    if (!changed.isEmpty()) {
      try (PreparedStatement p = c.prepareStatement("UPDATE sculptor_fragment SET status = ?, summary = ?, focus = ?,"
          + " crc = ? WHERE conversation_id = ? AND ordinal = ?")) {
        for (int i : changed) {
          StateSnapshot.FragmentRecord f = after.get(i);
          p.setString(1, Rows.status(f.status()));
          p.setString(2, Rows.summary(f.status()));
          p.setString(3, Rows.focus(f.status()));
          p.setLong(4, Rows.crc(f));
          p.setString(5, id);
          p.setInt(6, i);
          addOrRun(p, changed.size());
        }
        flush(p, changed.size());
      }
    }
    insertFragments(c, id, after, before.size());
  }

  private static void insertHits(Connection c, String id, List<StateSnapshot.SearchHitRecord> hits, int from,
      long firstSeq) throws SQLException {
    if (from >= hits.size()) {
      return;
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO sculptor_search_hit (conversation_id, seq, hit_id,"
        + " query, message_index, char_offset) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (int i = from; i < hits.size(); i++) {
        StateSnapshot.SearchHitRecord h = hits.get(i);
        p.setString(1, id);
        p.setLong(2, firstSeq + i - from);
        p.setString(3, h.id().value());
        p.setString(4, h.query());
        p.setInt(5, h.messageIndex());
        p.setInt(6, h.offset());
        addOrRun(p, hits.size() - from);
      }
      flush(p, hits.size() - from);
    }
  }

  /** One row runs as it is (a batch of one costs more on some drivers); more rows go in a batch. */
  private static void addOrRun(PreparedStatement p, int rows) throws SQLException {
    if (rows == 1) {
      p.executeUpdate();
    } else {
      p.addBatch();
    }
  }

  private static void flush(PreparedStatement p, int rows) throws SQLException {
    if (rows > 1) {
      p.executeBatch();
    }
  }

  private static long lockedVersion(Connection c, String id) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT version FROM sculptor_conversation WHERE id = ? FOR UPDATE")) {
      p.setString(1, id);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getLong(1) : 0;
      }
    }
  }

  private static long currentVersion(Connection c, String id) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT version FROM sculptor_conversation WHERE id = ?")) {
      p.setString(1, id);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getLong(1) : 0;
      }
    }
  }

  @Override
  public List<String> list(String after, int limit) {
    Objects.requireNonNull(after, "after");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive, got [" + limit + "]");
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement p = c.prepareStatement(
            "SELECT id FROM sculptor_conversation WHERE id > ? ORDER BY id LIMIT ?")) {
      p.setString(1, after);
      p.setInt(2, limit);
      List<String> ids = new ArrayList<>();
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          ids.add(r.getString(1));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw new StoreException("conversations could not be listed: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean delete(String conversationId) {
    ContextStore.checkConversationId(conversationId);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        int deleted;
        try (PreparedStatement p = c.prepareStatement("DELETE FROM sculptor_conversation WHERE id = ?")) {
          p.setString(1, conversationId);
          deleted = p.executeUpdate();
        }
        for (String table : List.of("sculptor_message", "sculptor_token_count", "sculptor_fragment",
            "sculptor_search_hit")) {
          try (PreparedStatement p = c.prepareStatement("DELETE FROM " + table + " WHERE conversation_id = ?")) {
            p.setString(1, conversationId);
            p.executeUpdate();
          }
        }
        c.commit();
        return deleted > 0;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure(conversationId, "deleted", e);
    }
  }

  /** Closes the connection pool the store made ({@link #embedded(Path)}, {@link #open}); a caller's data source stays open. */
  @Override
  public void close() {
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        throw new StoreException("the store's connection pool could not be closed: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public String toString() {
    return "JdbcContextStore[" + database() + "]";
  }

  private interface Work<T> {
    T run() throws SQLException;
  }

  /** Runs {@code work} in one transaction: all of it is committed, or none of it. */
  private static <T> T inTransaction(Connection c, String id, long baseVersion, Work<T> work) throws SQLException {
    c.setAutoCommit(false);
    try {
      T result = work.run();
      c.commit();
      return result;
    } catch (SQLException e) {
      rollbackQuietly(c, e);
      if (SqlStates.isDuplicateKey(e) || SqlStates.isConcurrentUpdate(e)) {
        // Another save of this conversation won the race for its rows.
        throw new ConcurrentSaveException(id, baseVersion, currentVersionQuietly(c, id), e);
      }
      throw e;
    } catch (WrappedSql e) {
      rollbackQuietly(c, e.getCause());
      throw e.getCause();
    } catch (RuntimeException e) {
      rollbackQuietly(c, e);
      throw e;
    } finally {
      try {
        c.setAutoCommit(true);
      } catch (SQLException ignored) {
        // The connection is broken; the pool discards it.
      }
    }
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static long currentVersionQuietly(Connection c, String id) {
    try {
      c.setAutoCommit(true);
      return currentVersion(c, id);
    } catch (SQLException e) {
      return -1;
    }
  }

  private static StoreException failure(String id, String what, SQLException e) {
    return new StoreException("conversation [" + id + "] could not be " + what + "; nothing of it was written: "
        + e.getMessage(), e);
  }

  /** An SQLException through a lambda. */
  private static final class WrappedSql extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WrappedSql(SQLException cause) {
      super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }
}
