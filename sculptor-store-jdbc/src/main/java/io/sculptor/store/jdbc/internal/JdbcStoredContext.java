package io.sculptor.store.jdbc.internal;

import io.sculptor.core.ContextState;
import io.sculptor.core.StateSnapshot;
import io.sculptor.store.StoredContext;
import java.util.Objects;

/**
 * A stored version as the JDBC store knows it: besides the state, its snapshot (what the rows
 * hold, to diff against), the encoding of the stored token counts and the next search-hit number.
 *
 * @param snapshot the snapshot of {@code state}, as the rows hold it
 * @param storedEncoding the encoding of the token rows, or null if there are none
 * @param hitNext the sequence number the next remembered search hit gets
 */
public record JdbcStoredContext(String conversationId, long version, ContextState state, StateSnapshot snapshot,
    String storedEncoding, long hitNext) implements StoredContext {
  /** Checks the components. */
  public JdbcStoredContext {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(snapshot, "snapshot");
  }

  @Override
  public String toString() {
    return "StoredContext[" + conversationId + ", version " + version + ", " + state.original().size() + " messages]";
  }
}
