package io.sculptor.store.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The databases the store runs on; they differ only in the type of long text in the schema. */
public enum Dialect {
  /** H2 2.x, embedded or server. */
  H2("h2"),
  /** PostgreSQL 12 and later. */
  POSTGRESQL("postgresql");

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /** {@return the folder of this dialect's migration scripts} */
  String folder() {
    return folder;
  }

  /**
   * {@return the dialect of the database {@code c} is connected to}
   *
   * @throws IllegalArgumentException if the store does not support that database
   */
  public static Dialect of(Connection c) throws SQLException {
    String product = c.getMetaData().getDatabaseProductName();
    return switch (product.toLowerCase(Locale.ROOT)) {
      case "h2" -> H2;
      case "postgresql" -> POSTGRESQL;
      default -> throw new IllegalArgumentException("the JDBC store runs on H2 and PostgreSQL, not on [" + product + "]");
    };
  }
}
