package io.sculptor.store.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the embedded default: an H2 file, each store with its own pool ({@link JdbcContextStore#embedded}). */
class H2StoreTest extends ContextStoreContract {
  @TempDir
  Path dir;

  @Override
  JdbcContextStore openStore() {
    return JdbcContextStore.embedded(dir.resolve("store"));
  }

  @Override
  Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("store").toAbsolutePath(), "sa", "");
  }

  @Override
  int killSessionsWaitingForLocks() throws SQLException {
    List<Integer> waiting = new ArrayList<>();
    try (Connection c = connect(); Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT SESSION_ID FROM INFORMATION_SCHEMA.SESSIONS"
          + " WHERE EXECUTING_STATEMENT LIKE 'UPDATE sculptor_fragment%' AND SESSION_ID <> SESSION_ID()")) {
        while (r.next()) {
          waiting.add(r.getInt(1));
        }
      }
      if (!waiting.isEmpty()) {
        // H2 does not wake a statement that waits for a row lock when its session is aborted; the
        // embedded analogue of a dropped connection is the process dying: the database stops at
        // once, without a checkpoint, and is recovered from its file when opened again.
        s.execute("SHUTDOWN IMMEDIATELY");
      }
    }
    return waiting.size();
  }

  @Override
  JdbcContextStore afterKill(JdbcContextStore store) {
    store.close();
    return store();
  }

  @Override
  void closeStore(JdbcContextStore store) {
    store.close();
  }
}
