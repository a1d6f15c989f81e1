package io.sculptor.core.internal;

import java.util.Locale;

/** The text the view shows in place of folded and summarized spans. */
public final class Markers {
  private Markers() {}

  /** {@return the marker for one folded span of fragment {@code id}} */
  public static String folded(String id, int part, int parts, int hiddenCharacters) {
    String where = parts == 1 ? "" : String.format(Locale.ROOT, ", part %d of %d", part, parts);
    return String.format(Locale.ROOT,
        "[fragment %s folded%s: %,d characters hidden; restore_fragment %s shows them]",
        id, where, hiddenCharacters, id);
  }

  /** {@return the text shown for the first span of a summarized fragment} */
  public static String summary(String id, String focus, String summary, int originalCharacters) {
    String about = focus.isBlank() ? "" : " (focus: " + focus.strip() + ")";
    return String.format(Locale.ROOT,
        "[summary of fragment %s%s; restore_fragment %s shows the original %,d characters]\n%s\n[end of summary %s]",
        id, about, id, originalCharacters, summary, id);
  }

  /** {@return the marker for a later span of a summarized fragment} */
  public static String summaryContinued(String id, int summaryMessageIndex) {
    return String.format(Locale.ROOT,
        "[fragment %s continues here; its summary is in message %d]", id, summaryMessageIndex);
  }
}
