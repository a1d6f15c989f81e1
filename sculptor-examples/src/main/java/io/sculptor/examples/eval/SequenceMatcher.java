package io.sculptor.examples.eval;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The similarity ratio of Python's {@code difflib.SequenceMatcher(None, a, b).ratio()}, with its
 * exact algorithm — longest matching blocks found recursively, and the "autojunk" heuristic that
 * ignores elements of {@code b} occurring more than 1% of the time when {@code b} has 200 elements
 * or more — over the code points of two strings. MRCR scores answers with it.
 */
public final class SequenceMatcher {
  private SequenceMatcher() {}

  /** {@return {@code 2 * matches / (len(a) + len(b))}, or 1 when both are empty} */
  public static double ratio(String first, String second) {
    int[] a = first.codePoints().toArray();
    int[] b = second.codePoints().toArray();
    if (a.length + b.length == 0) {
      return 1.0;
    }
    Map<Integer, List<Integer>> b2j = new HashMap<>();
    for (int j = 0; j < b.length; j++) {
      b2j.computeIfAbsent(b[j], k -> new ArrayList<>()).add(j);
    }
    if (b.length >= 200) {
      int limit = b.length / 100 + 1;
      b2j.values().removeIf(indexes -> indexes.size() > limit);
    }
    long matches = 0;
    Deque<int[]> queue = new ArrayDeque<>();
    queue.push(new int[] {0, a.length, 0, b.length});
    while (!queue.isEmpty()) {
      int[] range = queue.pop();
      int alo = range[0];
      int ahi = range[1];
      int blo = range[2];
      int bhi = range[3];
      int[] match = longestMatch(a, b, b2j, alo, ahi, blo, bhi);
      int i = match[0];
      int j = match[1];
      int k = match[2];
      if (k > 0) {
        matches += k;
        if (alo < i && blo < j) {
          queue.push(new int[] {alo, i, blo, j});
        }
        if (i + k < ahi && j + k < bhi) {
          queue.push(new int[] {i + k, ahi, j + k, bhi});
        }
      }
    }
    return 2.0 * matches / (a.length + b.length);
  }

  /** Python's {@code find_longest_match} with no junk function (so only popular elements are skipped). */
  private static int[] longestMatch(int[] a, int[] b, Map<Integer, List<Integer>> b2j, int alo, int ahi,
      int blo, int bhi) {
    int besti = alo;
    int bestj = blo;
    int bestsize = 0;
    Map<Integer, Integer> j2len = new HashMap<>();
    for (int i = alo; i < ahi; i++) {
      Map<Integer, Integer> next = new HashMap<>();
      List<Integer> indexes = b2j.get(a[i]);
      if (indexes != null) {
        for (int j : indexes) {
          if (j < blo) {
            continue;
          }
          if (j >= bhi) {
            break;
          }
          int k = j2len.getOrDefault(j - 1, 0) + 1;
          next.put(j, k);
          if (k > bestsize) {
            besti = i - k + 1;
            bestj = j - k + 1;
            bestsize = k;
          }
        }
      }
      j2len = next;
    }
    while (besti > alo && bestj > blo && a[besti - 1] == b[bestj - 1]) {
      besti--;
      bestj--;
      bestsize++;
    }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] == b[bestj + bestsize]) {
      bestsize++;
    }
    return new int[] {besti, bestj, bestsize};
  }
}
