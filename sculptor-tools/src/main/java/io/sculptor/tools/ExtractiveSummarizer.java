package io.sculptor.tools;

import io.sculptor.core.internal.Preconditions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A deterministic summarizer that needs no model: it picks whole lines and sentences of the
 * source, preferring those that mention the focus (rarer focus words weigh more), then the first
 * and last ones, and returns them in their original order within a length bound.
 *
 * <p>The bound is a quarter of the source, but at least 160 characters or half the source,
 * whichever is less, and never more than {@code maxCharacters}. A focus word matches the words of
 * the source that begin with it, regardless of case and of a plural {@code s}. When even the best
 * sentence is longer, it is cut at a word boundary and ends with an ellipsis. The time taken is
 * linear in the length of the source and of the focus. Immutable, thread-safe.
 *
 * @since 0.1
 */
public final class ExtractiveSummarizer implements Summarizer {
  private static final Set<String> STOP_WORDS = Set.of("the", "and", "for", "with", "about", "that",
      "this", "from", "what", "which", "main", "points", "details", "key", "all", "any", "are",
      "was", "were", "into", "onto", "its", "their", "them", "those", "these");

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
    List<String> units = units(text);
    if (units.isEmpty()) {
      return "";
    }
    long floor = Math.min(160, text.length() / 2L);
    int budget = (int) Math.min(maxCharacters, Math.max(floor, text.length() / 4L));
    List<String> terms = terms(focus);
    TermTrie trie = new TermTrie(terms);
    int[][] matches = new int[units.size()][];
    int[] containing = new int[terms.size()];
    for (int u = 0; u < units.size(); u++) {
      matches[u] = trie.termsIn(units.get(u).toLowerCase(Locale.ROOT));
      for (int t : matches[u]) {
        containing[t]++;
      }
    }
    double[] weights = new double[terms.size()];
    for (int t = 0; t < terms.size(); t++) {
      weights[t] = containing[t] == 0 ? 0 : Math.log(1.0 + (double) units.size() / containing[t]);
    }
    double[] scores = new double[units.size()];
    for (int u = 0; u < units.size(); u++) {
      String unit = units.get(u);
      double score = 0;
      for (int t : matches[u]) {
        score += 2 * weights[t];
      }
      if (u == 0) {
        score += 0.5;
      }
      if (u == units.size() - 1) {
        score += 0.3;
      }
      if (unit.chars().anyMatch(Character::isDigit)) {
        score += 0.1;
      }
      scores[u] = score;
    }
    Integer[] order = new Integer[units.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i));
    boolean[] chosen = new boolean[units.size()];
    int used = 0;
    for (int i : order) {
      int cost = units.get(i).length() + 1;
      if (used + cost <= budget) {
        chosen[i] = true;
        used += cost;
      }
    }
    if (used == 0) {
      return cut(units.get(order[0]), budget);
    }
    StringBuilder summary = new StringBuilder();
    for (int i = 0; i < units.size(); i++) {
      if (chosen[i]) {
        summary.append(summary.length() == 0 ? "" : "\n").append(units.get(i));
      }
    }
    return summary.toString();
  }

  /** Lines, and within long lines sentences, stripped and non-empty. */
  private static List<String> units(String text) {
    List<String> units = new ArrayList<>();
    for (String line : text.split("\n")) {
      for (String sentence : line.split("(?<=[.!?])\\s+|(?<=[。！？])")) {
        String stripped = sentence.strip();
        if (!stripped.isEmpty()) {
          units.add(stripped);
        }
      }
    }
    return units;
  }

  private static List<String> terms(String focus) {
    Set<String> seen = new HashSet<>();
    List<String> terms = new ArrayList<>();
    for (String word : focus.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}_]+")) {
      String stem = word.length() > 4 && word.endsWith("s") ? word.substring(0, word.length() - 1) : word;
      if (stem.length() >= 3 && !STOP_WORDS.contains(word) && seen.add(stem)) {
        terms.add(stem);
      }
    }
    return terms;
  }

  /** The focus terms as a trie, so that finding those in a text costs one walk per word. */
  private static final class TermTrie {
    private final Map<Character, TermTrie> next = new HashMap<>();
    private int term = -1;

    TermTrie(List<String> terms) {
      for (int t = 0; t < terms.size(); t++) {
        TermTrie node = this;
        for (char c : terms.get(t).toCharArray()) {
          node = node.next.computeIfAbsent(c, k -> new TermTrie());
        }
        node.term = t;
      }
    }

    private TermTrie() {}

    /** The terms that begin some word of {@code lower}, each once, in the order first found. */
    int[] termsIn(String lower) {
      if (next.isEmpty()) {
        return new int[0];
      }
      Set<Integer> found = new LinkedHashSet<>();
      int i = 0;
      while (i < lower.length()) {
        if (!isWordChar(lower.charAt(i))) {
          i++;
          continue;
        }
        TermTrie node = this;
        int j = i;
        while (j < lower.length() && isWordChar(lower.charAt(j))) {
          node = node == null ? null : node.next.get(lower.charAt(j));
          if (node != null && node.term >= 0) {
            found.add(node.term);
          }
          j++;
        }
        i = j;
      }
      return found.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean isWordChar(char c) {
      return Character.isLetterOrDigit(c) || c == '_' || Character.isSurrogate(c);
    }
  }

  private static String cut(String unit, int budget) {
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

  @Override
  public String toString() {
    return "ExtractiveSummarizer[maxCharacters=" + maxCharacters + "]";
  }
}
