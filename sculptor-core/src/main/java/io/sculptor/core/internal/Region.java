package io.sculptor.core.internal;

import io.sculptor.core.Span;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The text a new fragment would cover: spans in message order, at most one per message, seen as
 * one run of characters ("region coordinates") so that it can be cut into balanced pieces.
 */
public final class Region {
  /** How another set of spans relates to a region. */
  public enum Relation {
    /** They share no character. */
    DISJOINT,
    /** The other spans contain every character of the region. */
    ENCLOSING,
    /** The region contains every character of the other spans. */
    ENCLOSED,
    /** They share characters, and neither contains the other. */
    PARTIAL
  }

  private final List<Span> spans;
  private final long[] cumulative;
  private final IntFunction<String> content;

  /**
   * Creates a region.
   *
   * @param spans non-empty spans in message order, one per message at most
   * @param content the content of message {@code i}
   */
  public Region(List<Span> spans, IntFunction<String> content) {
    this.spans = List.copyOf(spans);
    this.content = content;
    this.cumulative = new long[spans.size() + 1];
    for (int i = 0; i < spans.size(); i++) {
      cumulative[i + 1] = cumulative[i] + spans.get(i).length();
    }
  }

  /** {@return the spans} */
  public List<Span> spans() {
    return spans;
  }

  /** {@return the number of characters covered} */
  public long length() {
    return cumulative[cumulative.length - 1];
  }

  /** {@return the index in {@code spans} of the span in message {@code messageIndex}, or -1} */
  public static int indexOf(List<Span> spans, int messageIndex) {
    int lo = 0;
    int hi = spans.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int m = spans.get(mid).messageIndex();
      if (m < messageIndex) {
        lo = mid + 1;
      } else if (m > messageIndex) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  /**
   * {@return how {@code other} (spans in message order) relates to this region}, in time
   * O(k log n) for k spans of {@code other} and n of the region: only when {@code other} has at
   * least as many spans as the region can it enclose it, and only then are the region's spans looked
   * up in it.
   */
  public Relation relationOf(List<Span> other) {
    boolean overlaps = false;
    boolean enclosed = true;
    for (Span o : other) {
      int i = indexOf(spans, o.messageIndex());
      Span r = i < 0 ? null : spans.get(i);
      overlaps |= r != null && r.overlaps(o);
      enclosed &= r != null && r.contains(o);
    }
    if (!overlaps) {
      return Relation.DISJOINT;
    }
    if (other.size() >= spans.size() && containsEvery(other, spans)) {
      return Relation.ENCLOSING;
    }
    return enclosed ? Relation.ENCLOSED : Relation.PARTIAL;
  }

  private static boolean containsEvery(List<Span> outer, List<Span> inner) {
    for (Span s : inner) {
      int i = indexOf(outer, s.messageIndex());
      if (i < 0 || !outer.get(i).contains(s)) {
        return false;
      }
    }
    return true;
  }

  /** {@return the region coordinates from the first to the last character of {@code inner}} */
  public long[] hull(List<Span> inner) {
    Span first = inner.get(0);
    Span last = inner.get(inner.size() - 1);
    int i = indexOf(spans, first.messageIndex());
    int j = indexOf(spans, last.messageIndex());
    return new long[] {cumulative[i] + first.start() - spans.get(i).start(),
        cumulative[j] + last.end() - spans.get(j).start()};
  }

  /**
   * {@return up to {@code pieces - 1} cut points between 0 and the length, with 0 and the length}.
   * Each cut is sought near its ideal place, within an eighth of a piece, and placed at the best
   * kind of boundary there ({@link CutPoints}); failing that, at any boundary within half a piece;
   * failing that, it is dropped. A cut never falls strictly inside one of {@code forbidden}'s
   * hulls. The hulls are sorted and merged once, so that each place tried costs O(log h) for h
   * hulls.
   */
  public long[] cuts(int pieces, List<long[]> forbidden) {
    Forbidden inside = new Forbidden(forbidden);
    long total = length();
    long[] cuts = new long[pieces + 1];
    int count = 0;
    cuts[count++] = 0;
    long pieceSize = Math.max(1, total / pieces);
    long preferredReach = Math.max(1, pieceSize / 8);
    long widestReach = Math.max(1, pieceSize / 2);
    for (int k = 1; k < pieces; k++) {
      long target = total * k / pieces;
      long previous = cuts[count - 1];
      long best = -1;
      int bestRank = CutPoints.NEVER;
      for (long d = 0; d <= widestReach && bestRank != CutPoints.LINE; d++) {
        if (d > preferredReach && best >= 0) {
          break;
        }
        for (int side = 0; side < 2; side++) {
          long at = side == 0 ? target + d : target - d;
          if (side == 1 && d == 0 || at <= previous || at >= total) {
            continue;
          }
          int rank = inside.contains(at) ? CutPoints.NEVER : rank(at);
          if (rank < bestRank) {
            bestRank = rank;
            best = at;
          }
        }
      }
      if (best > previous) {
        cuts[count++] = best;
      }
    }
    cuts[count++] = total;
    return Arrays.copyOf(cuts, count);
  }

  /** The union of open intervals (start, end) of region coordinates, as sorted disjoint ones. */
  private static final class Forbidden {
    private final long[] starts;
    private final long[] ends;
    private final int size;

    Forbidden(List<long[]> hulls) {
      long[][] sorted = hulls.toArray(new long[0][]);
      Arrays.sort(sorted, (a, b) -> Long.compare(a[0], b[0]));
      starts = new long[sorted.length];
      ends = new long[sorted.length];
      int n = 0;
      for (long[] hull : sorted) {
        // Hulls that only touch stay apart: the place where they meet is not inside either.
        if (n > 0 && hull[0] < ends[n - 1]) {
          ends[n - 1] = Math.max(ends[n - 1], hull[1]);
        } else {
          starts[n] = hull[0];
          ends[n] = hull[1];
          n++;
        }
      }
      size = n;
    }

    /** Whether {@code at} lies strictly inside one of the intervals. */
    boolean contains(long at) {
      int lo = 0;
      int hi = size - 1;
      int last = -1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        if (starts[mid] < at) {
          last = mid;
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      return last >= 0 && at < ends[last];
    }
  }

  private int rank(long at) {
    int i = Arrays.binarySearch(cumulative, at);
    if (i >= 0) {
      return CutPoints.LINE;
    }
    int spanIndex = -i - 2;
    Span span = spans.get(spanIndex);
    return CutPoints.rank(content.apply(span.messageIndex()), (int) (span.start() + at - cumulative[spanIndex]));
  }

  /**
   * {@return the spans of the region between coordinates {@code from} and {@code to}}, found by
   * binary search, so that cutting a region of many messages into many pieces costs the pieces'
   * spans, not the region's spans for each piece
   */
  public List<Span> slice(long from, long to) {
    List<Span> slice = new ArrayList<>();
    int first = Arrays.binarySearch(cumulative, from);
    for (int i = first >= 0 ? first : -first - 2; i < spans.size() && cumulative[i] < to; i++) {
      long s = Math.max(from, cumulative[i]);
      long e = Math.min(to, cumulative[i + 1]);
      if (e > s) {
        Span r = spans.get(i);
        slice.add(new Span(r.messageIndex(), (int) (r.start() + s - cumulative[i]),
            (int) (r.start() + e - cumulative[i])));
      }
    }
    return slice;
  }
}
