package io.sculptor.store;

import io.sculptor.core.SculptorException;

/**
 * A {@link ContextStore} could not do what was asked: the database failed or could not be
 * reached, or a stored conversation could not be read (its message then names the conversation and
 * the row). Whatever the store was writing when it failed is not stored, not even in part.
 *
 * @since 0.1
 */
public class StoreException extends SculptorException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, with values in brackets
   * @param cause the underlying failure, or null
   */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
