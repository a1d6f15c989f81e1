package io.sculptor.core.internal;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.FragmentId;
import io.sculptor.core.FragmentStatus;
import io.sculptor.core.Role;
import io.sculptor.core.SearchResultId;
import io.sculptor.core.Span;
import io.sculptor.core.StateSnapshot;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks that a {@link StateSnapshot} describes a state {@link ContextState} could have reached,
 * and indexes its fragments by message, in time O(s log s) in the number of spans s: every limit and
 * every invariant the state's operations keep, so that a loaded state behaves like one made by them.
 *
 * <p>The nesting check works per message: the spans sorted by start, longer first, then by the
 * fragment that encloses the other when they are equal (more characters, else created first), are
 * swept with a stack, which refuses a span that begins inside the one on top and ends after it. The
 * span on top is then the span's parent in that message. Two fragments that nest in every message
 * they share may still cross (one encloses the other in one message and is enclosed in another), so
 * each fragment must also have the same parent fragment, or none, in every message it covers;
 * enclosure is transitive, so each fragment's parent enclosing it makes the whole family nested.
 */
public final class SnapshotReader {
  private static final int UNSET = -2;
  private static final int NONE = -1;

  private final StateSnapshot snapshot;
  private final Conversation conversation;
  private final List<StateSnapshot.FragmentRecord> fragments;
  private final long[] characters;

  private SnapshotReader(StateSnapshot snapshot) {
    this.snapshot = snapshot;
    this.conversation = snapshot.conversation();
    this.fragments = snapshot.fragments();
    this.characters = new long[fragments.size()];
  }

  /**
   * {@return the ordinals of the fragments covering each message, ascending}, after checking that
   * {@code snapshot} describes a consistent state
   *
   * @throws IllegalArgumentException naming the first problem found and the field it is in:
   *     {@code idsDrawn} outside {@code [0, }{@link IdSequence#CAPACITY}{@code ]}; more
   *     {@code searchHits} than {@link ContextState#MAX_REMEMBERED_SEARCH_HITS}; a pin outside the
   *     conversation or on a message a folded or summarized fragment hides; a duplicate fragment or
   *     search hit id; a fragment without spans, with spans out of order, outside their messages,
   *     inside a surrogate pair or in a system message; a summary not shorter than its fragment;
   *     two fragments that partly overlap; a search hit whose text is not at its position
   */
  public static int[][] check(StateSnapshot snapshot) {
    return new SnapshotReader(snapshot).check();
  }

