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
 * @since 0.1
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
   * {@return a store at the JDBC URL {@code url}}: {@code jdbc:h2:…} uses the bundled H2 driver
   * with its own connection pool, which {@link #close()} closes; any other URL uses the JDBC driver
   * on the class path that accepts it (such as {@code jdbc:postgresql://host/db} with
   * {@code org.postgresql:postgresql}) <em>without</em> a pool, opening a connection per load or
   * save. For a server database with real traffic, pass a pooled {@code DataSource} to
   * {@link #create(javax.sql.DataSource)} instead.
   */
  public static JdbcContextStore open(String url, String user, String password) {
    Objects.requireNonNull(url, "url");
    if (url.startsWith("jdbc:h2:")) {
      String tuned = h2Url(url);
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

  /**
   * {@return {@code url} with the settings the store needs from H2, unless it sets them itself}: a
   * commit is written to the file before it returns ({@code WRITE_DELAY=0}; H2's default of 500 ms
   * loses the last commits when the process dies), and a lock waits up to 10 s (H2's default is
   * 1 s) so that saves of a busy conversation queue, as on PostgreSQL
   */
  static String h2Url(String url) {
    String tuned = url.contains("WRITE_DELAY") ? url : url + ";WRITE_DELAY=0";
    return tuned.contains("LOCK_TIMEOUT") ? tuned : tuned + ";LOCK_TIMEOUT=10000";
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
      boolean countsWanted = encoding != null && counter.encoding().filter(encoding::equals).isPresent();
      int[] overhead = new int[messageCount];
      int[] content = new int[messageCount];
      try (PreparedStatement p = c.prepareStatement(
          "SELECT idx, body, crc, overhead_tokens, content_tokens FROM sculptor_message WHERE conversation_id = ?"
              + " ORDER BY idx")) {
        p.setString(1, id);
        p.setFetchSize(500);
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            int idx = r.getInt(1);
            String body = r.getString(2);
            String where = Rows.where("sculptor_message", "idx", idx);
            expect(idx == messages.size(), where + " is out of sequence: expected idx [" + messages.size() + "]");
            expect(Rows.crc(body) == r.getLong(3), where + " does not match its checksum: it was changed outside the store");
            if (countsWanted && idx < messageCount) {
              overhead[idx] = r.getInt(4);
              expect(!r.wasNull(), where + " has no token counts under [" + encoding + "]");
              content[idx] = r.getInt(5);
              expect(!r.wasNull(), where + " has no token counts under [" + encoding + "]");
            }
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
      if (countsWanted) {
        snapshot = snapshot.withTokenCounts(StateSnapshot.TokenCounts.of(encoding, overhead, content,
            viewTokens(c, id, content)));
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

  /** The view counts: those of the original content, but where a row says otherwise. */
  private static int[] viewTokens(Connection c, String id, int[] content) throws SQLException {
    int[] view = content.clone();
    try (PreparedStatement p = c.prepareStatement(
        "SELECT idx, view_tokens FROM sculptor_view_tokens WHERE conversation_id = ?")) {
      p.setString(1, id);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          int idx = r.getInt(1);
          expect(idx >= 0 && idx < view.length, Rows.where("sculptor_view_tokens", "idx", idx)
              + " is for no message");
          view[idx] = r.getInt(2);
        }
      }
    }
    return view;
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
        insertMessages(c, conversationId, next, 0);
        insertViewTokens(c, conversationId, next, 0);
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
        insertMessages(c, id, next, stored);
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
    // A state made from the stored one by appending shares its message instances; comparing the
    // first and last stored ones then suffices, and keeps a save independent of the length. Any
    // other state (rebuilt from a snapshot, say) is compared message by message.
    int k = before.size();
    boolean shared = k == 0 || (after.get(0) == before.get(0) && after.get(k - 1) == before.get(k - 1));
    for (int i = 0; !shared && i < k; i++) {
      if (!after.get(i).equals(before.get(i))) {
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

  /** Inserts the message rows from {@code from} on, with their token counts when the state has them. */
  private static void insertMessages(Connection c, String id, StateSnapshot next, int from) throws SQLException {
    Conversation conversation = next.conversation();
    if (from >= conversation.size()) {
      return;
    }
    int[] overhead = next.tokenCounts().map(StateSnapshot.TokenCounts::overheadTokens).orElse(null);
    int[] content = next.tokenCounts().map(StateSnapshot.TokenCounts::contentTokens).orElse(null);
    try (PreparedStatement p = c.prepareStatement("INSERT INTO sculptor_message (conversation_id, idx, body, crc,"
        + " overhead_tokens, content_tokens) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (int i = from; i < conversation.size(); i++) {
        String body = ContextSnapshots.messageToJson(conversation.get(i));
        p.setString(1, id);
        p.setInt(2, i);
        p.setString(3, body);
        p.setLong(4, Rows.crc(body));
        if (overhead == null) {
          p.setNull(5, java.sql.Types.INTEGER);
          p.setNull(6, java.sql.Types.INTEGER);
        } else {
          p.setInt(5, overhead[i]);
          p.setInt(6, content[i]);
        }
        addOrRun(p, conversation.size() - from);
      }
      flush(p, conversation.size() - from);
    }
  }

  /** Inserts a view-count row for each message from {@code from} on whose view count differs from its content's. */
  private static void insertViewTokens(Connection c, String id, StateSnapshot next, int from) throws SQLException {
    if (next.tokenCounts().isEmpty()) {
      return;
    }
    int[] content = next.tokenCounts().get().contentTokens();
    int[] view = next.tokenCounts().get().viewContentTokens();
    List<Integer> differing = new ArrayList<>();
    for (int i = from; i < view.length; i++) {
      if (view[i] != content[i]) {
        differing.add(i);
      }
    }
    insertViewTokens(c, id, differing, view);
  }

  private static void insertViewTokens(Connection c, String id, List<Integer> indexes, int[] view) throws SQLException {
    if (indexes.isEmpty()) {
      return;
    }
    try (PreparedStatement p = c.prepareStatement(
        "INSERT INTO sculptor_view_tokens (conversation_id, idx, view_tokens) VALUES (?, ?, ?)")) {
      for (int i : indexes) {
        p.setString(1, id);
        p.setInt(2, i);
        p.setInt(3, view[i]);
        addOrRun(p, indexes.size());
      }
      flush(p, indexes.size());
    }
  }

  /**
   * The token counts of a save. Under the stored encoding: the new messages' counts went into their
   * rows; a view-count row is replaced where a message's view count changed. Under another encoding
   * (the state was loaded with another counter): every message row's counts and every view row are
   * written afresh, the message text untouched.
   */
  private static void saveTokens(Connection c, String id, JdbcStoredContext known, StateSnapshot next)
      throws SQLException {
    Optional<StateSnapshot.TokenCounts> counts = next.tokenCounts();
    Optional<StateSnapshot.TokenCounts> before = known.snapshot().tokenCounts();
    String stored = known.storedEncoding();
    int old = known.snapshot().conversation().size();
    boolean sameEncoding = counts.isPresent() && before.isPresent() && stored != null
        && counts.get().encoding().equals(stored) && before.get().encoding().equals(stored);
    if (!sameEncoding) {
      if (stored != null) {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM sculptor_view_tokens WHERE conversation_id = ?")) {
          p.setString(1, id);
          p.executeUpdate();
        }
      }
      if (old > 0 && (stored != null || counts.isPresent())) {
        int[] overhead = counts.map(StateSnapshot.TokenCounts::overheadTokens).orElse(null);
        int[] content = counts.map(StateSnapshot.TokenCounts::contentTokens).orElse(null);
        try (PreparedStatement p = c.prepareStatement("UPDATE sculptor_message SET overhead_tokens = ?,"
            + " content_tokens = ? WHERE conversation_id = ? AND idx = ?")) {
          for (int i = 0; i < old; i++) {
            if (overhead == null) {
              p.setNull(1, java.sql.Types.INTEGER);
              p.setNull(2, java.sql.Types.INTEGER);
            } else {
              p.setInt(1, overhead[i]);
              p.setInt(2, content[i]);
            }
            p.setString(3, id);
            p.setInt(4, i);
            addOrRun(p, old);
          }
          flush(p, old);
        }
      }
      insertViewTokens(c, id, next, 0);
      return;
    }
    int[] oldView = before.get().viewContentTokens();
    int[] newView = counts.get().viewContentTokens();
    int[] content = counts.get().contentTokens();
    List<Integer> changed = new ArrayList<>();
    for (int i = 0; i < oldView.length; i++) {
      if (oldView[i] != newView[i]) {
        changed.add(i);
      }
    }
    if (!changed.isEmpty()) {
      try (PreparedStatement p = c.prepareStatement(
          "DELETE FROM sculptor_view_tokens WHERE conversation_id = ? AND idx = ?")) {
        for (int i : changed) {
          p.setString(1, id);
          p.setInt(2, i);
          addOrRun(p, changed.size());
        }
        flush(p, changed.size());
      }
      insertViewTokens(c, id, changed.stream().filter(i -> newView[i] != content[i]).toList(), newView);
    }
    insertViewTokens(c, id, next, oldView.length);
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
        for (String table : List.of("sculptor_message", "sculptor_view_tokens", "sculptor_fragment",
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
}
