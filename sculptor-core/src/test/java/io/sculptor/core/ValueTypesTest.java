package io.sculptor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Value semantics of the core types: equal by value, equal hash codes, copies that cannot leak changes. */
class ValueTypesTest {
  private static void assertEqualValues(Object a, Object b, Object different) {
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(different).isNotEqualTo(null);
    assertThat(b).isEqualTo(a);
  }

  @Test
  void conversation_equalByMessages_andAppendReturnsANewOne() {
    Conversation one = Conversation.of(Message.user("a"));
    assertEqualValues(one, Conversation.of(List.of(Message.user("a"))), Conversation.of(Message.user("b")));
    Conversation two = one.append(Message.assistant("b"));
    assertThat(one.size()).isEqualTo(1);
    assertThat(two.size()).isEqualTo(2);
    assertThat(Conversation.of(List.of())).isSameAs(Conversation.empty());
  }

  @Test
  void ids_spansAndRecords_areValues() {
    assertEqualValues(FragmentId.of("f1a2b3"), FragmentId.of("f1a2b3"), FragmentId.of("f1a2b4"));
    assertEqualValues(SearchResultId.of("s1a2b3"), SearchResultId.of("s1a2b3"), SearchResultId.of("s1a2b4"));
    assertEqualValues(new Span(1, 2, 3), new Span(1, 2, 3), new Span(1, 2, 4));
    assertEqualValues(new Summary("t", "f"), new Summary("t", "f"), new Summary("t", "g"));
    assertEqualValues(new ToolCall("a", "b", "c"), new ToolCall("a", "b", "c"), new ToolCall("a", "b", "d"));
    assertEqualValues(new TextPosition(1, 2), new TextPosition(1, 2), new TextPosition(2, 1));
    assertThat(FragmentId.of("f1a2b3")).hasToString("f1a2b3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "f", "f1a2b", "f1a2b34", "F1a2b3", "s1a2b3", "f1A2b3", "f1a2b-"})
  void fragmentId_malformed_isRefusedNamingTheValue(String value) {
    assertThat(FragmentId.isWellFormed(value)).isFalse();
    assertThatThrownBy(() -> FragmentId.of(value)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[" + value + "]");
  }

  @Test
  void span_andSummary_refuseInvalidValues() {
    assertThatThrownBy(() -> new Span(0, 3, 3)).hasMessageContaining("[0, 3, 3]");
    assertThatThrownBy(() -> new Summary(" ", "f")).hasMessageContaining("blank");
  }

  @Test
  void contextState_equalForEqualHistories() {
    Conversation c = Conversation.of(Message.user("alpha beta gamma"));
    ContextState a = ContextState.of(c, 3, TokenCounter.estimator()).fragmentBetween("alpha", "gamma", RoleFilter.USER, 2).state();
    ContextState b = ContextState.of(c, 3, TokenCounter.estimator()).fragmentBetween("alpha", "gamma", RoleFilter.USER, 2).state();
    assertEqualValues(a, b, a.fold(a.fragments().get(0).id()).state());
  }
}
