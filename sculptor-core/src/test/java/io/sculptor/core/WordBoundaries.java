package io.sculptor.core;

/**
 * The test oracle for "no cut inside a word", written apart from the splitter's own ranking so that
 * the two cannot share a mistake.
 */
final class WordBoundaries {
  private WordBoundaries() {}

  /**
   * {@return whether a word continues across the place before {@code text.charAt(at)}}: a letter or
   * digit on both sides, unless both are CJK characters (scripts without spaces between words)
   */
  static boolean cutsWord(String text, int at) {
    if (at <= 0 || at >= text.length()) {
      return false;
    }
    int before = text.codePointBefore(at);
    int after = text.codePointAt(at);
    return Character.isLetterOrDigit(before) && Character.isLetterOrDigit(after)
        && !(isCjk(before) && isCjk(after));
  }

  /** {@return whether {@code codePoint} is ideographic, hiragana, katakana or hangul} */
  static boolean isCjk(int codePoint) {
    if (Character.isIdeographic(codePoint)) {
      return true;
    }
    Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
    return script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA
        || script == Character.UnicodeScript.HANGUL;
  }
}
