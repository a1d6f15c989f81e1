package io.sculptor.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * Exact text search over the contents of a run of messages, as markers and search queries use
 * it: occurrences do not overlap (as a text editor's find), and an occurrence whose first or last
 * character is half of a surrogate pair is no occurrence, so no match ever splits a character.
 */
public final class TextFinder {
  private TextFinder() {}

  /** A place in the conversation: a message and an offset in its content. */
  public record Place(int message, int offset) {}

  /**
   * What a scan found: how many occurrences there are, the first {@code first} of them and the
   * last {@code last} of those past the first ones.
   *
   * @param total how many occurrences there are
   * @param first the first occurrences, in order
   * @param last the last occurrences after {@code first}, in order; none is also in {@code first}
   */
  public record Scan(int total, List<Place> first, List<Place> last) {}

  /**
   * {@return the first occurrence of {@code text} in {@code content} at or after {@code from} that
   * splits no surrogate pair at either end, or -1}
   */
  public static int find(String content, String text, int from) {
    for (int at = content.indexOf(text, from); at >= 0; at = content.indexOf(text, at + 1)) {
      if (!splitsSurrogate(content, at) && !splitsSurrogate(content, at + text.length())) {
        return at;
      }
    }
    return -1;
  }

  /** {@return whether offset {@code at} falls between the two halves of a surrogate pair} */
  public static boolean splitsSurrogate(String content, int at) {
    return at > 0 && at < content.length() && Character.isLowSurrogate(content.charAt(at))
        && Character.isHighSurrogate(content.charAt(at - 1));
  }

  /**
   * Scans messages {@code 0} to {@code messages - 1} that {@code searched} accepts for {@code text}.
   *
   * @param messages how many messages there are
   * @param content the content of message {@code i}
   * @param searched which messages to search
   * @param text the text to find, not empty
   * @param first how many of the first occurrences to keep
   * @param last how many of the last occurrences past the first ones to keep
   * @return the count and the kept occurrences
   */
  public static Scan scan(int messages, IntFunction<String> content, IntPredicate searched, String text,
      int first, int last) {
    int total = 0;
    List<Place> head = new ArrayList<>();
    // The last occurrences past the first ones, as a ring of at most `last` places.
    Place[] ring = new Place[Math.max(0, last)];
    for (int m = 0; m < messages; m++) {
      if (!searched.test(m)) {
        continue;
      }
      String c = content.apply(m);
      for (int at = find(c, text, 0); at >= 0; at = find(c, text, at + text.length())) {
        if (head.size() < first) {
          head.add(new Place(m, at));
        } else if (ring.length > 0) {
          ring[(total - head.size()) % ring.length] = new Place(m, at);
        }
        total++;
      }
    }
    int beyond = total - head.size();
    List<Place> tail = new ArrayList<>();
    for (int k = Math.max(0, beyond - ring.length); k < beyond; k++) {
      tail.add(ring[k % ring.length]);
    }
    return new Scan(total, head, tail);
  }
}
