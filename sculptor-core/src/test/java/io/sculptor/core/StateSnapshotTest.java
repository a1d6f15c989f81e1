package io.sculptor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateSnapshotTest {
  private static final Conversation CONVERSATION = Conversation.of(Message.system("S"),
      Message.user("alpha beta gamma delta epsilon"), Message.assistant("zeta eta theta"));

  private static ContextState edited() {
    ContextState state = ContextState.of(CONVERSATION, 5, TokenCounter.estimator());
    state = state.fragmentBetween("alpha", "theta", RoleFilter.ALL, 2).state();
    state = state.fold(state.fragments().get(0).id()).state();
    return state.search(SearchQuery.of("eta", RoleFilter.ALL, 5, 10)).state();
  }

  @Test
  void fromSnapshot_givesAnEqualStateThatContinuesTheSameIds() {
    ContextState state = edited();
    ContextState reloaded = ContextState.fromSnapshot(state.snapshot(), TokenCounter.estimator());
    assertThat(reloaded).isEqualTo(state).hasSameHashCodeAs(state);
    assertThat(reloaded.view()).isEqualTo(state.view());
    assertThat(reloaded.search(SearchQuery.of("gamma", RoleFilter.ALL, 1, 5)).value().hits().get(0).id())
        .isEqualTo(state.search(SearchQuery.of("gamma", RoleFilter.ALL, 1, 5)).value().hits().get(0).id());
  }

  @Test
  void fromSnapshot_inconsistentData_isRefusedNamingTheProblem() {
    StateSnapshot good = edited().snapshot();
    StateSnapshot.FragmentRecord first = good.fragments().get(0);
    StateSnapshot outside = StateSnapshot.of(CONVERSATION, 5, 9,
        List.of(StateSnapshot.FragmentRecord.of(first.id(), List.of(new Span(1, 0, 999)), first.status())),
        List.of(), Set.of());
    assertThatThrownBy(() -> ContextState.fromSnapshot(outside, TokenCounter.estimator()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit message 1");
    StateSnapshot duplicate = StateSnapshot.of(CONVERSATION, 5, 9, List.of(first, first), List.of(), Set.of());
    assertThatThrownBy(() -> ContextState.fromSnapshot(duplicate, TokenCounter.estimator()))
        .hasMessageContaining("occurs twice");
    StateSnapshot overlap = StateSnapshot.of(CONVERSATION, 5, 9, List.of(
        StateSnapshot.FragmentRecord.of(FragmentId.of("fa0000"), List.of(new Span(1, 0, 10)), FragmentStatus.visible()),
        StateSnapshot.FragmentRecord.of(FragmentId.of("fb0000"), List.of(new Span(1, 5, 20)), FragmentStatus.visible())),
        List.of(), Set.of());
    assertThatThrownBy(() -> ContextState.fromSnapshot(overlap, TokenCounter.estimator()))
        .hasMessageContaining("partly overlap");
    StateSnapshot badHit = StateSnapshot.of(CONVERSATION, 5, 9, List.of(),
        List.of(StateSnapshot.SearchHitRecord.of(SearchResultId.of("s00001"), "omega", 1, 0)), Set.of());
    assertThatThrownBy(() -> ContextState.fromSnapshot(badHit, TokenCounter.estimator()))
        .hasMessageContaining("[omega]");
    StateSnapshot badPin = StateSnapshot.of(CONVERSATION, 5, 9, List.of(), List.of(), Set.of(7));
    assertThatThrownBy(() -> ContextState.fromSnapshot(badPin, TokenCounter.estimator()))
        .hasMessageContaining("[7]");
  }

  @Test
  void snapshot_equalByEveryComponent() {
    StateSnapshot snapshot = edited().snapshot();
    assertThat(snapshot).isEqualTo(edited().snapshot()).hasSameHashCodeAs(edited().snapshot())
        .isNotEqualTo(null).isNotEqualTo(ContextState.of(CONVERSATION).snapshot());
    StateSnapshot copy = StateSnapshot.of(snapshot.conversation(), snapshot.seed(), snapshot.idsDrawn(),
        snapshot.fragments(), snapshot.searchHits(), snapshot.pinned());
    assertThat(copy).isEqualTo(snapshot).hasSameHashCodeAs(snapshot);
    assertThat(StateSnapshot.of(snapshot.conversation(), 6, snapshot.idsDrawn(), snapshot.fragments(),
        snapshot.searchHits(), snapshot.pinned())).isNotEqualTo(snapshot);
    assertThat(StateSnapshot.of(snapshot.conversation(), snapshot.seed(), snapshot.idsDrawn() + 1,
        snapshot.fragments(), snapshot.searchHits(), snapshot.pinned())).isNotEqualTo(snapshot);
    assertThat(StateSnapshot.of(snapshot.conversation(), snapshot.seed(), snapshot.idsDrawn(), snapshot.fragments(),
        snapshot.searchHits(), Set.of(2))).isNotEqualTo(snapshot);
    assertThat(snapshot.toString()).contains("3 messages", "2 fragments");

    StateSnapshot.FragmentRecord fragment = snapshot.fragments().get(0);
    assertThat(StateSnapshot.FragmentRecord.of(fragment.id(), fragment.spans(), fragment.status()))
        .isEqualTo(fragment).hasSameHashCodeAs(fragment)
        .isNotEqualTo(StateSnapshot.FragmentRecord.of(fragment.id(), fragment.spans(), FragmentStatus.visible()));
    StateSnapshot.SearchHitRecord hit = snapshot.searchHits().get(0);
    assertThat(StateSnapshot.SearchHitRecord.of(hit.id(), hit.query(), hit.messageIndex(), hit.offset()))
        .isEqualTo(hit).hasSameHashCodeAs(hit)
        .isNotEqualTo(StateSnapshot.SearchHitRecord.of(hit.id(), hit.query(), hit.messageIndex(), hit.offset() + 1));
  }

  @Test
  void snapshot_copiesItsInputsAndCannotBeChanged() {
    StateSnapshot.FragmentRecord fragment = edited().snapshot().fragments().get(0);
    List<StateSnapshot.FragmentRecord> fragments = new ArrayList<>(List.of(fragment));
    Set<Integer> pinned = new HashSet<>(Set.of(2, 1));
    StateSnapshot snapshot = StateSnapshot.of(CONVERSATION, 5, 9, fragments, List.of(), pinned);
    fragments.clear();
    pinned.add(0);
    assertThat(snapshot.fragments()).containsExactly(fragment);
    assertThat(snapshot.pinned()).containsExactly(1, 2);
    assertThatThrownBy(() -> snapshot.fragments().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> snapshot.pinned().clear()).isInstanceOf(UnsupportedOperationException.class);
    List<Span> spans = new ArrayList<>(fragment.spans());
    StateSnapshot.FragmentRecord record = StateSnapshot.FragmentRecord.of(fragment.id(), spans, fragment.status());
    spans.clear();
    assertThat(record.spans()).isEqualTo(fragment.spans());
    assertThatThrownBy(() -> StateSnapshot.of(null, 0, 0, List.of(), List.of(), Set.of()))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("conversation");
    assertThatThrownBy(() -> StateSnapshot.SearchHitRecord.of(SearchResultId.of("s00001"), null, 0, 0))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("query");
  }

  /**
   * Ten user messages of 10,000 lines; in each, one fragment over the whole message and one per
   * line but the last: 100,000 fragments, nested, some folded or summarized.
   */
  static StateSnapshot hundredThousandFragments() {
    List<Message> messages = new ArrayList<>();
    List<StateSnapshot.FragmentRecord> fragments = new ArrayList<>();
    int id = 0;
    for (int m = 0; m < 10; m++) {
      StringBuilder text = new StringBuilder();
      List<Span> lines = new ArrayList<>();
      for (int line = 0; line < 10_000; line++) {
        int start = text.length();
        text.append("line ").append(line).append(" of message ").append(m).append('\n');
        lines.add(new Span(m, start, text.length()));
      }
      messages.add(Message.user(text.toString()));
      fragments.add(StateSnapshot.FragmentRecord.of(FragmentId.of(String.format(java.util.Locale.ROOT, "f%05d", id++)),
          List.of(new Span(m, 0, text.length())), m % 2 == 0 ? FragmentStatus.visible() : FragmentStatus.folded()));
      for (int line = 0; line < 9_999; line++) {
        FragmentStatus status = line % 10 == 1 ? FragmentStatus.folded()
            : line % 10 == 2 ? FragmentStatus.summarized(new Summary("s", "")) : FragmentStatus.visible();
        fragments.add(StateSnapshot.FragmentRecord.of(FragmentId.of(String.format(java.util.Locale.ROOT, "f%05d", id++)),
            List.of(lines.get(line)), status));
      }
    }
    return StateSnapshot.of(Conversation.of(messages), 3, id, fragments, List.of(), Set.of());
  }

  @Test
  void fromSnapshot_hundredThousandNestedFragments_loadsInTimeLinearInThem() {
    StateSnapshot snapshot = hundredThousandFragments();

    // Before the nesting check became a sort and a sweep per message, this took minutes; the
    // benchmark suite measures it (SnapshotBenchmarks), the test checks the result.
    ContextState state = ContextState.fromSnapshot(snapshot, TokenCounter.estimator());

    assertThat(state.fragments()).hasSize(100_000);
    assertThat(state.snapshot()).isEqualTo(snapshot);
    assertThat(state.viewTokens()).isEqualTo(ContextStateTest.recount(state));
  }

  @Test
  void fromSnapshot_summaryNotShorterThanItsFragment_isRefusedAsSummarizeWould() {
    FragmentId id = FragmentId.of("f00001");
    Span alpha = new Span(1, 0, 5);
    for (String text : List.of("alpha", "alpha and much more")) {
      StateSnapshot longer = StateSnapshot.of(CONVERSATION, 5, 9, List.of(StateSnapshot.FragmentRecord.of(id,
          List.of(alpha), FragmentStatus.summarized(new Summary(text, "")))), List.of(), Set.of());
      assertThatThrownBy(() -> ContextState.fromSnapshot(longer, TokenCounter.estimator()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("fragment [f00001] summary has [" + text.length() + "] characters")
          .hasMessageContaining("fewer than the [5]");
    }
    StateSnapshot shorter = StateSnapshot.of(CONVERSATION, 5, 9, List.of(StateSnapshot.FragmentRecord.of(id,
        List.of(alpha), FragmentStatus.summarized(new Summary("alph", "")))), List.of(), Set.of());
    assertThat(ContextState.fromSnapshot(shorter, TokenCounter.estimator()).fragment(id).orElseThrow().summary())
        .contains(new Summary("alph", ""));
  }

  @ParameterizedTest
  @ValueSource(longs = {-5, -1, Long.MIN_VALUE, Long.MAX_VALUE, 60_466_177})
  void fromSnapshot_idsDrawnBeyondWhatTheGeneratorCanDraw_isRefused(long idsDrawn) {
    StateSnapshot snapshot = StateSnapshot.of(CONVERSATION, 5, idsDrawn, List.of(), List.of(), Set.of());
    assertThatThrownBy(() -> ContextState.fromSnapshot(snapshot, TokenCounter.estimator()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("idsDrawn [" + idsDrawn + "] must be in [0, 60466176]");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 60_466_176})
  void fromSnapshot_idsDrawnAtTheBounds_loadsAndDrawsIds(long idsDrawn) {
    StateSnapshot snapshot = StateSnapshot.of(CONVERSATION, 5, idsDrawn, List.of(), List.of(), Set.of());
    ContextState state = ContextState.fromSnapshot(snapshot, TokenCounter.estimator());
    assertThat(state.search(SearchQuery.of("gamma", RoleFilter.ALL, 5, 10)).value().hits()).hasSize(1);
  }

  @Test
  void fromSnapshot_moreSearchHitsThanAStateRemembers_isRefused() {
    Conversation conversation = Conversation.of(Message.user("x ".repeat(2000)));
    List<StateSnapshot.SearchHitRecord> hits = new ArrayList<>();
    for (int i = 0; i <= ContextState.MAX_REMEMBERED_SEARCH_HITS; i++) {
      hits.add(StateSnapshot.SearchHitRecord.of(SearchResultId.of(String.format(java.util.Locale.ROOT, "s%05d", i)),
          "x", 0, 2 * i));
    }
    StateSnapshot tooMany = StateSnapshot.of(conversation, 5, 2000, List.of(), hits, Set.of());
    assertThatThrownBy(() -> ContextState.fromSnapshot(tooMany, TokenCounter.estimator()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("searchHits has [1001] entries, more than the [1000] a state remembers");
    StateSnapshot enough = StateSnapshot.of(conversation, 5, 2000, List.of(), hits.subList(1, hits.size()), Set.of());
    assertThat(ContextState.fromSnapshot(enough, TokenCounter.estimator()).searchResultIds()).hasSize(1000);
  }

  @Test
  void fromSnapshot_fragmentsPartlyOverlappingAcrossMessages_isRefusedNamingBoth() {
    Conversation conversation = Conversation.of(Message.user("alpha beta gamma"), Message.user("delta epsilon"));
    // Nested in message 0 one way and in message 1 the other way: neither contains the other.
    StateSnapshot crossed = StateSnapshot.of(conversation, 5, 9, List.of(
        StateSnapshot.FragmentRecord.of(FragmentId.of("fa0000"), List.of(new Span(0, 0, 16), new Span(1, 0, 5)),
            FragmentStatus.visible()),
        StateSnapshot.FragmentRecord.of(FragmentId.of("fb0000"), List.of(new Span(0, 6, 16), new Span(1, 0, 13)),
            FragmentStatus.visible())), List.of(), Set.of());
    assertThatThrownBy(() -> ContextState.fromSnapshot(crossed, TokenCounter.estimator()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fragments [fa0000] and [fb0000] partly overlap");
    // The same spans in both messages, one fragment over one more message: they nest.
    StateSnapshot nested = StateSnapshot.of(conversation, 5, 9, List.of(
        StateSnapshot.FragmentRecord.of(FragmentId.of("fa0000"), List.of(new Span(0, 6, 16)), FragmentStatus.folded()),
        StateSnapshot.FragmentRecord.of(FragmentId.of("fb0000"), List.of(new Span(0, 6, 16), new Span(1, 0, 13)),
            FragmentStatus.visible())), List.of(), Set.of());
    ContextState state = ContextState.fromSnapshot(nested, TokenCounter.estimator());
    assertThat(state.fragment(FragmentId.of("fb0000")).orElseThrow()
        .encloses(state.fragment(FragmentId.of("fa0000")).orElseThrow())).isTrue();
  }
}
