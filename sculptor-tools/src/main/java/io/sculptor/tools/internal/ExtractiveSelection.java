package io.sculptor.tools.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chooses the lines and sentences of a text that a model-free summary keeps, as an engineer would
 * read tool output: error and failure lines with their nearest context (the line before and after,
 * the line they are indented under, the record they belong to such as a commit or a file), the
 * first frame of the application's own code in a stack trace, file paths with line numbers, test
 * results and counts, labelled values ({@code expected:}, {@code Exit Code:}), changes
 * ({@code 30 -> 5}, diff lines), and for prose the sentences that mention the focus. Noise — passing
 * tests, lines repeated with other numbers, library stack frames, help boilerplate, decoration — is
 * left out.
 *
 * <p>Every unit gets an integer score from its own signals plus bonuses from its neighbours within a
 * fixed window; units are taken from the highest score down (earlier first among equals) while they
 * fit the budget, and returned in their original order. Each step is one pass over the units or a
 * bucket sort of bounded scores, so the time is linear in the length of the text. Deterministic.
 */
public final class ExtractiveSelection {
  /** Lines longer than this that hold several sentences are split into them. */
  private static final int SPLIT_LENGTH = 160;
  /** How far, in lines, context is looked for around a unit. */
  private static final int WINDOW = 64;
  /** How far apart, in lines, a blank line may separate a unit from the line it is indented under. */
  private static final int NEARBY = 6;
  private static final int MAX_SCORE = 2047;
  private static final Pattern ELAPSED = Pattern.compile("\\d+\\.\\d+\\s+");
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[\\p{Lu}\"'(\\[«])|(?<=[。！？])");

  private ExtractiveSelection() {}

  /** One line, or one sentence of a long line, with where it stands. */
  private record Unit(String text, int line, int indent, char first, LineSignals signals) {}

  /** A line that only points at the one above it: {@code ^}, {@code ~~~~}. */
  private static final Pattern CARET = Pattern.compile("[\\s|]*[\\^~][\\s^~|+-]*");

  /**
   * {@return the summary of {@code text}: its most telling units in their original order, one per
   * line, at most {@code budget} characters}; empty when the text is blank
   *
   * @param text the source
   * @param focus what to concentrate on; may be empty
   * @param budget the most characters the summary may have, at least 2
   */
  public static String summarize(String text, String focus, int budget) {
    List<Unit> units = units(text);
    if (units.isEmpty()) {
      return "";
    }
    int[] scores = scores(units, FocusTerms.of(focus));
    List<Integer> chosen = choose(units, scores, budget);
    if (chosen.isEmpty()) {
      int best = 0;
      for (int u = 1; u < units.size(); u++) {
        if (scores[u] > scores[best]) {
          best = u;
        }
      }
      return cut(units.get(best).text(), budget);
    }
    StringBuilder summary = new StringBuilder();
    for (int u : chosen) {
      summary.append(summary.length() == 0 ? "" : "\n").append(units.get(u).text());
    }
    return summary.toString();
  }

  /**
   * {@return each unit of {@code text} on one line with its score, marked {@code *} when the
   * summary keeps it}: what {@link #summarize} decides, for diagnosing its choices (scores below
   * -999 are noise, never kept)
   *
   * @param text the source
   * @param focus what to concentrate on; may be empty
   * @param budget the most characters the summary may have, at least 2
   */
  public static String explain(String text, String focus, int budget) {
    List<Unit> units = units(text);
    int[] scores = scores(units, FocusTerms.of(focus));
    Set<Integer> chosen = new HashSet<>(choose(units, scores, budget));
    StringBuilder out = new StringBuilder();
    for (int u = 0; u < units.size(); u++) {
      out.append(chosen.contains(u) ? '*' : ' ').append(String.format(Locale.ROOT, "%6d ", Math.max(-999, scores[u])))
          .append(units.get(u).text()).append('\n');
    }
    return out.toString();
  }

