package io.sculptor.core.internal;

import java.util.function.Predicate;

/**
 * Deterministic six-character ids: a prefix and five base-36 characters. The n-th id of a sequence
 * is {@code (A * n + B) mod 36^5} written in base 36, where {@code B} comes from the seed and
 * {@code A} is coprime to {@code 36^5}: a bijection, so a sequence never draws the same id twice
 * in its first 60,466,176 draws — an id that was handed out and later forgotten is never reissued.
 *
 * @param seed the seed of the sequence
 * @param counter how many values have been drawn
 */
public record IdSequence(long seed, long counter) {
  private static final int SPACE = 36 * 36 * 36 * 36 * 36;

  /**
   * How many distinct ids a sequence draws, 36^5 = 60,466,176: the largest counter a sequence
   * reaches before its ids repeat. A counter outside {@code [0, CAPACITY]} was never reached by
   * drawing; a negative one (or one near {@link Long#MAX_VALUE}, which overflows) breaks
   * {@link #next(char, Predicate)}.
   */
  public static final long CAPACITY = SPACE;
  /** Coprime to 2 and 3, hence to 36^5; spreads consecutive ids over the space. */
  private static final long STRIDE = 23_456_789L;
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
    long offset = Long.remainderUnsigned(mix(seed), SPACE);
    long c = counter;
    while (true) {
      c++;
      int n = (int) ((STRIDE * (c % SPACE) + offset) % SPACE);
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
