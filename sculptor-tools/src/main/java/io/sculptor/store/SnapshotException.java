package io.sculptor.store;

import io.sculptor.core.SculptorException;

/**
 * A saved state could not be read: it is not valid JSON, is truncated, was written by a newer
 * version of the format, or describes an inconsistent state. Nothing is loaded in that case.
 *
 * @since 0.1
 */
public final class SnapshotException extends SculptorException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, with values in brackets
   * @param cause the underlying failure, or null
   */
  public SnapshotException(String message, Throwable cause) {
    super(message, cause);
  }
}
