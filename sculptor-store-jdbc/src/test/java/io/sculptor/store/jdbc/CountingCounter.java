package io.sculptor.store.jdbc;

import io.sculptor.core.TokenCounter;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** The estimator under a named encoding, counting how often it counts. */
final class CountingCounter implements TokenCounter {
  private final String encoding;
  final AtomicLong calls = new AtomicLong();

  CountingCounter(String encoding) {
    this.encoding = encoding;
  }

  @Override
  public int countTokens(String text) {
    calls.incrementAndGet();
    return TokenCounter.estimator().countTokens(text);
  }

  @Override
  public Optional<String> encoding() {
    return Optional.of(encoding);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CountingCounter c && c.encoding.equals(encoding);
  }

  @Override
  public int hashCode() {
    return encoding.hashCode();
  }
}
