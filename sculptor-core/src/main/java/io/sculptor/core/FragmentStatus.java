package io.sculptor.core;

import java.util.Objects;

/**
 * How a fragment shows in the view: as its original text, folded away behind a marker, or
 * replaced by a summary. The original text is kept in every case.
 *
 * @since 0.1
 */
public sealed interface FragmentStatus {
  /** {@return the status of a fragment that shows its original text} */
  static FragmentStatus visible() {
    return Visible.INSTANCE;
  }

  /** {@return the status of a fragment hidden behind a fold marker} */
  static FragmentStatus folded() {
    return Folded.INSTANCE;
  }

  /** {@return the status of a fragment replaced by {@code summary}} */
  static FragmentStatus summarized(Summary summary) {
    return new Summarized(summary);
  }

  /** {@return whether the original text of the fragment is hidden from the view} */
  default boolean hidesOriginal() {
    return !(this instanceof Visible);
  }

  /** The fragment shows its original text. */
  enum Visible implements FragmentStatus {
    /** The only instance. */
    INSTANCE;

    @Override
    public String toString() {
      return "visible";
    }
  }

  /** The fragment is folded: the view shows a short marker naming it. */
  enum Folded implements FragmentStatus {
    /** The only instance. */
    INSTANCE;

    @Override
    public String toString() {
      return "folded";
    }
  }

  /**
   * The fragment is summarized: the view shows the summary, marked with the fragment's id.
   *
   * @param summary the summary shown instead of the original text
   */
  record Summarized(Summary summary) implements FragmentStatus {
    /** Checks that the summary is not null. */
    public Summarized {
      Objects.requireNonNull(summary, "summary");
    }

    @Override
    public String toString() {
      return "summarized";
    }
  }
}
