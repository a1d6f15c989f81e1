package io.sculptor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

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
}
