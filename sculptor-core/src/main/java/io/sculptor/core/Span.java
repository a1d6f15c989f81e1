package io.sculptor.core;

/**
 * A range of characters in the content of one message of the original conversation: from
 * {@code start} inclusive to {@code end} exclusive, in UTF-16 code units as {@link String} counts
 * them. A span never begins or ends inside a surrogate pair.
 *
 * @param messageIndex the index of the message in the conversation, from 0
 * @param start the first character
 * @param end the character after the last one
 * @since 0.1
 */
public record Span(int messageIndex, int start, int end) {
  /** Checks that the indexes are non-negative and that the span is not empty. */
  public Span {
    if (messageIndex < 0 || start < 0 || end <= start) {
      throw new IllegalArgumentException(
          "span needs messageIndex >= 0 and 0 <= start < end, got [" + messageIndex + ", " + start
              + ", " + end + "]");
    }
  }

  /** {@return the number of characters covered} */
  public int length() {
    return end - start;
  }

  /** {@return whether this span and {@code other} lie in the same message and share a character} */
  public boolean overlaps(Span other) {
    return messageIndex == other.messageIndex && start < other.end && other.start < end;
  }

  /** {@return whether every character of {@code other} lies in this span} */
  public boolean contains(Span other) {
    return messageIndex == other.messageIndex && start <= other.start && other.end <= end;
  }
}
