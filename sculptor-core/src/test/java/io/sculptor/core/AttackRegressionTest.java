package io.sculptor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.internal.CutPoints;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cases an outside attack on the core found; each failed before its fix. */
class AttackRegressionTest {

  @Test
  void fragmentBetween_markerIsHalfASurrogatePair_neverSplitsThePair() {
    ContextState state = ContextState.of(Conversation.of(Message.user("a 😀 b")));

    Outcome<Fragmentation> outcome = state.fragmentBetween("a", "\ud83d", RoleFilter.USER, 1);

    assertThat(outcome.failure().orElseThrow().reason()).isEqualTo(FailureReason.END_MARKER_NOT_FOUND);
    assertThat(outcome.state()).isSameAs(state);
  }

  @Test
  void fragmentBetween_loneSurrogateInTheText_stillMatches() {
    ContextState state = ContextState.of(Conversation.of(Message.user("a \ud83d b")));

    Fragmentation made = state.fragmentBetween("a", "\ud83d", RoleFilter.USER, 1).value();

    assertThat(made.fragments().get(0).spans()).containsExactly(new Span(0, 0, 3));
  }

  @Test
  void search_queryIsHalfASurrogatePair_findsNothing() {
    ContextState state = ContextState.of(Conversation.of(Message.user("a 😀 b")));

    SearchResults results = state.search(SearchQuery.of("\ude00", RoleFilter.USER, 10, 10)).value();

    assertThat(results.totalMatches()).isZero();
  }

  @Test
  void viewMessage_outerFoldedInnerSummarizedWithEqualSpanInMessage_outerDecides() {
    ContextState state = ContextState.of(Conversation.of(
        Message.user("alpha BEGIN one two END"), Message.user("tail STOP more")));
    Outcome<Fragmentation> inner = state.fragmentBetween("BEGIN", "END", RoleFilter.USER, 1);
    Outcome<Fragmentation> outer = inner.state().fragmentBetween("BEGIN", "STOP", RoleFilter.USER, 1);
    FragmentId innerId = inner.value().fragments().get(0).id();
    FragmentId outerId = outer.value().fragments().get(0).id();

    ContextState edited = outer.state().fold(outerId).state()
        .summarize(innerId, new Summary("1 2", "")).state();

    assertThat(edited.view().get(0).content()).isEqualTo("alpha [fragment " + outerId
        + " folded, part 1 of 2: 17 characters hidden; restore_fragment " + outerId + " shows them]");
    assertThat(edited.hiddenBy(0, 6)).contains(outerId);
    assertThat(edited.viewTokens()).isEqualTo(ContextStateTest.recount(edited));
  }

  @Test
  void viewTokens_markerCutsAWord_totalIsExact() {
    ContextState state = ContextState.of(Conversation.of(Message.user("abcdefgh")));
    Outcome<Fragmentation> made = state.fragmentBetween("cd", "ef", RoleFilter.USER, 1);

    ContextState folded = made.state().fold(made.value().fragments().get(0).id()).state();

    assertThat(folded.viewTokens()).isEqualTo(ContextStateTest.recount(folded));
  }

  @Test
  void fragmentBetween_endMarkerOverlapsStartMarker_usesFirstOccurrenceAfterTheStart() {
    ContextState aaa = ContextState.of(Conversation.of(Message.user("aaa")));
    assertThat(aaa.fragmentBetween("a", "aa", RoleFilter.USER, 1).value().fragments().get(0).spans())
        .containsExactly(new Span(0, 0, 3));

    ContextState xaaaa = ContextState.of(Conversation.of(Message.user("xaaaa")));
    assertThat(xaaaa.fragmentBetween("xa", "aa", RoleFilter.USER, 1).value().fragments().get(0).spans())
        .containsExactly(new Span(0, 0, 4));
  }

  @Test
  void fragmentBetween_singleLineKeyValueStream_neverCutsBetweenKeyAndValue() {
    String[] keys = {"festival", "clothing", "material", "city", "river", "animal"};
    String[] values = {"Holi", "Nike", "wool", "Lima", "Nile", "otter", "Diwali", "cotton", "Oslo"};
    StringBuilder line = new StringBuilder("UPDATES ");
    for (int i = 0; i < 600; i++) {
      line.append(keys[i % keys.length]).append(": ").append(values[(i * 7) % values.length]).append("; ");
    }
    line.append("END");
    String text = line.toString();
    ContextState state = ContextState.of(Conversation.of(Message.user(text)));

    for (int pieces = 2; pieces <= 20; pieces++) {
      Fragmentation made = state.fragmentBetween("UPDATES", "END", RoleFilter.USER, pieces).value();
      assertThat(made.fragments()).hasSize(pieces);
      for (Fragment f : made.fragments()) {
        int start = f.spans().get(0).start();
        assertThat(text.substring(Math.max(0, start - 2), start)).as("cut at %d of %d pieces", start, pieces)
            .isNotEqualTo(": ");
      }
    }
  }

  @Test
  void cutPoints_prose_colonRanksBelowOtherWhitespace() {
    String prose = "Note: the plan, as agreed; then more words.";
    assertThat(CutPoints.rank(prose, prose.indexOf("the"))).isEqualTo(CutPoints.AFTER_COLON);
    assertThat(CutPoints.rank(prose, prose.indexOf("as"))).isEqualTo(CutPoints.CLAUSE);
    assertThat(CutPoints.rank(prose, prose.indexOf("plan"))).isEqualTo(CutPoints.SPACE);
    assertThat(CutPoints.AFTER_COLON).isGreaterThan(CutPoints.SPACE).isLessThan(CutPoints.CJK);
  }

  @Test
  void search_manyMatches_latestOnesAreReturnedAndRemembered() {
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      messages.add(Message.user("key7: v" + i + ";"));
    }
    ContextState state = ContextState.of(Conversation.of(messages));

    Outcome<SearchResults> outcome = state.search(
        SearchQuery.of("key7: ", RoleFilter.USER, 5, 10).withLatestResults(3));

    SearchResults results = outcome.value();
    assertThat(results.totalMatches()).isEqualTo(256);
    assertThat(results.hits()).extracting(SearchHit::messageIndex).containsExactly(0, 1, 2, 3, 4);
    assertThat(results.latestHits()).extracting(SearchHit::messageIndex).containsExactly(253, 254, 255);
    assertThat(results.latestHits().get(2).after()).startsWith("v255;");
    assertThat(results.omittedMatches()).isEqualTo(248);
    assertThat(outcome.state().searchDetail(results.latestHits().get(2).id(), 0).isSuccess()).isTrue();
  }

  @Test
  void search_fewMatches_latestHitsDoNotRepeatTheFirst() {
    ContextState state = ContextState.of(Conversation.of(Message.user("ab ab ab")));

    SearchResults results = state.search(SearchQuery.of("ab", RoleFilter.USER, 2, 0).withLatestResults(5))
        .value();

    assertThat(results.hits()).extracting(SearchHit::offset).containsExactly(0, 3);
    assertThat(results.latestHits()).extracting(SearchHit::offset).containsExactly(6);
  }
}
