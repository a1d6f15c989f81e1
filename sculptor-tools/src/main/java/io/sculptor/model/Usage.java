package io.sculptor.model;

import java.util.Objects;

/**
 * The tokens a model call consumed, as the provider reported them.
 *
 * <p>Value semantics, immutable, thread-safe. A class rather than a record, so that later
 * versions can add data without breaking callers.
 *
 * @since 0.1
 */
public final class Usage {
  private final long promptTokens;
  private final long completionTokens;

  private Usage(long promptTokens, long completionTokens) {
    this.promptTokens = promptTokens;
    this.completionTokens = completionTokens;
    if (promptTokens < 0 || completionTokens < 0) {
      throw new IllegalArgumentException("token counts must be >= 0, got [" + promptTokens + ", "
          + completionTokens + "]");
    }
  }

  /**
   * {@return a usage of these counts}, both at least 0
   *
   * @param promptTokens tokens of the request (the view and the tool specs)
   * @param completionTokens tokens of the answer
   */
  public static Usage of(long promptTokens, long completionTokens) {
    return new Usage(promptTokens, completionTokens);
  }

  /** {@return tokens of the request (the view and the tool specs)} */
  public long promptTokens() {
    return promptTokens;
  }

  /** {@return tokens of the answer} */
  public long completionTokens() {
    return completionTokens;
  }

  /** The usage of a response that reported none. */
  public static final Usage UNKNOWN = new Usage(0, 0);

  /** {@return prompt and completion tokens together} */
  public long totalTokens() {
    return promptTokens + completionTokens;
  }

  /** {@return the sum of this usage and {@code other}} */
  public Usage plus(Usage other) {
    return Usage.of(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Usage other
        && promptTokens == other.promptTokens
        && completionTokens == other.completionTokens;
  }

  @Override
  public int hashCode() {
    return Objects.hash(promptTokens, completionTokens);
  }

  @Override
  public String toString() {
    return "Usage[promptTokens=" + promptTokens + ", completionTokens=" + completionTokens + "]";
  }
}
