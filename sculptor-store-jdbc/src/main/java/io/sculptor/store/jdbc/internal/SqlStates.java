package io.sculptor.store.jdbc.internal;

import java.sql.SQLException;

/** What a failed statement means for the store, by SQLSTATE (and H2's error codes). */
public final class SqlStates {
  private SqlStates() {}

  /** {@return whether a unique or primary key was violated} */
  public static boolean isDuplicateKey(SQLException e) {
    return "23505".equals(e.getSQLState());
  }

  /**
   * {@return whether the statement lost a race with another transaction on the same rows}: a
   * serialization failure or deadlock (SQLSTATE class 40), H2's concurrent update (90131) or lock
   * timeout (50200); the save then counts as a conflict, and loading again resolves it
   */
  public static boolean isConcurrentUpdate(SQLException e) {
    String state = e.getSQLState();
    return state != null && state.startsWith("40") || e.getErrorCode() == 90131 || e.getErrorCode() == 50200;
  }
}
