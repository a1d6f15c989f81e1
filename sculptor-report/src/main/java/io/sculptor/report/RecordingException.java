package io.sculptor.report;

import io.sculptor.core.SculptorException;

/**
 * A run recording could not be read: it is not valid JSON, is truncated, is another format or a
 * newer version, or describes a run the agent loop could not have made. The message is one line
 * and names the field, with values in brackets. Nothing is loaded in that case.
 *
 * @since 0.1
 */
public final class RecordingException extends SculptorException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, on one line, with values in brackets
   * @param cause the underlying failure, or null
   */
  public RecordingException(String message, Throwable cause) {
    super(message, cause);
  }
}
