package io.sculptor.store;

import io.sculptor.core.ContextState;

/**
 * A conversation as a {@link ContextStore} holds it: its id, the version stored and the state of
 * that version. Pass it back to {@link ContextStore#save(StoredContext, ContextState)} with the
 * changed state: the store writes only what changed since this version, and refuses the save if
 * the conversation has a newer version by then.
 *
 * <p>An interface so that each store can keep with it what it knows about the stored rows; a store
 * also accepts handles made by another instance over the same database. Implementations are
 * immutable and thread-safe.
 *
 * @since 0.1
 */
public interface StoredContext {
  /** {@return the id of the conversation} */
  String conversationId();

  /** {@return the version stored, from 1 (the first save) up, one more with every save} */
  long version();

  /** {@return the state of this version} */
  ContextState state();
}
