package io.sculptor.openai;

import io.sculptor.core.SculptorException;

/**
 * JSON that does not have the shape of the OpenAI wire format it was read as, for example a
 * message without a role or a tool message without the id of the call it answers. The message
 * names the field and the value found.
 *
 * @since 0.1
 */
public final class WireFormatException extends SculptorException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, with values in brackets
   */
  public WireFormatException(String message) {
    super(message);
  }
}
