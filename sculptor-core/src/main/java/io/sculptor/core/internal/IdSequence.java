package io.sculptor.core.internal;

import java.util.function.Predicate;

/**
 * Deterministic six-character ids: a prefix and five base-36 characters drawn from a SplitMix64
 * stream over {@code (seed, counter)}. The same seed and the same number of ids drawn give the same
 * ids; ids that are taken are skipped, so they are unique within a state.
 *
 * @param seed the seed of the stream
 * @param counter how many values have been drawn
 */
public record IdSequence(long seed, long counter) {
  private static final int SPACE = 36 * 36 * 36 * 36 * 36;
  private static final char[] DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

  /**
   * The id drawn and the sequence to draw the next one from.
   *
   * @param id the id
   * @param next the advanced sequence
   */
  public record Draw(String id, IdSequence next) {}

  /** {@return the next id with {@code prefix} that {@code taken} does not reject} */
  public Draw next(char prefix, Predicate<String> taken) {
    long c = counter;
    while (true) {
      long value = mix(seed + (++c) * 0x9E3779B97F4A7C15L);
      int n = (int) Long.remainderUnsigned(value, SPACE);
      char[] chars = new char[6];
      chars[0] = prefix;
      for (int i = 5; i >= 1; i--) {
        chars[i] = DIGITS[n % 36];
        n /= 36;
      }
      String id = new String(chars);
      if (!taken.test(id)) {
        return new Draw(id, new IdSequence(seed, c));
      }
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
