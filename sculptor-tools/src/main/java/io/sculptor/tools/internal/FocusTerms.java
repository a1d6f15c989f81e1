package io.sculptor.tools.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The words of a summary's focus, as stems that match the words of a text beginning with them,
 * regardless of case: the focus {@code "failing tests"} matches {@code Failed}, {@code failure}
 * and {@code TestCase}. Finding them in a text costs a walk of a trie, no longer than the longest
 * term, from the start of each word. Immutable, thread-safe.
 */
public final class FocusTerms {
  private static final Set<String> STOP_WORDS = Set.of("the", "and", "for", "with", "about", "that",
      "this", "from", "what", "which", "main", "points", "details", "key", "all", "any", "are",
      "was", "were", "into", "onto", "its", "their", "them", "those", "these", "who", "why", "how",
      "where", "when", "will", "does", "did", "has", "have", "been", "being", "should", "would",
      "could", "there", "here");

  private static final Set<String> ENDINGS = Set.of("", "s", "es", "e", "ed", "d", "ing", "er", "ers");

  private final Node root = new Node();
  private final int size;

  private FocusTerms(List<String> stems) {
    for (int t = 0; t < stems.size(); t++) {
      Node node = root;
      for (char c : stems.get(t).toCharArray()) {
        node = node.next.computeIfAbsent(c, k -> new Node());
      }
      node.term = t;
    }
    size = stems.size();
  }

  /** {@return the terms of {@code focus}: its words of three letters or more, stemmed, stop words left out} */
  public static FocusTerms of(String focus) {
    Set<String> seen = new HashSet<>();
    List<String> stems = new ArrayList<>();
    for (String word : focus.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}_]+")) {
      if (STOP_WORDS.contains(word)) {
        continue;
      }
      String stem = stem(word);
      if (stem.length() >= 3 && seen.add(stem)) {
        stems.add(stem);
      }
    }
    return new FocusTerms(stems);
  }

  /** {@return how many terms there are} */
  public int size() {
    return size;
  }

  /**
   * {@return the terms found in {@code text}, each once, in the order first found, as
   * {@code 2 * term + 1} when some word of the text is the term with at most a short ending
   * ({@code -s}, {@code -ed}, {@code -ing}…) and {@code 2 * term} when words only begin with it}. A
   * word here is also each part of a {@code camelCase} or {@code snake_case} name.
   *
   * @param text any text
   */
  public int[] foundIn(String text) {
    if (size == 0) {
      return new int[0];
    }
    byte[] match = new byte[size];
    int[] order = new int[size];
    int count = 0;
    for (int start = 0; start < text.length(); start++) {
      if (!startsWord(text, start)) {
        continue;
      }
      Node node = root;
      for (int j = start; j < text.length() && isWordChar(text.charAt(j)); j++) {
        node = node.next.get(Character.toLowerCase(text.charAt(j)));
        if (node == null) {
          break;
        }
        if (node.term >= 0) {
          byte found = (byte) (shortEnding(text, j + 1) ? 2 : 1);
          if (match[node.term] == 0) {
            order[count++] = node.term;
          }
          match[node.term] = (byte) Math.max(match[node.term], found);
        }
      }
    }
    int[] found = new int[count];
    for (int i = 0; i < count; i++) {
      found[i] = 2 * order[i] + (match[order[i]] == 2 ? 1 : 0);
    }
    return found;
  }

  /** Whether a word, or a part of a {@code camelCase} or {@code snake_case} name, begins at {@code i}. */
  private static boolean startsWord(String text, int i) {
    char c = text.charAt(i);
    if (!isWordChar(c) || c == '_') {
      return false;
    }
    if (i == 0) {
      return true;
    }
    char before = text.charAt(i - 1);
    return !isWordChar(before) || before == '_' || Character.isUpperCase(c) && Character.isLowerCase(before);
  }

  /** Whether the part of a word from {@code from} on is empty or one of the short endings. */
  private static boolean shortEnding(String text, int from) {
    int end = from;
    while (end < text.length() && end - from <= 4 && isWordChar(text.charAt(end)) && text.charAt(end) != '_'
        && !(Character.isUpperCase(text.charAt(end)) && end > 0 && Character.isLowerCase(text.charAt(end - 1)))) {
      end++;
    }
    if (end - from > 3) {
      return false;
    }
    return ENDINGS.contains(text.substring(from, end).toLowerCase(Locale.ROOT));
  }

  /** Cuts the endings that vary most between a focus and a text: -ing, -ed, a plural s. */
  private static String stem(String word) {
    if (word.length() >= 7 && word.endsWith("ing")) {
      return word.substring(0, word.length() - 3);
    }
    if (word.length() >= 6 && word.endsWith("ed")) {
      return word.substring(0, word.length() - 2);
    }
    if (word.length() >= 4 && word.endsWith("s") && !word.endsWith("ss")) {
      return word.substring(0, word.length() - 1);
    }
    return word;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || Character.isSurrogate(c);
  }

  private static final class Node {
    private final Map<Character, Node> next = new HashMap<>();
    private int term = -1;
  }
}
