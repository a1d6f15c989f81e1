package io.sculptor.model;

/**
 * The tokens a model call consumed, as the provider reported them.
 *
 * @param promptTokens tokens of the request (the view and the tool specs)
 * @param completionTokens tokens of the answer
 * @since 0.1
 */
public record Usage(long promptTokens, long completionTokens) {
  /** The usage of a response that reported none. */
  public static final Usage UNKNOWN = new Usage(0, 0);

  /** Checks that both counts are non-negative. */
  public Usage {
    if (promptTokens < 0 || completionTokens < 0) {
      throw new IllegalArgumentException("token counts must be >= 0, got [" + promptTokens + ", "
          + completionTokens + "]");
    }
  }

  /** {@return prompt and completion tokens together} */
  public long totalTokens() {
    return promptTokens + completionTokens;
  }

  /** {@return the sum of this usage and {@code other}} */
  public Usage plus(Usage other) {
    return new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
  }
}
