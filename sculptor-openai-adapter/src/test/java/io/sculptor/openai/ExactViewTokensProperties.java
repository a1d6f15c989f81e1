package io.sculptor.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Fragment;
import io.sculptor.core.Fragmentation;
import io.sculptor.core.Message;
import io.sculptor.core.Outcome;
import io.sculptor.core.RoleFilter;
import io.sculptor.core.Summary;
import io.sculptor.core.TokenCounter;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The view's token total under real tiktoken encodings equals a full recount of the view after
 * any edit, even when markers cut words and tokens would cross the edges of a hidden span.
 */
class ExactViewTokensProperties {
  private static final List<TokenCounter> COUNTERS = List.of(TiktokenCounter.o200k(), TiktokenCounter.cl100k());

  @Example
  void markerCutsWords_totalsAreExact() {
    check("Hello Worldmodule Hello E42", "rl", "H", 0);
    check("in errorWorld. key7: E42", "Wo", "7", 1);
    check("abcdefgh", "cd", "ef", 0);
  }

  @Property(tries = 300)
  void randomCutsAndEdits_totalsAreExact(@ForAll("texts") String text, @ForAll("markers") int from,
      @ForAll("markers") int length, @ForAll("markers") int edit) {
    int start = Math.floorMod(from, text.length() - 2);
    int end = Math.min(text.length(), start + 3 + Math.floorMod(length, 8));
    String startMarker = text.substring(start, start + 2);
    String endMarker = text.substring(Math.max(start + 2, end - 2), end);
    Statistics.label("marker cuts a word").collect(start > 0 && Character.isLetter(text.charAt(start - 1))
        && Character.isLetter(text.charAt(start)));
    Statistics.label("marker cuts a word").coverage(c -> c.check(true).percentage(p -> p > 10));
    if (!endMarker.isEmpty()) {
      check(text, startMarker, endMarker, edit);
    }
  }

  private static void check(String text, String startMarker, String endMarker, int edit) {
    for (TokenCounter counter : COUNTERS) {
      ContextState state = ContextState.of(Conversation.of(Message.system("Be brief."), Message.user(text),
          Message.assistant(text)), 7, counter);
      Outcome<Fragmentation> made = state.fragmentBetween(startMarker, endMarker, RoleFilter.ALL,
          1 + Math.floorMod(edit, 3));
      if (!made.isSuccess()) {
        continue;
      }
      ContextState edited = made.state();
      for (Fragment f : made.value().fragments()) {
        edited = Math.floorMod(edit, 2) == 0 ? edited.fold(f.id()).state()
            : edited.summarize(f.id(), new Summary("s", "")).state();
        assertThat(edited.viewTokens()).as("%s after editing %s", counter, f).isEqualTo(recount(edited));
      }
    }
  }

  private static long recount(ContextState state) {
    long total = 0;
    for (Message m : state.view()) {
      total += state.tokenCounter().countMessageOverhead(m) + state.tokenCounter().countTokens(m.content());
    }
    return total;
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.of("Hello", "World", "module", "error", "key7:", "E42", "value", "42", " ", " ", "\n",
        ".", "数据", "👍", "—", "ing", "tion").list().ofMinSize(3).ofMaxSize(30).map(words -> String.join("", words));
  }

  @Provide
  Arbitrary<Integer> markers() {
    return Arbitraries.integers().between(0, 1000);
  }
}
