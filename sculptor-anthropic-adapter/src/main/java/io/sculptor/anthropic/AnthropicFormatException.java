package io.sculptor.anthropic;

import io.sculptor.core.SculptorException;

/**
 * JSON that does not have the shape of the Messages API it was read as, for example a message
 * without a role, a {@code tool_use} block without an id, or a response without content. The
 * message names the field and the value found, in brackets.
 *
 * @since 0.1
 */
public final class AnthropicFormatException extends SculptorException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, with values in brackets
   */
  public AnthropicFormatException(String message) {
    super(message);
  }
}
