package io.sculptor.core;

/**
 * A place between two characters of one message of the original conversation.
 *
 * @param messageIndex the index of the message, from 0
 * @param offset the number of characters before the place, in UTF-16 code units
 * @since 0.1
 */
public record TextPosition(int messageIndex, int offset) {
  /** Checks that both numbers are non-negative. */
  public TextPosition {
    if (messageIndex < 0 || offset < 0) {
      throw new IllegalArgumentException(
          "position needs messageIndex >= 0 and offset >= 0, got [" + messageIndex + ", " + offset + "]");
    }
  }
}
