package io.sculptor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Splitting never cuts inside a word, a surrogate pair or a grapheme cluster, covers the region
 * exactly, and makes at most the pieces asked for.
 */
class SplittingProperties {
  @Property(tries = 400)
  void pieces_neverCutWordsPairsOrClusters(@ForAll("texts") String text, @ForAll @IntRange(min = 1, max = 20) int pieces) {
    ContextState state = ContextState.of(Conversation.of(Message.user(text)));
    Outcome<Fragmentation> outcome = state.fragmentMessages(0, 1, RoleFilter.USER, pieces);
    if (text.isEmpty()) {
      assertThat(outcome.failure().orElseThrow().reason()).isEqualTo(FailureReason.EMPTY_REGION);
      collectCoverage("empty text", false, false);
      return;
    }
    List<Fragment> made = outcome.value().fragments();
    assertThat(made.size()).isBetween(1, pieces);
    int expectedStart = 0;
    boolean besideCluster = false;
    boolean betweenCjk = false;
    for (Fragment f : made) {
      Span span = f.spans().get(0);
      assertThat(span.start()).isEqualTo(expectedStart);
      expectedStart = span.end();
      int cut = span.end();
      if (cut < text.length()) {
        assertThat(Character.isLowSurrogate(text.charAt(cut))).as("cut inside a surrogate pair at %d", cut).isFalse();
        int type = Character.getType(text.charAt(cut));
        assertThat(type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
            || text.charAt(cut) == '\u200D' || text.charAt(cut - 1) == '\u200D'
            || text.charAt(cut) >= '\uFE00' && text.charAt(cut) <= '\uFE0F')
            .as("cut inside a grapheme cluster at %d", cut).isFalse();
        assertThat(WordBoundaries.cutsWord(text, cut)).as("cut inside a word at %d of %s", cut, text).isFalse();
        besideCluster |= nearCluster(text, cut);
        betweenCjk |= WordBoundaries.isCjk(text.codePointBefore(cut)) && WordBoundaries.isCjk(text.codePointAt(cut));
      }
    }
    assertThat(expectedStart).isEqualTo(text.length());
    collectCoverage(pieces == 1 ? "one piece asked" : made.size() == pieces ? "all pieces made" : "fewer pieces made",
        besideCluster, betweenCjk);
  }

  /** The splitter's hard cases: no text, too few boundaries, and cuts beside pairs, clusters and CJK text. */
  private static void collectCoverage(String pieces, boolean besideCluster, boolean betweenCjk) {
    Statistics.label("pieces").collect(pieces);
    Statistics.label("cut beside a surrogate pair or cluster").collect(besideCluster);
    Statistics.label("cut between CJK characters").collect(betweenCjk);
    Statistics.label("pieces").coverage(c -> {
      c.check("empty text").percentage(p -> p > 1);
      c.check("one piece asked").percentage(p -> p > 1);
      c.check("all pieces made").percentage(p -> p > 3);
      c.check("fewer pieces made").percentage(p -> p > 20);
    });
    Statistics.label("cut beside a surrogate pair or cluster").coverage(c -> c.check(true).percentage(p -> p > 10));
    Statistics.label("cut between CJK characters").coverage(c -> c.check(true).percentage(p -> p > 10));
  }

  /** {@return whether a surrogate pair, combining mark, joiner or variation selector is within two characters} */
  private static boolean nearCluster(String text, int cut) {
    for (int i = Math.max(0, cut - 2); i < Math.min(text.length(), cut + 2); i++) {
      char c = text.charAt(i);
      int type = Character.getType(c);
      if (Character.isSurrogate(c) || type == Character.NON_SPACING_MARK || c == '\u200D'
          || c >= '\uFE00' && c <= '\uFE0F') {
        return true;
      }
    }
    return false;
  }

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> word = Arbitraries.of("alpha", "beta", "数据分析", "東京タワー", "한국어", "👍🏽", "👨‍👩‍👧",
        "e\u0301te\u0301", "naïve", "x", "supercalifragilistic", "1234", "key7:", "end.", "so,");
    Arbitrary<String> separator = Arbitraries.of(" ", "\n", ". ", ", ", "  ", "\t", "");
    return Arbitraries.oneOf(word, separator).list().ofMaxSize(200).map(parts -> String.join("", parts));
  }
}
