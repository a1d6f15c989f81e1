package io.sculptor.core;

import java.util.Random;

/**
 * Deterministic test texts: key-value update streams, the same text as
 * {@code io.sculptor.testing.TestConversations.keyValueStream}, which the core cannot depend on.
 */
final class Streams {
  private Streams() {}

  /** A stream of {@code key: value} lines of about {@code characters} characters. */
  static String keyValueStream(int characters, long seed) {
    Random random = new Random(seed);
    StringBuilder text = new StringBuilder(characters + 64);
    int previous = -1;
    while (text.length() < characters) {
      int key;
      do {
        key = random.nextInt(46);
      } while (key == previous);
      previous = key;
      text.append("key").append(key).append(": value").append(random.nextInt(1_000_000)).append('\n');
    }
    return text.toString();
  }
}
