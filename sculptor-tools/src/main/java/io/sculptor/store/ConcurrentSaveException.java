package io.sculptor.store;

import java.util.Locale;

/**
 * A save was refused because the conversation changed since it was loaded: another thread or
 * server saved a newer version first (or deleted it, or created it). Nothing was written; load the
 * conversation again, apply the change to what is stored now and save that —
 * {@link ContextStore#update(String, io.sculptor.core.TokenCounter, java.util.function.UnaryOperator)}
 * does exactly this.
 *
 * @since 0.1
 */
public final class ConcurrentSaveException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final String conversationId;
  private final long expectedVersion;
  private final long currentVersion;

  /**
   * Creates the exception.
   *
   * @param conversationId the conversation
   * @param expectedVersion the version the save was based on, 0 for a new conversation
   * @param currentVersion the version stored now, 0 if there is none
   */
  public ConcurrentSaveException(String conversationId, long expectedVersion, long currentVersion) {
    this(conversationId, expectedVersion, currentVersion, null);
  }

  /**
   * Creates the exception with the database's report of the collision.
   *
   * @param conversationId the conversation
   * @param expectedVersion the version the save was based on, 0 for a new conversation
   * @param currentVersion the version stored now, 0 if there is none, -1 if unknown
   * @param cause the database's report, or null
   */
  public ConcurrentSaveException(String conversationId, long expectedVersion, long currentVersion, Throwable cause) {
    super(String.format(Locale.ROOT, "conversation [%s] is at version [%d], the save was based on version [%d]; load it"
        + " again and apply the change to what is stored", conversationId, currentVersion, expectedVersion), cause);
    this.conversationId = conversationId;
    this.expectedVersion = expectedVersion;
    this.currentVersion = currentVersion;
  }

  /** {@return the conversation that was saved} */
  public String conversationId() {
    return conversationId;
  }

  /** {@return the version the save was based on, 0 for a new conversation} */
  public long expectedVersion() {
    return expectedVersion;
  }

  /** {@return the version stored when the save was refused, 0 if the conversation is not stored, -1 if the
   * database could not say} */
  public long currentVersion() {
    return currentVersion;
  }
}
