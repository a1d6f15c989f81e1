package io.sculptor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Reading a snapshot refuses exactly the fragment tables in which two fragments partly overlap,
 * judged against a check of every pair, on tables dense in shared and equal span ends.
 */
class StateSnapshotProperties {
  private static final Conversation CONVERSATION = Conversation.of(Message.user("abcdefghijklmnopqrst"),
      Message.assistant("ABCDEFGHIJKLMNOPQRST"), Message.user("0123456789abcdefghij"));
  private static final Pattern NAMED = Pattern.compile("fragments \\[(f\\d{5})\\] and \\[(f\\d{5})\\] partly overlap");

  @Property(tries = 1000)
  void fromSnapshot_refusesExactlyPartlyOverlappingFragments(@ForAll("tables") List<List<Span>> table) {
    List<StateSnapshot.FragmentRecord> records = new ArrayList<>();
    for (int i = 0; i < table.size(); i++) {
      records.add(StateSnapshot.FragmentRecord.of(id(i), table.get(i), i % 3 == 1 ? FragmentStatus.folded()
          : FragmentStatus.visible()));
    }
    StateSnapshot snapshot = StateSnapshot.of(CONVERSATION, 1, table.size(), records, List.of(), Set.of());
    boolean partial = false;
    boolean equalSpans = false;
    for (int a = 0; a < table.size(); a++) {
      for (int b = a + 1; b < table.size(); b++) {
        partial |= partlyOverlap(table.get(a), table.get(b));
        for (Span s : table.get(a)) {
          equalSpans |= table.get(b).contains(s);
        }
      }
    }
    if (partial) {
      assertThatThrownBy(() -> ContextState.fromSnapshot(snapshot, TokenCounter.estimator()))
          .isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> {
            Matcher named = NAMED.matcher(e.getMessage());
            assertThat(named.find()).as(e.getMessage()).isTrue();
            int a = Integer.parseInt(named.group(1).substring(1));
            int b = Integer.parseInt(named.group(2).substring(1));
            assertThat(a).as("older one first").isLessThan(b);
            assertThat(partlyOverlap(table.get(a), table.get(b))).as("%s names a pair that overlaps partly", e.getMessage())
                .isTrue();
          });
    } else {
      ContextState state = ContextState.fromSnapshot(snapshot, TokenCounter.estimator());
      assertThat(state.snapshot()).isEqualTo(snapshot);
    }
    Statistics.label("outcome").collect(partial ? "refused" : "loaded");
    Statistics.label("equal spans").collect(equalSpans);
    Statistics.label("outcome").coverage(c -> {
      c.check("refused").percentage(p -> p > 10);
      c.check("loaded").percentage(p -> p > 10);
    });
    Statistics.label("equal spans").coverage(c -> c.check(true).percentage(p -> p > 10));
  }

  private static FragmentId id(int i) {
    return FragmentId.of(String.format(Locale.ROOT, "f%05d", i));
  }

  /** Whether the two span lists share a character and neither contains every character of the other. */
  private static boolean partlyOverlap(List<Span> a, List<Span> b) {
    boolean share = false;
    for (Span s : a) {
      for (Span t : b) {
        share |= s.overlaps(t);
      }
    }
    return share && !contains(a, b) && !contains(b, a);
  }

  private static boolean contains(List<Span> outer, List<Span> inner) {
    for (Span s : inner) {
      if (outer.stream().noneMatch(o -> o.contains(s))) {
        return false;
      }
    }
    return true;
  }

  @Provide
  Arbitrary<List<List<Span>>> tables() {
    Arbitrary<Integer> edge = Arbitraries.of(0, 5, 10, 15, 20);
    Arbitrary<Span> span = Combinators.combine(Arbitraries.integers().between(0, 2), edge, edge)
        .filter((m, a, b) -> !a.equals(b))
        .as((m, a, b) -> new Span(m, Math.min(a, b), Math.max(a, b)));
    Arbitrary<List<Span>> fragment = span.list().ofMinSize(1).ofMaxSize(3)
        .uniqueElements(Span::messageIndex)
        .map(spans -> spans.stream().sorted(java.util.Comparator.comparingInt(Span::messageIndex)).toList());
    return fragment.list().ofMinSize(1).ofMaxSize(7);
  }
}
