package io.sculptor.tools;

import io.sculptor.core.internal.Preconditions;
import io.sculptor.tools.internal.ExtractiveSelection;

/**
 * A deterministic summarizer that needs no model: it keeps whole lines (and, of long lines of
 * prose, whole sentences) of the source in their original order, chosen as an engineer reads tool
 * output.
 *
 * <p>It keeps error and failure lines with their nearest context (the lines around them, the line
 * they are indented under, the commit, file or test they belong to), the frame of the
 * application's own code nearest to an exception in a stack trace (not the library frames), file
 * paths with line numbers, test names with their status and the counts of passed and failed tests,
 * labelled values ({@code expected:}, {@code Exit Code:}) and changes ({@code 30 -> 5}, diff
 * lines). It leaves out passing tests, lines repeated with other numbers, library frames, help
 * boilerplate and decoration. Lines and sentences that mention the focus weigh more, the rarer the
 * focus word the more; a focus word matches the words of the source that begin with it, regardless
 * of case and of the endings {@code -ing}, {@code -ed} and a plural {@code s}. How well this keeps
 * what matters is measured on a corpus of real-shaped tool outputs (see {@code docs/tools.md}).
 *
 * <p>The bound is a quarter of the source, but at least 160 characters or half the source,
 * whichever is less, and never more than {@code maxCharacters}. When even the best line is longer,
 * it is cut at a word boundary and ends with an ellipsis. The time taken is linear in the length of
 * the source and of the focus. Immutable, thread-safe.
 *
 * @since 0.1
 */
public final class ExtractiveSummarizer implements Summarizer {
  private final int maxCharacters;

  private ExtractiveSummarizer(int maxCharacters) {
    this.maxCharacters = maxCharacters;
  }

  /** {@return a summarizer whose summaries have at most 1,000 characters} */
  public static ExtractiveSummarizer create() {
    return new ExtractiveSummarizer(1000);
  }

  /**
   * {@return a summarizer whose summaries have at most {@code maxCharacters} characters}
   *
   * @param maxCharacters the bound, at least 80
   */
  public static ExtractiveSummarizer withMaxCharacters(int maxCharacters) {
    return new ExtractiveSummarizer(Preconditions.atLeast(maxCharacters, 80, "maxCharacters"));
  }

  @Override
  public String summarize(String text, String focus) {
    long floor = Math.min(160, text.length() / 2L);
    int budget = (int) Math.min(maxCharacters, Math.max(floor, text.length() / 4L));
    return ExtractiveSelection.summarize(text, focus, Math.max(2, budget));
  }

  @Override
  public String toString() {
    return "ExtractiveSummarizer[maxCharacters=" + maxCharacters + "]";
  }
}
