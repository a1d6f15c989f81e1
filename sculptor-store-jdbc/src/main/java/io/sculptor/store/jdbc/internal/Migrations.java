package io.sculptor.store.jdbc.internal;

import io.sculptor.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Creates the store's tables or brings them to the newest version: the versioned scripts
 * {@code migrations/<dialect>/V<n>__<name>.sql} run in order, each recorded in
 * {@code sculptor_schema_version}. Two servers that start together both try; the one whose row in
 * {@code sculptor_schema_version} lands first applies the script (on PostgreSQL in the same
 * transaction as the script), the other sees it applied.
 */
public final class Migrations {
  /** The scripts, in order; the n-th is version n. */
  static final List<String> SCRIPTS = List.of("V1__conversations.sql");

  /** The schema version this library writes. */
  public static final int LATEST = SCRIPTS.size();

  private Migrations() {}

  /**
   * Brings the schema of {@code dataSource} to {@link #LATEST}.
   *
   * @throws StoreException if the database has a newer schema or a script fails
   */
  public static synchronized void migrate(DataSource dataSource, Dialect dialect) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS sculptor_schema_version (version INT PRIMARY KEY,"
            + " script VARCHAR(200) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
      } catch (SQLException e) {
        // Another server created it at the same moment (PostgreSQL checks the catalogue late).
        if (!tableExists(c)) {
          throw e;
        }
      }
      int current = currentVersion(c);
      if (current > LATEST) {
        throw new StoreException(String.format(Locale.ROOT, "the database has store schema version [%d], this library"
            + " knows versions up to [%d]; upgrade Sculptor", current, LATEST), null);
      }
      for (int version = current + 1; version <= LATEST; version++) {
        apply(c, dialect, version);
      }
    } catch (SQLException e) {
      throw new StoreException("the store's tables could not be created or migrated: " + e.getMessage(), e);
    }
  }

  private static boolean tableExists(Connection c) {
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT COUNT(*) FROM sculptor_schema_version").close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private static int currentVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT MAX(version) FROM sculptor_schema_version")) {
      r.next();
      return r.getInt(1);
    }
  }

  private static void apply(Connection c, Dialect dialect, int version) throws SQLException {
    String script = SCRIPTS.get(version - 1);
    String sql = read("/io/sculptor/store/jdbc/migrations/" + dialect.folder() + "/" + script);
    c.setAutoCommit(false);
    try {
      try (PreparedStatement p = c.prepareStatement(
          "INSERT INTO sculptor_schema_version (version, script, applied_at) VALUES (?, ?, ?)")) {
        p.setInt(1, version);
        p.setString(2, script);
        p.setTimestamp(3, Timestamp.from(Instant.now()));
        p.executeUpdate();
      } catch (SQLException e) {
        if (SqlStates.isDuplicateKey(e)) {
          c.rollback();
          return;  // another server applied it
        }
        throw e;
      }
      try (Statement s = c.createStatement()) {
        for (String statement : statements(sql)) {
          s.execute(statement);
        }
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** The statements of a script: separated by semicolons at line ends, without comment lines. */
  static List<String> statements(String script) {
    StringBuilder body = new StringBuilder();
    script.lines().filter(l -> !l.strip().startsWith("--")).forEach(l -> body.append(l).append('\n'));
    return java.util.Arrays.stream(body.toString().split(";\\s*\\n")).map(String::strip).filter(s -> !s.isEmpty())
        .toList();
  }

  private static String read(String resource) {
    try (InputStream in = Migrations.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing migration script " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("unreadable migration script " + resource, e);
    }
  }
}