  /** Lines, and long lines of prose split into sentences; stripped, blank ones left out. */
  private static List<Unit> units(String text) {
    List<Unit> units = new ArrayList<>();
    String[] lines = text.split("\r?\n");
    for (int l = 0; l < lines.length; l++) {
      String line = lines[l];
      String stripped = line.strip();
      // Docker's BuildKit starts each line of a step's output with the seconds since it began.
      Matcher time = ELAPSED.matcher(stripped);
      String content = time.lookingAt() ? stripped.substring(time.end()) : stripped;
      if (content.isEmpty()) {
        continue;
      }
      // Indentation counts after a timestamp or a log-level tag, where the structure of the output is.
      int indent = time.lookingAt() ? indentation(stripped.substring(time.group().stripTrailing().length()))
          : indentation(line) + indentation(content.substring(LineSignals.tagLength(content)));
      char first = content.charAt(0) == line.charAt(0) ? content.charAt(0) : ' ';
      if (stripped.length() > SPLIT_LENGTH) {
        for (String sentence : SENTENCE_END.split(stripped)) {
          String s = sentence.strip();
          if (!s.isEmpty()) {
            units.add(new Unit(s, l, indent, first, LineSignals.of(s)));
          }
        }
      } else {
        units.add(new Unit(stripped, l, indent, first, LineSignals.of(content)));
      }
    }
    return units;
  }

  private static int indentation(String line) {
    int indent = 0;
    for (int i = 0; i < line.length() && Character.isWhitespace(line.charAt(i)); i++) {
      indent += line.charAt(i) == '\t' ? 4 : 1;
    }
    return indent;
  }