  private int[][] check() {
    if (snapshot.idsDrawn() < 0 || snapshot.idsDrawn() > IdSequence.CAPACITY) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "idsDrawn [%d] must be in [0, %d], the ids an id sequence can draw", snapshot.idsDrawn(),
          IdSequence.CAPACITY));
    }
    if (snapshot.searchHits().size() > ContextState.MAX_REMEMBERED_SEARCH_HITS) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "searchHits has [%d] entries, more than the [%d] a state remembers", snapshot.searchHits().size(),
          ContextState.MAX_REMEMBERED_SEARCH_HITS));
    }
    int n = conversation.size();
    for (int index : snapshot.pinned()) {
      if (index < 0 || index >= n) {
        throw new IllegalArgumentException("pinned message [" + index + "] is outside the conversation of " + n);
      }
    }
    int[][] byMessage = fragmentsByMessage();
    int[] parents = new int[fragments.size()];
    Arrays.fill(parents, UNSET);
    for (int m = 0; m < n; m++) {
      sweep(m, byMessage[m], parents);
    }
    checkSearchHits();
    for (int index : snapshot.pinned()) {
      for (int o : byMessage[index]) {
        if (fragments.get(o).status().hidesOriginal()) {
          throw new IllegalArgumentException("pinned message [" + index + "] is hidden by fragment ["
              + fragments.get(o).id() + "]");
        }
      }
    }
    return byMessage;
  }

  /** Checks each fragment on its own and indexes the fragments by message. */
  private int[][] fragmentsByMessage() {
    int n = conversation.size();
    int[] counts = new int[n];
    Set<FragmentId> ids = new HashSet<>();
    for (int o = 0; o < fragments.size(); o++) {
      StateSnapshot.FragmentRecord record = fragments.get(o);
      if (!ids.add(record.id())) {
        throw new IllegalArgumentException("fragment id [" + record.id() + "] occurs twice");
      }
      if (record.spans().isEmpty()) {
        throw new IllegalArgumentException("fragment [" + record.id() + "] has no spans");
      }
      int previous = -1;
      long chars = 0;
      for (Span s : record.spans()) {
        if (s.messageIndex() <= previous || s.messageIndex() >= n) {
          throw new IllegalArgumentException("fragment [" + record.id() + "] span " + s
              + " is out of order or outside the conversation of " + n);
        }
        previous = s.messageIndex();
        String content = conversation.get(s.messageIndex()).content();
        if (s.end() > content.length() || TextFinder.splitsSurrogate(content, s.start()) || TextFinder.splitsSurrogate(content, s.end())) {
          throw new IllegalArgumentException("fragment [" + record.id() + "] span " + s
              + " does not fit message " + s.messageIndex() + " of " + content.length() + " characters");
        }
        if (conversation.get(s.messageIndex()).role() == Role.SYSTEM) {
          throw new IllegalArgumentException("fragment [" + record.id() + "] covers system message " + s.messageIndex());
        }
        counts[s.messageIndex()]++;
        chars += s.length();
      }
      characters[o] = chars;
      if (record.status() instanceof FragmentStatus.Summarized summarized) {
        long shown = (long) summarized.summary().text().length() + summarized.summary().focus().strip().length();
        if (shown >= chars) {
          throw new IllegalArgumentException(String.format(Locale.ROOT,
              "fragment [%s] summary has [%d] characters with its focus, but a summary must have fewer than"
                  + " the [%d] of its fragment", record.id(), shown, chars));
        }
      }
    }
    int[][] byMessage = new int[n][];
    for (int m = 0; m < n; m++) {
      byMessage[m] = new int[counts[m]];
      counts[m] = 0;
    }
    for (int o = 0; o < fragments.size(); o++) {
      for (Span s : fragments.get(o).spans()) {
        byMessage[s.messageIndex()][counts[s.messageIndex()]++] = o;
      }
    }
    return byMessage;
  }

  /**
   * Sweeps the spans of message {@code m} in nesting order with a stack; refuses a span that
   * crosses the end of the one it begins in, and records or compares each fragment's parent.
   */
  private void sweep(int m, int[] inMessage, int[] parents) {
    int k = inMessage.length;
    if (k == 0) {
      return;
    }
    Span[] spans = new Span[k];
    Integer[] order = new Integer[k];
    for (int i = 0; i < k; i++) {
      spans[i] = fragments.get(inMessage[i]).spans().get(Region.indexOf(fragments.get(inMessage[i]).spans(), m));
      order[i] = i;
    }
    // Start ascending, end descending; equal spans: the fragment that encloses the other first.
    Arrays.sort(order, (a, b) -> {
      Span x = spans[a];
      Span y = spans[b];
      if (x.start() != y.start()) {
        return Integer.compare(x.start(), y.start());
      }
      if (x.end() != y.end()) {
        return Integer.compare(y.end(), x.end());
      }
      long cx = characters[inMessage[a]];
      long cy = characters[inMessage[b]];
      return cx != cy ? Long.compare(cy, cx) : Integer.compare(inMessage[a], inMessage[b]);
    });
    int[] stack = new int[k];
    int depth = 0;
    for (int i : order) {
      Span span = spans[i];
      while (depth > 0 && spans[stack[depth - 1]].end() <= span.start()) {
        depth--;
      }
      int parent = NONE;
      if (depth > 0) {
        int top = stack[depth - 1];
        if (span.end() > spans[top].end()) {
          throw overlap(inMessage[top], inMessage[i]);
        }
        parent = inMessage[top];
      }
      int o = inMessage[i];
      if (parents[o] == UNSET) {
        parents[o] = parent;
      } else if (parents[o] != parent) {
        throw crossing(o, parents[o], parent);
      }
      stack[depth++] = i;
    }
  }

  /**
   * The refusal for fragment {@code o}, which lies inside {@code first} in one message and inside
   * {@code second} in another (either may be {@link #NONE}): some pair of the three partly
   * overlaps, since a fragment enclosing {@code o} would be its parent in every message of it.
   */
  private IllegalArgumentException crossing(int o, int first, int second) {
    if (first == NONE || second == NONE) {
      return overlap(first == NONE ? second : first, o);
    }
    if (!encloses(first, o)) {
      return overlap(first, o);
    }
    if (!encloses(second, o)) {
      return overlap(second, o);
    }
    return overlap(first, second);
  }

  /** Whether every span of fragment {@code inner} lies in a span of fragment {@code outer}. */
  private boolean encloses(int outer, int inner) {
    List<Span> outerSpans = fragments.get(outer).spans();
    for (Span s : fragments.get(inner).spans()) {
      int i = Region.indexOf(outerSpans, s.messageIndex());
      if (i < 0 || !outerSpans.get(i).contains(s)) {
        return false;
      }
    }
    return true;
  }

  private IllegalArgumentException overlap(int a, int b) {
    return new IllegalArgumentException("fragments [" + fragments.get(Math.min(a, b)).id() + "] and ["
        + fragments.get(Math.max(a, b)).id() + "] partly overlap");
  }

  private void checkSearchHits() {
    int n = conversation.size();
    Set<SearchResultId> ids = new HashSet<>();
    for (StateSnapshot.SearchHitRecord h : snapshot.searchHits()) {
      String content = h.messageIndex() >= 0 && h.messageIndex() < n ? conversation.get(h.messageIndex()).content() : null;
      if (content == null || h.query().isEmpty() || h.offset() < 0 || !content.startsWith(h.query(), h.offset())) {
        throw new IllegalArgumentException("search hit [" + h.id() + "] for [" + h.query()
            + "] is not found at message " + h.messageIndex() + ", offset " + h.offset());
      }
      if (!ids.add(h.id())) {
        throw new IllegalArgumentException("search hit id [" + h.id() + "] occurs twice");
      }
    }
  }

}
