package io.sculptor.core;

import java.util.Objects;

/**
 * A summary that stands in for a fragment in the view, and the focus it was written for.
 *
 * @param text the summary text; must not be blank
 * @param focus what the summary concentrates on, e.g. {@code "key decisions"}; may be empty
 * @since 0.1
 */
public record Summary(String text, String focus) {
  /** Checks that the text is not blank and that neither component is null. */
  public Summary {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(focus, "focus");
    if (text.isBlank()) {
      throw new IllegalArgumentException("summary text must not be blank");
    }
  }
}