  private static int[] scores(List<Unit> units, FocusTerms terms) {
    int n = units.size();
    int[] focus = focusScores(units, terms);
    int[] changed = diffChanges(units);
    Map<String, Integer> templates = new HashMap<>();
    String[] template = new String[n];
    for (int u = 0; u < n; u++) {
      template[u] = template(units.get(u).text());
      templates.merge(template[u], 1, Integer::sum);
    }
    boolean[] pointed = new boolean[n];
    for (int u = 0; u + 1 < n; u++) {
      pointed[u] = units.get(u + 1).line() == units.get(u).line() + 1 && CARET.matcher(units.get(u + 1).text()).matches();
    }
    int[] own = new int[n];
    int errors = 0;
    for (int u = 0; u < n; u++) {
      LineSignals s = units.get(u).signals();
      boolean change = s.change() || changed[u] > 0;
      int score = 2 + focus[u];
      if (s.error() == LineSignals.ERROR_WORD && changed[u] == 0) {
        // The first errors of a run are the causes; later ones are often their consequences. A
        // status at the end of a line (a test FAILED) says less than the failure itself.
        score += s.words() <= 1 ? 30 : s.failStatus() ? 45 : 60 + Math.max(0, 30 - 10 * errors++);
      } else if (s.error() == LineSignals.ERROR_TAG) {
        score += 25;
      }
      score += s.location() && !s.libraryFrame() ? 30 : 0;
      score += s.tally() ? 45 : 0;
      score += s.label() ? 25 : 0;
      score += change ? 30 : 0;
      score += changed[u] == 2 ? 45 : 0;
      score += s.definition() ? 20 : 0;
      score += s.advice() ? 35 : 0;
      score += s.pointer() || pointed[u] ? 40 : 0;
      score += s.prose() ? 6 : 0;
      score += hasDigit(units.get(u).text()) ? 3 : 0;
      score -= s.passing() && !s.tally() ? 20 : 0;
      score -= s.warning() ? 15 : 0;
      score -= s.banner() ? 60 : 0;
      score -= s.codeFrame() && !s.pointer() ? 20 : 0;
      boolean plain = s.error() == 0 && !s.label() && !change && !s.recordStart() && focus[u] == 0;
      score -= plain && templates.get(template[u]) >= 4 ? 40 : 0;
      score += u == 0 ? 8 : u == n - 1 ? 6 : 0;
      own[u] = s.noise() && focus[u] == 0 ? Integer.MIN_VALUE / 4 : score;
    }
    int[] bonus = new int[n];
    int[] parent = parents(units);
    int[] record = recordStarts(units);
    int[] previous = new int[n];
    int[] next = new int[n];
    for (int u = 0, last = -1; u < n; u++) {
      previous[u] = last;
      last = units.get(u).signals().noise() ? last : u;
    }
    for (int u = n - 1, last = -1; u >= 0; u--) {
      next[u] = last;
      last = units.get(u).signals().noise() ? last : u;
    }
    int[] first = new int[n];
    int[] lineFocus = new int[n];
    for (int u = 0; u < n; u++) {
      first[u] = u > 0 && units.get(u - 1).line() == units.get(u).line() ? first[u - 1] : u;
      lineFocus[first[u]] = Math.max(lineFocus[first[u]], focus[u]);
    }
    for (int u = 0; u < n; u++) {
      LineSignals s = units.get(u).signals();
      boolean error = s.error() == LineSignals.ERROR_WORD && changed[u] == 0;
      if (error) {
        raise(bonus, previous[u], 20);
        // "Could not resolve dependency:" — the next line is what could not.
        raise(bonus, next[u], units.get(u).text().endsWith(":") ? 45 : 15);
        raise(bonus, parent[u], 25);
        raise(bonus, record[u], 30);
        // An error that does not say where it happened: the nearest place in the application's own code does.
        boolean unplaced = !s.location() && s.words() > 1;
        for (int frame : unplaced ? new int[] {ownFrame(units, u, 1), ownFrame(units, u, -1)} : new int[0]) {
          raise(bonus, frame, 55);
          if (frame >= 0 && frame + 1 < n && units.get(frame + 1).indent() > units.get(frame).indent()) {
            raise(bonus, frame + 1, 40);
          }
        }
      }
      if (s.label()) {
        raise(bonus, record[u], 20);
      }
      if (parent[u] >= 0 && units.get(parent[u]).signals().error() == LineSignals.ERROR_WORD) {
        raise(bonus, u, 20);
      }
      if (s.advice()) {
        raise(bonus, next[u], 30);
      }
      if (focus[u] > 0) {
        raise(bonus, parent[u], focus[u] / 2);
        raise(bonus, record[u], focus[u] / 2);
      }
      if (s.change() || changed[u] > 0) {
        // A verdict without numbers ("Performance has regressed.") is about the line before.
        raise(bonus, previous[u], changed[u] == 0 && !hasDigit(units.get(u).text()) ? 45 : 0);
        raise(bonus, parent[u], 25);
        raise(bonus, record[u], 35);
      }
    }
    int[] scores = new int[n];
    for (int u = 0; u < n; u++) {
      // A sentence of a paragraph that speaks of the focus is its context.
      int sameLine = focus[u] == 0 ? lineFocus[first[u]] / 3 : 0;
      scores[u] = own[u] + bonus[u] + sameLine;
    }
    return scores;
  }

  /**
   * In a unified diff, the added and removed lines; a removed line and an added one that set the
   * same key ({@code replicaCount: 3} and {@code replicaCount: 4}) count twice, as a value that
   * changed.
   */
  private static int[] diffChanges(List<Unit> units) {
    int[] changed = new int[units.size()];
    boolean diff = false;
    Map<String, Integer> removed = new HashMap<>();
    for (int u = 0; u < units.size(); u++) {
      Unit unit = units.get(u);
      String text = unit.text();
      if (text.startsWith("diff --git ") || text.startsWith("@@ ")) {
        diff = true;
        removed.clear();
        continue;
      }
      if (!diff || text.startsWith("+++") || text.startsWith("---") || unit.first() != '+' && unit.first() != '-') {
        continue;
      }
      changed[u] = 1;
      String key = diffKey(text.substring(1));
      if (unit.first() == '-') {
        removed.put(key, u);
      } else if (removed.containsKey(key)) {
        changed[u] = 2;
        changed[removed.remove(key)] = 2;
      }
    }
    return changed;
  }

