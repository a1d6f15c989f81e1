package io.sculptor.core.internal;

/**
 * Ranks the places between two characters as cut points for splitting text into fragments. A
 * lower rank is a better place: line breaks first, then the ends of sentences, of clauses, any
 * whitespace, whitespace after a colon (a colon binds what follows it to what precedes it, as in
 * {@code key: value}), and last the places between two CJK characters, which have no spaces
 * between words.
 * A place inside a word, a surrogate pair or a grapheme cluster is never a cut point.
 */
public final class CutPoints {
  /** The rank of a message boundary or a place after a line break. */
  public static final int LINE = 0;
  /** The rank of a place after the end of a sentence. */
  public static final int SENTENCE = 1;
  /** The rank of a place after a comma or semicolon. */
  public static final int CLAUSE = 2;
  /** The rank of a place after other whitespace. */
  public static final int SPACE = 3;
  /** The rank of a place after a colon: it would part a key from its value. */
  public static final int AFTER_COLON = 4;
  /** The rank of a place between two CJK characters. */
  public static final int CJK = 5;
  /** The value for a place that must not be cut. */
  public static final int NEVER = Integer.MAX_VALUE;

  private CutPoints() {}

  /** {@return the rank of the place before {@code text.charAt(at)}, for {@code 0 < at < length}} */
  public static int rank(String text, int at) {
    char prev = text.charAt(at - 1);
    char next = text.charAt(at);
    if (Character.isLowSurrogate(next) || joinsPrevious(next) || prev == '\u200D') {
      return NEVER;
    }
    if (prev == '\n') {
      return LINE;
    }
    if (Character.isWhitespace(prev)) {
      char before = at >= 2 ? text.charAt(at - 2) : ' ';
      if (before == '.' || before == '!' || before == '?') {
        return SENTENCE;
      }
      if (before == ',' || before == ';') {
        return CLAUSE;
      }
      if (before == ':') {
        return AFTER_COLON;
      }
      return SPACE;
    }
    if (prev == '。' || prev == '！' || prev == '？') {
      return SENTENCE;
    }
    if (prev == '，' || prev == '；' || prev == '、') {
      return CLAUSE;
    }
    if (prev == '：') {
      return AFTER_COLON;
    }
    if (isCjk(text.codePointBefore(at)) && isCjk(text.codePointAt(at))) {
      return CJK;
    }
    return NEVER;
  }

  private static boolean joinsPrevious(char c) {
    int type = Character.getType(c);
    return type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || c == '\u200D'
        || c >= '\uFE00' && c <= '\uFE0F';
  }

  private static boolean isCjk(int codePoint) {
    if (Character.isIdeographic(codePoint)) {
      return true;
    }
    Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
    return script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA
        || script == Character.UnicodeScript.HANGUL;
  }
}
