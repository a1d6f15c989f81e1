package io.sculptor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.internal.CutPoints;
import io.sculptor.core.internal.Region;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Cutting a region around forbidden hulls (nested, overlapping, touching, as enclosed fragments'
 * hulls are) places the same cuts as trying every hull for every place, and slicing gives the
 * region's characters between two cuts.
 */
class RegionProperties {
  @Property(tries = 500)
  void cuts_equalTheCutsOfScanningEveryHull(@ForAll("regions") Region region, @ForAll("hulls") List<long[]> raw,
      @ForAll @IntRange(min = 1, max = 12) int pieces) {
    List<long[]> hulls = new ArrayList<>();
    for (long[] h : raw) {
      long a = h[0] % (region.length() + 1);
      long b = h[1] % (region.length() + 1);
      if (a != b) {
        hulls.add(new long[] {Math.min(a, b), Math.max(a, b)});
      }
    }

    long[] cuts = region.cuts(pieces, hulls);

    assertThat(cuts).containsExactly(referenceCuts(region, pieces, hulls));
    for (int p = 0; p + 1 < cuts.length; p++) {
      long length = region.slice(cuts[p], cuts[p + 1]).stream().mapToLong(Span::length).sum();
      assertThat(length).isEqualTo(cuts[p + 1] - cuts[p]);
    }
    boolean nested = false;
    boolean touching = false;
    for (long[] a : hulls) {
      for (long[] b : hulls) {
        nested |= a != b && a[0] <= b[0] && b[1] <= a[1];
        touching |= a[1] == b[0];
      }
    }
    Statistics.label("nested hulls").collect(nested);
    Statistics.label("touching hulls").collect(touching);
    Statistics.label("nested hulls").coverage(c -> c.check(true).percentage(p -> p > 10));
    Statistics.label("touching hulls").coverage(c -> c.check(true).percentage(p -> p > 5));
  }

  /** The cuts as placed before hulls were merged: every hull tried for every place. */
  private static long[] referenceCuts(Region region, int pieces, List<long[]> forbidden) {
    long total = region.length();
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
          int rank = rank(region, at, forbidden);
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

  private static int rank(Region region, long at, List<long[]> forbidden) {
    for (long[] hull : forbidden) {
      if (hull[0] < at && at < hull[1]) {
        return CutPoints.NEVER;
      }
    }
    long start = 0;
    for (Span span : region.spans()) {
      if (at == start) {
        return CutPoints.LINE;
      }
      if (at < start + span.length()) {
        return CutPoints.rank(TEXTS.get(span.messageIndex()), (int) (span.start() + at - start));
      }
      start += span.length();
    }
    return CutPoints.LINE;
  }

  private static final List<String> TEXTS = List.of(
      "alpha beta gamma. delta, epsilon zeta\neta theta iota kappa lambda mu nu xi omicron pi",
      "数据分析。東京タワー 한국어 👍🏽 naïve e\u0301te\u0301 word word word",
      "one two three four five six seven eight nine ten eleven twelve thirteen fourteen");

  @Provide
  Arbitrary<Region> regions() {
    Arbitrary<Span> first = Arbitraries.integers().between(0, 20).map(s -> new Span(0, s, TEXTS.get(0).length()));
    Arbitrary<Span> last = Arbitraries.integers().between(1, TEXTS.get(2).length()).map(e -> new Span(2, 0, e));
    return Combinators.combine(first, last, Arbitraries.integers().between(1, 3)).as((a, c, messages) -> {
      List<Span> spans = new ArrayList<>();
      spans.add(messages == 1 ? new Span(0, a.start(), Math.min(TEXTS.get(0).length(), a.start() + 40)) : a);
      if (messages == 3) {
        spans.add(new Span(1, 0, TEXTS.get(1).length()));
      }
      if (messages >= 2) {
        spans.add(c);
      }
      return new Region(spans, TEXTS::get);
    });
  }

  @Provide
  Arbitrary<List<long[]>> hulls() {
    Arbitrary<Long> edge = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(0, 250)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(0L, 10L, 20L, 30L, 40L)));
    return Combinators.combine(edge, edge).as((a, b) -> new long[] {a, b}).list().ofMaxSize(12);
  }
}