  /** The key a line of a diff sets: what comes before its first {@code :} or {@code =}, or the whole line. */
  private static String diffKey(String line) {
    int end = line.length();
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == ':' || line.charAt(i) == '=') {
        end = i;
        break;
      }
    }
    return line.substring(0, end).strip();
  }

  /** Keeps the largest bonus a unit is offered; nothing for units outside the text. */
  private static void raise(int[] bonus, int u, int amount) {
    if (u >= 0 && u < bonus.length) {
      bonus[u] = Math.max(bonus[u], amount);
    }
  }

  /**
   * Focus points per unit: for each term found, more the rarer the term is among the units, so a
   * word that occurs everywhere does not drown the rest.
   */
  private static int[] focusScores(List<Unit> units, FocusTerms terms) {
    int n = units.size();
    int[] focus = new int[n];
    if (terms.size() == 0) {
      return focus;
    }
    int[][] found = new int[n][];
    int[] containing = new int[terms.size()];
    for (int u = 0; u < n; u++) {
      found[u] = terms.foundIn(units.get(u).text());
      for (int t : found[u]) {
        containing[t / 2]++;
      }
    }
    int[] weight = new int[terms.size()];
    for (int t = 0; t < weight.length; t++) {
      weight[t] = containing[t] == 0 ? 0 : (int) Math.round(24 * Math.log(1.0 + (double) n / containing[t]));
    }
    for (int u = 0; u < n; u++) {
      for (int t : found[u]) {
        // A word that only begins with a focus word ("gradlew" for "gradle") counts half.
        focus[u] += t % 2 == 1 ? weight[t / 2] : weight[t / 2] / 2;
      }
    }
    return focus;
  }

  /**
   * For each unit, the nearest earlier unit of a less indented line; or -1. A blank line in between
   * ends the relation unless the two are a few lines apart (a blank line inside one block, as jest
   * and pytest print them).
   */
  private static int[] parents(List<Unit> units) {
    int n = units.size();
    int[] parent = new int[n];
    int[] stack = new int[n];
    int depth = 0;
    int blankBefore = -1;
    for (int u = 0; u < n; u++) {
      Unit unit = units.get(u);
      if (u > 0 && units.get(u - 1).line() == unit.line()) {
        parent[u] = parent[u - 1];
        continue;
      }
      if (u > 0 && unit.line() > units.get(u - 1).line() + 1) {
        blankBefore = unit.line();
      }
      while (depth > 0 && units.get(stack[depth - 1]).indent() >= unit.indent()) {
        depth--;
      }
      int p = depth > 0 ? stack[depth - 1] : -1;
      parent[u] = p >= 0 && blankBefore > units.get(p).line() && unit.line() - units.get(p).line() > NEARBY ? -1 : p;
      stack[depth++] = u;
    }
    return parent;
  }

  /** For each unit, the nearest earlier unit within the window that starts a record (a commit, a file, a test); or -1. */
  private static int[] recordStarts(List<Unit> units) {
    int[] record = new int[units.size()];
    int last = -1;
    for (int u = 0; u < units.size(); u++) {
      record[u] = last >= 0 && units.get(u).line() - units.get(last).line() <= WINDOW ? last : -1;
      if (units.get(u).signals().recordStart()) {
        last = u;
      }
    }
    return record;
  }

  /**
   * The nearest unit within the window in {@code direction} from an error that names a file and line
   * of the application's own code (not a library frame); -1 when another error comes first or there
   * is none.
   */
  private static int ownFrame(List<Unit> units, int error, int direction) {
    boolean passed = false;
    for (int u = error + direction; u >= 0 && u < units.size()
        && Math.abs(units.get(u).line() - units.get(error).line()) <= WINDOW; u += direction) {
      // A traceback ends with its error: looking back, a blank line ends it once a line of it was
      // passed (Node puts one between the code it points at and the error). Frames may follow an
      // error after a blank line (Go).
      if (direction < 0 && passed && units.get(u + 1).line() - units.get(u).line() > 1) {
        return -1;
      }
      LineSignals s = units.get(u).signals();
      if (s.noise()) {
        continue;
      }
      passed = true;
      if (s.error() == LineSignals.ERROR_WORD) {
        return -1;
      }
      if (s.location()) {
        return u;
      }
    }
    return -1;
  }

  /** Takes units from the highest score down while they fit; the chosen units in their original order. */
  private static List<Integer> choose(List<Unit> units, int[] scores, int budget) {
    int[] changes = diffChanges(units);
    int n = units.size();
    int[] count = new int[MAX_SCORE + 2];
    for (int u = 0; u < n; u++) {
      count[bucket(scores[u])]++;
    }
    int[] start = new int[MAX_SCORE + 2];
    for (int b = MAX_SCORE; b >= 0; b--) {
      start[b] = start[b + 1] + count[b + 1];
    }
    int[] order = new int[n];
    int[] next = start.clone();
    for (int u = 0; u < n; u++) {
      order[next[bucket(scores[u])]++] = u;
    }
    boolean[] taken = new boolean[n];
    Set<String> seen = new HashSet<>();
    int used = 0;
    // A summary is no longer than it needs to be: units far below the best are left out even when they fit.
    int floor = n == 0 ? 1 : Math.max(1, scores[order[0]] / 12);
    for (int u : order) {
      if (scores[u] < floor || used + 2 > budget) {
        break;
      }
      int cost = units.get(u).text().length() + 1;
      // The same line twice says nothing new, except in a diff, where each file has its own.
      if (used + cost <= budget + 1 && (changes[u] > 0 || seen.add(dedupKey(units.get(u).text())))) {
        taken[u] = true;
        used += cost;
      }
    }
    List<Integer> chosen = new ArrayList<>();
    for (int u = 0; u < n; u++) {
      if (taken[u]) {
        chosen.add(u);
      }
    }
    return chosen;
  }

  private static int bucket(int score) {
    return Math.max(0, Math.min(MAX_SCORE, score));
  }

  /** The text of a unit without log-level tags and with runs of whitespace as one space, for spotting repeats. */
  private static String dedupKey(String text) {
    Matcher time = ELAPSED.matcher(text);
    String key = time.lookingAt() ? text.substring(time.end()) : text;
    for (String tag : new String[] {"[ERROR]", "[WARNING]", "[INFO]", "npm ERR!"}) {
      if (key.startsWith(tag)) {
        key = key.substring(tag.length());
      }
    }
    return key.replaceAll("\\s+", " ").strip();
  }

  /** The shape of a line: its first 24 characters with numbers as {@code #}, to spot lines repeated with other numbers. */
  private static String template(String text) {
    String collapsed = text.length() > 96 ? text.substring(0, 96) : text;
    collapsed = collapsed.replaceAll("\\s+", " ");
    String head = collapsed.length() > 24 ? collapsed.substring(0, 24) : collapsed;
    return head.replaceAll("\\d+", "#");
  }

  private static boolean hasDigit(String text) {
    int end = Math.min(text.length(), LineSignals.EXAMINED);
    for (int i = 0; i < end; i++) {
      if (Character.isDigit(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** {@return {@code unit} cut at a word boundary to fit {@code budget}, with an ellipsis} */
  static String cut(String unit, int budget) {
    if (unit.length() <= budget) {
      return unit;
    }
    int end = Math.max(1, budget - 1);
    int space = unit.lastIndexOf(' ', end);
    if (space > budget / 2) {
      end = space;
    }
    if (Character.isHighSurrogate(unit.charAt(end - 1))) {
      end--;
    }
    return unit.substring(0, end).strip() + "…";
  }
}
