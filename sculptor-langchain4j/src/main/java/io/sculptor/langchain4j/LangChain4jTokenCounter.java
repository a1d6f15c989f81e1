package io.sculptor.langchain4j;

import dev.langchain4j.model.TokenCountEstimator;
import io.sculptor.core.TokenCounter;
import java.util.Objects;
import java.util.Optional;

/**
 * A LangChain4j {@link TokenCountEstimator} as a Sculptor {@link TokenCounter}, so that budget
 * policies count in the same tokens as the rest of a LangChain4j application. Message framing is
 * counted with Sculptor's default recipe.
 *
 * <p>Stored counts are reused only under a name the application gives ({@link #named(String)}),
 * since an estimator says nothing about its own encoding. Thread-safe when the estimator is.
 *
 * @since 0.1
 */
public final class LangChain4jTokenCounter implements TokenCounter {
  private final TokenCountEstimator estimator;
  private final String encoding;

  private LangChain4jTokenCounter(TokenCountEstimator estimator, String encoding) {
    this.estimator = Objects.requireNonNull(estimator, "estimator");
    this.encoding = encoding;
  }

  /** {@return a counter that asks {@code estimator}} */
  public static LangChain4jTokenCounter of(TokenCountEstimator estimator) {
    return new LangChain4jTokenCounter(estimator, null);
  }

  /**
   * {@return this counter under the encoding name {@code name}}, so that snapshots and stores keep
   * its counts; give a new name whenever the estimator changes
   */
  public LangChain4jTokenCounter named(String name) {
    if (Objects.requireNonNull(name, "name").isBlank()) {
      throw new IllegalArgumentException("encoding name must not be blank");
    }
    return new LangChain4jTokenCounter(estimator, name);
  }

  @Override
  public int countTokens(String text) {
    return text.isEmpty() ? 0 : estimator.estimateTokenCountInText(text);
  }

  @Override
  public Optional<String> encoding() {
    return Optional.ofNullable(encoding);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LangChain4jTokenCounter c && estimator.equals(c.estimator) && Objects.equals(encoding, c.encoding);
  }

  @Override
  public int hashCode() {
    return Objects.hash(estimator, encoding);
  }

  @Override
  public String toString() {
    return "LangChain4jTokenCounter[" + estimator + (encoding == null ? "" : ", " + encoding) + "]";
  }
}
