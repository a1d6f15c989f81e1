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
  /** The usage of a response that reported none. */
  public static final Usage UNKNOWN = new Usage(0, 0, 0, 0, 0);

  private final long promptTokens;
  private final long completionTokens;
  private final long cachedPromptTokens;
  private final long cacheWriteTokens;
  private final long reasoningTokens;

  private Usage(long promptTokens, long completionTokens, long cachedPromptTokens,
      long cacheWriteTokens, long reasoningTokens) {
    if (promptTokens < 0 || completionTokens < 0 || cachedPromptTokens < 0 || cacheWriteTokens < 0
        || reasoningTokens < 0) {
      throw new IllegalArgumentException("token counts must be >= 0, got [" + promptTokens + ", "
          + completionTokens + ", " + cachedPromptTokens + ", " + cacheWriteTokens + ", "
          + reasoningTokens + "]");
    }
    this.promptTokens = promptTokens;
    this.completionTokens = completionTokens;
    this.cachedPromptTokens = cachedPromptTokens;
    this.cacheWriteTokens = cacheWriteTokens;
    this.reasoningTokens = reasoningTokens;
  }

  /**
   * {@return a usage of these counts}, both at least 0, with no cache or reasoning detail
   *
   * @param promptTokens tokens of the request (the view and the tool specs)
   * @param completionTokens tokens of the answer
   */
  public static Usage of(long promptTokens, long completionTokens) {
    return new Usage(promptTokens, completionTokens, 0, 0, 0);
  }

  /**
   * {@return a usage with cache and reasoning detail}; every count at least 0
   *
   * @param promptTokens tokens of the request, cached ones included
   * @param completionTokens tokens of the answer, reasoning included
   * @param cachedPromptTokens prompt tokens the provider read from its prompt cache
   * @param cacheWriteTokens prompt tokens the provider wrote to its prompt cache (Anthropic's
   *     {@code cache_creation_input_tokens}; 0 where the provider does not report it)
   * @param reasoningTokens completion tokens spent on reasoning
   */
  public static Usage of(long promptTokens, long completionTokens, long cachedPromptTokens,
      long cacheWriteTokens, long reasoningTokens) {
    return new Usage(promptTokens, completionTokens, cachedPromptTokens, cacheWriteTokens,
        reasoningTokens);
  }

  /** {@return tokens of the request (the view and the tool specs), cached ones included} */
  public long promptTokens() {
    return promptTokens;
  }

  /** {@return tokens of the answer, reasoning included} */
  public long completionTokens() {
    return completionTokens;
  }

  /**
   * {@return prompt tokens the provider read from its prompt cache}, 0 if not reported
   */
  public long cachedPromptTokens() {
    return cachedPromptTokens;
  }

  /**
   * {@return prompt tokens the provider wrote to its prompt cache}, 0 if not reported
   */
  public long cacheWriteTokens() {
    return cacheWriteTokens;
  }

  /**
   * {@return completion tokens spent on reasoning}, 0 if not reported
   */
  public long reasoningTokens() {
    return reasoningTokens;
  }

  /** {@return prompt and completion tokens together} */
  public long totalTokens() {
    return promptTokens + completionTokens;
  }

  /** {@return the sum of this usage and {@code other}, count by count} */
  public Usage plus(Usage other) {
    return new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens,
        cachedPromptTokens + other.cachedPromptTokens, cacheWriteTokens + other.cacheWriteTokens,
        reasoningTokens + other.reasoningTokens);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Usage other
        && promptTokens == other.promptTokens
        && completionTokens == other.completionTokens
        && cachedPromptTokens == other.cachedPromptTokens
        && cacheWriteTokens == other.cacheWriteTokens
        && reasoningTokens == other.reasoningTokens;
  }

  @Override
  public int hashCode() {
    return Objects.hash(promptTokens, completionTokens, cachedPromptTokens, cacheWriteTokens,
        reasoningTokens);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("Usage[promptTokens=").append(promptTokens)
        .append(", completionTokens=").append(completionTokens);
    if (cachedPromptTokens != 0 || cacheWriteTokens != 0 || reasoningTokens != 0) {
      text.append(", cachedPromptTokens=").append(cachedPromptTokens)
          .append(", cacheWriteTokens=").append(cacheWriteTokens)
          .append(", reasoningTokens=").append(reasoningTokens);
    }
    return text.append(']').toString();
  }
}
