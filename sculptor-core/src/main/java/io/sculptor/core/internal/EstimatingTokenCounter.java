package io.sculptor.core.internal;

import io.sculptor.core.TokenCounter;

/**
 * Estimates tokens without a vocabulary: a run of ASCII letters and digits costs one token per
 * four characters (rounded up), every other visible character costs one, and whitespace is free
 * because byte-pair tokenizers attach it to the following word. Counts of pieces cut at spaces or
 * line breaks add up exactly to the count of the whole.
 */
public final class EstimatingTokenCounter implements TokenCounter {
  /** The shared, stateless instance. */
  public static final EstimatingTokenCounter INSTANCE = new EstimatingTokenCounter();

  private EstimatingTokenCounter() {}

  @Override
  public int countTokens(String text) {
    int tokens = 0;
    int run = 0;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 128 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z' || c >= '0' && c <= '9')) {
        run++;
        continue;
      }
      tokens += (run + 3) >> 2;
      run = 0;
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || Character.isLowSurrogate(c)) {
        continue;
      }
      if (c >= 128 && Character.isWhitespace(c)) {
        continue;
      }
      tokens++;
    }
    return tokens + ((run + 3) >> 2);
  }

  @Override
  public java.util.Optional<String> encoding() {
    return java.util.Optional.of("sculptor-estimator-1");
  }

  @Override
  public String toString() {
    return "TokenCounter.estimator()";
  }
}
