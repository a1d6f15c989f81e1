package io.sculptor.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/**
 * The contract on a real PostgreSQL server ({@link PostgresServer}), a new database per test, each
 * store with its own HikariCP pool as a separate server would have.
 */
class PostgresStoreTest extends ContextStoreContract {
  private final Map<JdbcContextStore, HikariDataSource> pools = new IdentityHashMap<>();
  private String url;

  @BeforeEach
  void newDatabase() {
    url = PostgresServer.get().newDatabase();
  }

  @Override
  JdbcContextStore openStore() {
    // snippet:postgres
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);  // jdbc:postgresql://host:5432/database
    config.setUsername("postgres");
    config.setMaximumPoolSize(8);
    HikariDataSource pool = new HikariDataSource(config);  // one pool per server process
    // end-snippet
    try {
      // snippet:postgres-store
      JdbcContextStore store = JdbcContextStore.create(pool);  // creates or migrates the tables
      // end-snippet
      pools.put(store, pool);
      return store;
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  @Override
  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, "postgres", "");
  }

  @Override
  int killSessionsWaitingForLocks() throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity"
            + " WHERE wait_event_type = 'Lock' AND datname = current_database()")) {
      r.next();
      return r.getInt(1);
    }
  }

  @Override
  JdbcContextStore afterKill(JdbcContextStore store) {
    return store;
  }

  @Override
  void closeStore(JdbcContextStore store) {
    store.close();
    HikariDataSource pool = pools.remove(store);
    if (pool != null) {
      pool.close();
    }
  }
}
