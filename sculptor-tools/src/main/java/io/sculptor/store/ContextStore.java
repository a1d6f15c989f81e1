package io.sculptor.store;

import io.sculptor.core.ContextState;
import io.sculptor.core.TokenCounter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where conversations live beyond one process: each {@link ContextState} under a conversation id,
 * with a version that every save increments, so that two servers writing the same conversation
 * never overwrite each other's work. A save names the version it was based on and is refused with
 * a {@link ConcurrentSaveException} when the conversation has moved on since;
 * {@link #update(String, TokenCounter, UnaryOperator)} then loads again, applies the change again
 * and saves, until it lands.
 *
 * <p>A save writes only what changed since the version it was based on — new messages, new or
 * changed fragments, the search hits, pins and id generator — never the messages already stored,
 * and either all of it or nothing. Loading gives a state equal to the one saved, with the token
 * counts stored under the counter's {@link TokenCounter#encoding() encoding} reused when it is the
 * same, so that loading a long conversation counts nothing.
 *
 * <p>Conversation ids are 1 to {@value #MAX_ID_LENGTH} characters, not blank. Implementations are
 * thread-safe.
 *
 * @since 0.1
 */
public interface ContextStore {
  /** The longest conversation id a store accepts. */
  int MAX_ID_LENGTH = 200;

  /** How often {@link #update(String, TokenCounter, UnaryOperator)} tries before it gives up. */
  int DEFAULT_ATTEMPTS = 20;

  /**
   * {@return the stored version of the conversation, or empty if there is none}
   *
   * @param counter counts tokens of the loaded state; counts stored under its encoding are reused
   * @throws StoreException if the database fails or the stored conversation cannot be read; the
   *     message names the conversation
   */
  Optional<StoredContext> load(String conversationId, TokenCounter counter);

  /**
   * Stores a new conversation as version 1.
   *
   * @return the handle of version 1
   * @throws ConcurrentSaveException if the conversation already exists
   * @throws StoreException if the database fails; nothing is stored then
   */
  StoredContext create(String conversationId, ContextState state);

  /**
   * Stores {@code state} as the next version of the conversation {@code base} was loaded or saved
   * as, writing only what changed since {@code base}.
   *
   * @return the handle of the new version (the same handle when nothing changed)
   * @throws ConcurrentSaveException if the stored version is no longer {@code base.version()};
   *     nothing is written then
   * @throws IllegalArgumentException if {@code state} does not continue {@code base.state()}: its
   *     original conversation does not begin with the stored messages, or its fragments with the
   *     stored fragments
   * @throws StoreException if the database fails; nothing is written then
   */
  StoredContext save(StoredContext base, ContextState state);

  /**
   * {@return up to {@code limit} conversation ids greater than {@code after}, in ascending order}
   * Pass the last id of one page as {@code after} to get the next; {@code ""} starts at the first.
   */
  List<String> list(String after, int limit);

  /**
   * Deletes a conversation with everything stored of it.
   *
   * @return whether it was stored
   */
  boolean delete(String conversationId);

  /**
   * Loads the conversation, applies {@code change} and saves the result; when another save came
   * first, loads again and applies {@code change} to what is stored now, up to
   * {@link #DEFAULT_ATTEMPTS} times. So two servers appending to the same conversation both land,
   * one after the other. {@code change} may run more than once and must not have side effects
   * beyond computing the new state.
   *
   * @return the handle of the version saved
   * @throws StoreException if the conversation is not stored, or the database fails
   * @throws ConcurrentSaveException if every attempt met a newer version
   */
  default StoredContext update(String conversationId, TokenCounter counter, UnaryOperator<ContextState> change) {
    return update(conversationId, counter, DEFAULT_ATTEMPTS, change);
  }

  /**
   * As {@link #update(String, TokenCounter, UnaryOperator)}, with at most {@code attempts} tries.
   *
   * @throws IllegalArgumentException if {@code attempts} is not positive
   */
  default StoredContext update(String conversationId, TokenCounter counter, int attempts,
      UnaryOperator<ContextState> change) {
    Objects.requireNonNull(change, "change");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be positive, got [" + attempts + "]");
    }
    ConcurrentSaveException last = null;
    for (int attempt = 0; attempt < attempts; attempt++) {
      StoredContext base = load(conversationId, counter).orElseThrow(() ->
          new StoreException("conversation [" + conversationId + "] is not stored", null));
      try {
        return save(base, Objects.requireNonNull(change.apply(base.state()), "change returned null"));
      } catch (ConcurrentSaveException e) {
        last = e;
      }
    }
    throw last;
  }

  /**
   * {@return {@code id}, checked}
   *
   * @throws IllegalArgumentException if it is blank or longer than {@link #MAX_ID_LENGTH}
   */
  static String checkConversationId(String id) {
    Objects.requireNonNull(id, "conversationId");
    if (id.isBlank() || id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException("conversation id must be 1 to " + MAX_ID_LENGTH
          + " characters, not blank, got [" + (id.length() > 60 ? id.substring(0, 57) + "..." : id) + "]");
    }
    return id;
  }
}
