package io.sculptor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    StateSnapshot outside = new StateSnapshot(CONVERSATION, 5, 9,
        List.of(new StateSnapshot.FragmentRecord(first.id(), List.of(new Span(1, 0, 999)), first.status())),
        List.of(), Set.of());
    assertThatThrownBy(() -> ContextState.fromSnapshot(outside, TokenCounter.estimator()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit message 1");
    StateSnapshot duplicate = new StateSnapshot(CONVERSATION, 5, 9, List.of(first, first), List.of(), Set.of());
    assertThatThrownBy(() -> ContextState.fromSnapshot(duplicate, TokenCounter.estimator()))
        .hasMessageContaining("occurs twice");
    StateSnapshot overlap = new StateSnapshot(CONVERSATION, 5, 9, List.of(
        new StateSnapshot.FragmentRecord(FragmentId.of("fa0000"), List.of(new Span(1, 0, 10)), FragmentStatus.visible()),
        new StateSnapshot.FragmentRecord(FragmentId.of("fb0000"), List.of(new Span(1, 5, 20)), FragmentStatus.visible())),
        List.of(), Set.of());
    assertThatThrownBy(() -> ContextState.fromSnapshot(overlap, TokenCounter.estimator()))
        .hasMessageContaining("partly overlap");
    StateSnapshot badHit = new StateSnapshot(CONVERSATION, 5, 9, List.of(),
        List.of(new StateSnapshot.SearchHitRecord(SearchResultId.of("s00001"), "omega", 1, 0)), Set.of());
    assertThatThrownBy(() -> ContextState.fromSnapshot(badHit, TokenCounter.estimator()))
        .hasMessageContaining("[omega]");
    StateSnapshot badPin = new StateSnapshot(CONVERSATION, 5, 9, List.of(), List.of(), Set.of(7));
    assertThatThrownBy(() -> ContextState.fromSnapshot(badPin, TokenCounter.estimator()))
        .hasMessageContaining("[7]");
  }
}
