package io.sculptor.tools.internal;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What one line of tool output says about itself, as an engineer reads it: whether it reports an
 * error, names a file and line, counts results, labels a value, shows a change, or is noise
 * (passing statuses, library stack frames, help boilerplate, decoration). Only the first
 * {@value #EXAMINED} characters of a line are examined, so the cost per line is bounded.
 * Immutable, thread-safe.
 */
record LineSignals(int error, boolean location, boolean tally, boolean label, boolean change, boolean passing,
    boolean warning, boolean definition, boolean advice, boolean pointer, boolean codeFrame, boolean failStatus,
    boolean frame, boolean libraryFrame,
    boolean boilerplate, boolean decoration, boolean banner, boolean recordStart, boolean prose, int words) {
  /** How many characters of a line are examined. */
  static final int EXAMINED = 1000;

  /** An error word in the text of a line. */
  static final int ERROR_WORD = 2;
  /** An error only in the line's log-level tag ({@code [ERROR]}, {@code npm ERR!}) or pytest's {@code E} prefix. */
  static final int ERROR_TAG = 1;

  private static final Set<String> ERROR_WORDS = Set.of("error", "errors", "err", "failed", "failure",
      "failures", "fail", "fails", "fatal", "panic", "panicked", "exception", "traceback", "abort", "aborted",
      "denied", "refused", "unable", "cannot", "killed", "oomkilled", "crashloopbackoff", "backoff", "unhealthy",
      "regressed", "segfault", "undeclared", "undefined", "mismatched", "incompatible", "conflict", "violates",
      "unresolved", "unreachable", "invalid", "eresolve");
  private static final Set<String> FAIL_STATUS = Set.of("failed", "fail", "error", "failure", "✘", "✗");
  private static final String[] ERROR_PHRASES = {"not found", "could not", "couldn't", "can't", "did not",
      "no such", "timed out", "no module named", "does not exist", "✘", "✖", "×"};
  private static final Set<String> PASSING_WORDS = Set.of("passed", "pass", "ok", "success", "successful",
      "up-to-date", "no-source", "skipped", "cached", "downloaded", "downloading", "compiling", "✔", "✓");
  private static final Set<String> PASS_STATUS = Set.of("passed", "pass", "ok", "success", "successful", "✔", "✓");
  private static final String[] BOILERPLATE = {"re-run", "rerun ", "for more information", "please refer to",
      "a complete log", "full report", "full stack trace", "[help 1]", "run with --", "* try:", "rust_backtrace",
      "--explain", "thanks for using", "docs: https://", "watch usage", "get full insights",
      "consider using --", "see the report at", "resume the build", "mvn <args>", "have valid python names"};
  private static final String[] LIBRARY_PREFIXES = {"java.", "javax.", "jdk.", "sun.", "com.sun.", "jakarta.",
      "org.junit.", "org.opentest4j.", "org.springframework.", "org.apache.", "org.hibernate.", "org.gradle.",
      "org.postgresql.", "com.zaxxer.", "kotlin.", "scala.", "org.eclipse.", "io.netty.", "reactor.", "node:",
      "testing.", "runtime.", "worker.", "org.mockito.", "net.bytebuddy."};
  private static final String[] LIBRARY_PATHS = {"site-packages", "dist-packages", "/usr/lib/", "/usr/local/go/src/",
      "/rustc/", ".cargo/registry", "node_modules", "<anonymous>", "(node:", "<frozen ", "importlib"};
  private static final Pattern LOCATION = Pattern.compile(
      "[\\w$@.\\-/\\\\]{1,200}\\.[A-Za-z]{1,6}(?::\\[?\\d|\\(\\d|:\\d)|\"[^\"]{1,200}\", line \\d"
          + "|\\b(?:Makefile|Dockerfile|Gemfile|Rakefile):\\d");
  private static final Pattern TALLY = Pattern.compile(
      "(?i)\\b\\d[\\d,]* (?:passed|failed|errors?|warnings?|problems?|tests?|skipped|ignored|failures?"
          + "|to add|to change|to destroy)\\b|tests run: \\d|test result:|^tests:\\s"
          + "|\\bfound \\d+ (?:errors?|problems?|issues?|vulnerabilit|warnings?)");
  private static final Pattern LABEL = Pattern.compile(
      "(?i)^(?:e\\s+|\\[\\w+]\\s+)?\"?(?:expected|actual|received|left|right|got|want|detail|caused by|symbol|"
          + "location|reason|exit ?code|exitcode|restart ?count|restartcount|ready|state|status|code|message|"
          + "default|help|retry-after|found)\"?\\s*[:=]|but was:?\\s*<");
  private static final Pattern CHANGE = Pattern.compile(
      "[\\w\"')\\]]\\s+(?:->|→)\\s+[\\w\"'(]|(?i)\\bfrom [^\\s\\d]*\\d\\S* (?:\\w+ )?to [^\\s\\d]*\\d"
          + "|\\b(?:regressed|improved)\\b");
  private static final Pattern ADVICE = Pattern.compile(
      "(?i)did you mean|please install|\\binstead\\b|^(?:\\S+\\s+)?(?:help|hint|action|suggestion):|\\bconsider |"
          + "\\bfix the\\b|\\bor retry\\b|\\btry (?:running|again|to)\\b|\\bidentify and\\b");
  private static final Pattern POINTER = Pattern.compile("^>\\s{2,}\\S|\\s>>>\\s");
  private static final Pattern CODE_FRAME = Pattern.compile("^\\d+\\s*\\|");
  private static final Pattern NOTE = Pattern.compile("(?i)^note:|:\\d+(?::\\d+)?: note:|^\\s*= note:");
  private static final Pattern WARNING = Pattern.compile("(?i)\\bwarning\\b");
  private static final Pattern HTTP_ERROR = Pattern.compile("^HTTP/[\\d.]+ [45]\\d\\d\\b");
  private static final Pattern DEFINITION = Pattern.compile(
      "\\b(?:class|interface|enum|record|struct|trait|def|fn|func|function)\\s+[A-Za-z_]"
          + "|\\b(?:public|private|protected)\\s+(?:static\\s+)?(?:final\\s+)?[\\w<>\\[\\]]+(?:\\s+\\w+)?\\s*\\(");
  private static final Pattern RECORD_START = Pattern.compile(
      "^(?:commit [0-9a-f]{7,}|diff --git |\\+\\+\\+ |--- FAIL|--- PASS|-{3,} .{1,160} -{3,}$|_{3,} .{1,160} _{3,}$|●|"
          + "# \\S+ (?:will|must) be|\\[INFO] Running |Running |(?:/|\\./)?[\\w.@-]+(?:/[\\w.@-]+)+$)");

  /** {@return the signals of {@code line}} */
  static LineSignals of(String line) {
    String head = line.length() > EXAMINED ? line.substring(0, EXAMINED) : line;
    String stripped = head.strip();
    String lower = stripped.toLowerCase(Locale.ROOT);
    int letters = 0;
    int symbols = 0;
    int words = 0;
    for (int i = 0; i < stripped.length(); i++) {
      char c = stripped.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        letters++;
        if (i == 0 || !Character.isLetterOrDigit(stripped.charAt(i - 1))) {
          words++;
        }
      } else if (!Character.isWhitespace(c)) {
        symbols++;
      }
    }
    String untagged = untagged(stripped);
    boolean passing = lastWordIn(lower, PASS_STATUS);
    boolean said = errorIn(untagged.toLowerCase(Locale.ROOT)) || HTTP_ERROR.matcher(stripped).find()
        || stripped.startsWith("● ");
    boolean warning = !said && WARNING.matcher(untagged).find();
    boolean quiet = passing || NOTE.matcher(stripped).find();
    int error = quiet ? 0 : said ? ERROR_WORD
        : !untagged.isEmpty() && untagged.length() < stripped.length() && isErrorTag(stripped) ? ERROR_TAG : 0;
    boolean frame = isFrame(stripped);
    boolean location = LOCATION.matcher(stripped).find();
    return new LineSignals(error, location, TALLY.matcher(stripped).find(), LABEL.matcher(untagged).find(),
        CHANGE.matcher(stripped).find() && !lower.contains("known after apply"),
        error == 0 && (passing || isPassing(lower)), error == 0 && warning,
        DEFINITION.matcher(stripped).find(), ADVICE.matcher(stripped).find(), POINTER.matcher(stripped).find(),
        CODE_FRAME.matcher(stripped).find(), lastWordIn(lower, FAIL_STATUS), frame,
        (frame || location) && isLibrary(stripped), isBoilerplate(lower), letters == 0 || untagged.isEmpty(),
        isBanner(stripped), RECORD_START.matcher(stripped).find(), isProse(stripped, letters), words);
  }

  /** {@return whether the line hides nothing worth keeping} */
  boolean noise() {
    return decoration || boilerplate || libraryFrame;
  }

  /** {@return {@code line} without a leading log-level tag or pytest's {@code E} prefix} */
  private static String untagged(String line) {
    return line.substring(tagLength(line)).strip();
  }

  /** {@return the length of the log-level tag or pytest's {@code E} prefix that {@code line} starts with; 0 if none} */
  static int tagLength(String line) {
    for (String tag : new String[] {"[ERROR]", "[WARNING]", "[WARN]", "[INFO]", "npm ERR!", "npm WARN", "E "}) {
      if (line.startsWith(tag)) {
        return tag.length();
      }
    }
    return 0;
  }

  private static boolean isErrorTag(String line) {
    return line.startsWith("[ERROR]") || line.startsWith("npm ERR!") || line.startsWith("E ");
  }

  private static boolean errorIn(String lower) {
    for (String phrase : ERROR_PHRASES) {
      if (lower.contains(phrase)) {
        return true;
      }
    }
    int i = 0;
    while (i < lower.length()) {
      if (!Character.isLetter(lower.charAt(i))) {
        i++;
        continue;
      }
      int end = i;
      boolean letters = true;
      while (end < lower.length() && (Character.isLetterOrDigit(lower.charAt(end)) || lower.charAt(end) == '_'
          || lower.charAt(end) == '-')) {
        letters &= Character.isLetter(lower.charAt(end));
        end++;
      }
      String word = lower.substring(i, end);
      boolean named = ERROR_WORDS.contains(word) || letters && word.length() > 6 && (word.endsWith("error")
          || word.endsWith("exception") || word.endsWith("errors") || word.endsWith("exceptions"));
      if (named && !countsZero(lower, i, end) && !partOfName(lower, i, end)) {
        return true;
      }
      i = end;
    }
    return false;
  }

  /**
   * Whether the word at {@code [start, end)} is part of a path, a file name or a call rather than
   * said: {@code internal/backoff}, {@code errors.ts}, {@code panic(…)}.
   */
  private static boolean partOfName(String lower, int start, int end) {
    char before = start > 0 ? lower.charAt(start - 1) : ' ';
    char after = end < lower.length() ? lower.charAt(end) : ' ';
    char afterNext = end + 1 < lower.length() ? lower.charAt(end + 1) : ' ';
    return before == '/' || before == '\\' || after == '/' || after == '('
        || after == '.' && Character.isLetter(afterNext);
  }

  /** Whether the word at {@code [start, end)} is counted as none: {@code 0 errors}, {@code Failures: 0}. */
  private static boolean countsZero(String lower, int start, int end) {
    // Back over spaces and at most one word ("0 tests failed"), then a lone 0.
    int i = start - 1;
    for (int words = 0; words < 2 && i >= 0; words++) {
      while (i >= 0 && lower.charAt(i) == ' ') {
        i--;
      }
      if (i >= 0 && lower.charAt(i) == '0' && (i == 0 || !Character.isLetterOrDigit(lower.charAt(i - 1))
          && lower.charAt(i - 1) != '.')) {
        return true;
      }
      while (i >= 0 && Character.isLetter(lower.charAt(i))) {
        i--;
      }
    }
    i = end;
    while (i < lower.length() && (lower.charAt(i) == ':' || lower.charAt(i) == '=' || lower.charAt(i) == ' ')) {
      i++;
    }
    return i > end && i < lower.length() && lower.charAt(i) == '0'
        && (i + 1 == lower.length() || !Character.isDigit(lower.charAt(i + 1)) && lower.charAt(i + 1) != '.');
  }

  /** Whether the last word of the line is one of {@code statuses}, as in {@code test x ... ok} or {@code x PASSED [ 2%]}. */
  private static boolean lastWordIn(String lower, Set<String> statuses) {
    int end = lower.length();
    while (end > 0 && !Character.isLetter(lower.charAt(end - 1)) && "✔✓✘✗".indexOf(lower.charAt(end - 1)) < 0) {
      end--;
    }
    int start = end;
    while (start > 0 && !Character.isWhitespace(lower.charAt(start - 1))) {
      start--;
    }
    return end > start && statuses.contains(lower.substring(start, end));
  }

  private static boolean isPassing(String lower) {
    int i = 0;
    while (i < lower.length()) {
      int end = i;
      while (end < lower.length() && !Character.isWhitespace(lower.charAt(end))) {
        end++;
      }
      if (end > i && PASSING_WORDS.contains(lower.substring(i, end))) {
        return true;
      }
      i = end + 1;
    }
    return false;
  }

  private static boolean isBoilerplate(String lower) {
    for (String phrase : BOILERPLATE) {
      if (lower.contains(phrase)) {
        return true;
      }
    }
    return false;
  }

  /** A stack frame: Java's and JavaScript's {@code at …}, Python's {@code File "…", line N}, a Go source line. */
  private static boolean isFrame(String line) {
    return line.startsWith("at ") || line.startsWith("File \"") || line.matches("\\S+\\.go:\\d+ \\+0x\\p{XDigit}+")
        || line.matches("\\S+:\\d+: in \\S+")
        || line.matches("[\\w$./]+\\([\\w$]+\\.(?:java|kt|scala|groovy):\\d+\\)");
  }

  private static boolean isLibrary(String frame) {
    for (String path : LIBRARY_PATHS) {
      if (frame.contains(path)) {
        return true;
      }
    }
    String name = frame.startsWith("at ") ? frame.substring(3).strip() : frame;
    int module = name.lastIndexOf('/', Math.max(0, name.indexOf('(')));
    if (module >= 0 && !name.startsWith("/") && !name.startsWith("file:")) {
      name = name.substring(module + 1);
    }
    for (String prefix : LIBRARY_PREFIXES) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** A line framed by runs of one symbol: {@code ===== FAILURES =====}, {@code ___ test_x ___}. */
  private static boolean isBanner(String line) {
    return line.length() >= 8 && run(line, 0, 1) >= 3 && run(line, line.length() - 1, -1) >= 3;
  }

  private static int run(String line, int from, int direction) {
    char c = line.charAt(from);
    if (Character.isLetterOrDigit(c) || Character.isWhitespace(c)) {
      return 0;
    }
    int length = 0;
    for (int i = from; i >= 0 && i < line.length() && line.charAt(i) == c; i += direction) {
      length++;
    }
    return length;
  }

  /** A sentence of prose: several words, mostly letters, ending like a sentence. */
  private static boolean isProse(String line, int letters) {
    if (line.length() < 40 || letters < line.length() * 0.7) {
      return false;
    }
    char last = line.charAt(line.length() - 1);
    return (last == '.' || last == '!' || last == '?' || last == ':') && line.split("\\s+").length >= 6;
  }
}
