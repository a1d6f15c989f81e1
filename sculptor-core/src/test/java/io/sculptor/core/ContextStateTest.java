package io.sculptor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContextStateTest {
  private static final Conversation THREE_MESSAGES = Conversation.of(
      Message.system("You are careful."),
      Message.user("Report BEGIN alpha beta gamma. Delta epsilon."),
      Message.assistant("Noted: zeta eta theta."),
      Message.user("More: iota kappa lambda END and after."));

  @Test
  void of_noEdits_viewEqualsOriginal() {
    ContextState state = ContextState.of(THREE_MESSAGES);
    assertThat(state.view()).isEqualTo(THREE_MESSAGES);
    assertThat(state.viewTokens()).isEqualTo(state.originalTokens());
  }

  @Test
  void fragmentBetween_largeSingleMessage_tenBalancedPiecesWithoutCutWords() {
    String stream = Streams.keyValueStream(250_000, 7);
    ContextState state = ContextState.of(Conversation.of(Message.user(stream)));

    Fragmentation made = state.fragmentBetween(stream.substring(0, 12),
        stream.substring(stream.length() - 10), RoleFilter.USER, 10).value();

    assertThat(made.fragments()).hasSize(10);
    double mean = made.fragments().stream().mapToInt(Fragment::characters).average().orElseThrow();
    assertThat(made.fragments()).allSatisfy(f -> {
      assertThat(f.characters()).isBetween((int) (mean * 0.75), (int) (mean * 1.25));
      Span span = f.spans().get(0);
      assertThat(WordBoundaries.cutsWord(stream, span.start())).isFalse();
      assertThat(WordBoundaries.cutsWord(stream, span.end())).isFalse();
    });
    assertThat(made.fragments().stream().mapToInt(Fragment::characters).sum())
        .isEqualTo(stream.length());
  }

  @Test
  void fragmentBetween_regionOverThreeMessages_coversEachMessageOfAllRoles() {
    ContextState state = ContextState.of(THREE_MESSAGES);

    Fragmentation made = state.fragmentBetween("BEGIN", "END", RoleFilter.ALL, 1).value();

    Fragment f = made.fragments().get(0);
    assertThat(f.spans()).containsExactly(
        new Span(1, 7, THREE_MESSAGES.get(1).content().length()),
        new Span(2, 0, THREE_MESSAGES.get(2).content().length()),
        new Span(3, 0, THREE_MESSAGES.get(3).content().indexOf("END") + 3));
    ContextState folded = made.fragments().isEmpty() ? state
        : state.fragmentBetween("BEGIN", "END", RoleFilter.ALL, 1).state().fold(f.id()).state();
    assertThat(folded.view().get(1).content()).startsWith("Report [fragment " + f.id() + " folded, part 1 of 3");
    assertThat(folded.view().get(3).content()).endsWith("] and after.");
    assertThat(folded.view().get(0)).isEqualTo(THREE_MESSAGES.get(0));
  }

  @Test
  void fragmentBetween_userRole_skipsAssistantMessageInside() {
    Fragment f = ContextState.of(THREE_MESSAGES)
        .fragmentBetween("BEGIN", "END", RoleFilter.USER, 1).value().fragments().get(0);
    assertThat(f.spans()).extracting(Span::messageIndex).containsExactly(1, 3);
  }

  @Test
  void fragmentBetween_startMarkerMissing_failsWithTheFactsAndSameState() {
    ContextState state = ContextState.of(THREE_MESSAGES);

    Outcome<Fragmentation> outcome = state.fragmentBetween("Noted", "END", RoleFilter.USER, 2);

    assertThat(outcome.isSuccess()).isFalse();
    Outcome.Failure<Fragmentation> failure = outcome.failure().orElseThrow();
    assertThat(failure.reason()).isEqualTo(FailureReason.START_MARKER_NOT_FOUND);
    assertThat(failure.refusal()).isEqualTo(
        new Refusal.MarkerNotFound(Refusal.Marker.START, "Noted", RoleFilter.USER));
    assertThat(failure.message()).isEqualTo("start marker [Noted] not found in user messages");
    assertThat(outcome.state()).isSameAs(state);
  }

  @Test
  void fragmentBetween_endMarkerOnlyBeforeStart_failsSpecifically() {
    ContextState state = ContextState.of(THREE_MESSAGES);

    Outcome<Fragmentation> outcome = state.fragmentBetween("iota", "BEGIN", RoleFilter.USER, 2);

    assertThat(outcome.failure().orElseThrow().reason()).isEqualTo(FailureReason.END_MARKER_BEFORE_START);
    assertThat(outcome.failure().orElseThrow().refusal())
        .isEqualTo(new Refusal.EndMarkerBeforeStart("iota", "BEGIN", 1, new TextPosition(3, 6)));
    assertThat(outcome.state()).isSameAs(state);
  }

  @Test
  void fragmentBetween_systemPromptMarker_isNeverMatched() {
    Outcome<Fragmentation> outcome = ContextState.of(THREE_MESSAGES)
        .fragmentBetween("You are", "careful", RoleFilter.ALL, 1);
    assertThat(outcome.failure().orElseThrow().reason()).isEqualTo(FailureReason.START_MARKER_NOT_FOUND);
  }

  @Test
  void fragmentBetween_markerSeveralTimes_reportsOccurrencesAndUsesFirst() {
    Conversation c = Conversation.of(Message.user("a x b x c x d"));
    Fragmentation made = ContextState.of(c).fragmentBetween("x", "d", RoleFilter.USER, 1).value();
    assertThat(made.startMarkerOccurrences()).isEqualTo(3);
    assertThat(made.regionStart()).isEqualTo(new TextPosition(0, 2));
  }

  @Test
  void foldAndRestore_keyValueStream_viewUnderQuarterAndBackToOriginal() {
    String stream = Streams.keyValueStream(256_000, 11);
    Conversation c = Conversation.of(Message.system("Track the keys."), Message.user(stream));
    ContextState state = ContextState.of(c);
    List<Fragment> pieces = state.fragmentBetween(stream.substring(0, 10),
        stream.substring(stream.length() - 8), RoleFilter.USER, 10).value().fragments();
    state = state.fragmentBetween(stream.substring(0, 10), stream.substring(stream.length() - 8),
        RoleFilter.USER, 10).state();

    for (int i = 0; i < 8; i++) {
      state = state.fold(pieces.get(i).id()).state();
    }
    assertThat(state.originalTokens()).isGreaterThan(60_000);
    assertThat(state.viewTokens()).isLessThan(state.originalTokens() / 4);
    assertThat(state.viewTokens()).isEqualTo(recount(state));

    for (int i = 0; i < 8; i++) {
      state = state.restore(pieces.get(i).id()).state();
    }
    assertThat(state.view()).isEqualTo(c);
    assertThat(state.viewTokens()).isEqualTo(state.originalTokens());
  }

  @Test
  void restore_outerFragment_restoresNestedOnes() {
    ContextState state = ContextState.of(THREE_MESSAGES);
    Fragment outer = state.fragmentBetween("BEGIN", "END", RoleFilter.ALL, 1).value().fragments().get(0);
    state = state.fragmentBetween("BEGIN", "END", RoleFilter.ALL, 1).state();
    Outcome<Fragmentation> innerOutcome = state.fragmentBetween("alpha", "gamma", RoleFilter.USER, 1);
    Fragment inner = innerOutcome.value().fragments().get(0);
    state = innerOutcome.state().fold(inner.id()).state();
    state = state.fold(outer.id()).state();

    FragmentEdit edit = state.restore(outer.id()).value();

    assertThat(edit.alsoRestored()).containsExactly(inner.id());
    assertThat(state.restore(outer.id()).state().view()).isEqualTo(THREE_MESSAGES);
  }

  @Test
  void fold_innerOfFoldedOuter_reportsEnclosingHider() {
    ContextState state = ContextState.of(THREE_MESSAGES);
    Outcome<Fragmentation> outerMade = state.fragmentBetween("BEGIN", "END", RoleFilter.ALL, 1);
    FragmentId outer = outerMade.value().fragments().get(0).id();
    Outcome<Fragmentation> innerMade = outerMade.state().fold(outer).state()
        .fragmentBetween("alpha", "gamma", RoleFilter.USER, 1);
    FragmentId inner = innerMade.value().fragments().get(0).id();

    FragmentEdit edit = innerMade.state().fold(inner).value();

    assertThat(edit.hiddenBy()).contains(outer);
    assertThat(edit.viewTokensAfter()).isEqualTo(edit.viewTokensBefore());
  }

  @Test
  void fragmentBetween_partialOverlap_isRefused() {
    ContextState state = ContextState.of(THREE_MESSAGES);
    state = state.fragmentBetween("alpha", "Delta", RoleFilter.USER, 1).state();

    Outcome<Fragmentation> outcome = state.fragmentBetween("beta", "epsilon", RoleFilter.USER, 1);

    assertThat(outcome.failure().orElseThrow().reason()).isEqualTo(FailureReason.OVERLAPS_FRAGMENT);
    assertThat(outcome.state()).isSameAs(state);
  }

  @Test
  void fragmentBetween_enclosingRegion_cutsAroundInnerFragment() {
    String text = "one two three four five six seven eight nine ten eleven twelve";
    ContextState state = ContextState.of(Conversation.of(Message.user(text)));
    Fragment inner = state.fragmentBetween("four", "nine", RoleFilter.USER, 1).value().fragments().get(0);
    ContextState withInner = state.fragmentBetween("four", "nine", RoleFilter.USER, 1).state();

    Fragmentation outer = withInner.fragmentBetween("one", "twelve", RoleFilter.USER, 2).value();

    assertThat(outer.fragments()).hasSize(2)
        .anySatisfy(f -> assertThat(f.encloses(withInner.fragment(inner.id()).orElseThrow())).isTrue());
  }

  @Test
  void fragmentBetween_regionEnclosingFortyThousandFragments_cutsAroundEachInTimeLinearInThem() {
    StringBuilder line = new StringBuilder();
    for (int block = 0; block < 40; block++) {
      line.append(String.format(java.util.Locale.ROOT, "<b%02d> ", block));
      for (int word = 0; word < 1000; word++) {
        line.append(String.format(java.util.Locale.ROOT, "w%03d-abcdefghijklmn ", word));
      }
      line.append(String.format(java.util.Locale.ROOT, "<e%02d> ", block));
    }
    ContextState state = ContextState.of(Conversation.of(Message.user(line.toString())));
    for (int block = 0; block < 40; block++) {
      state = state.fragmentBetween(String.format(java.util.Locale.ROOT, "<b%02d>", block),
          String.format(java.util.Locale.ROOT, "<e%02d>", block), RoleFilter.USER, 1000).state();
    }
    ContextState inner = state;
    assertThat(inner.fragments()).hasSize(40_000);

    // Before the enclosed fragments' hulls were merged and binary-searched, this took 13.6 s.
    Fragmentation outer = inner.fragmentBetween("<b00>", "<e39>", RoleFilter.USER, 10).value();

    assertThat(outer.fragments()).hasSizeBetween(2, 10);
    ContextState after = inner.fragmentBetween("<b00>", "<e39>", RoleFilter.USER, 10).state();
    for (Fragment enclosed : inner.fragments()) {
      Span span = enclosed.spans().get(0);
      assertThat(outer.fragments()).as("the one new fragment around %s", enclosed)
          .filteredOn(f -> f.spans().get(0).contains(span)).hasSize(1);
    }
    assertThat(after.fragments()).hasSize(40_000 + outer.fragments().size());
  }

  @Test
  void summarize_replacesTextAndRefusesLongerSummary() {
    ContextState state = ContextState.of(THREE_MESSAGES);
    Outcome<Fragmentation> made = state.fragmentBetween("BEGIN", "epsilon", RoleFilter.USER, 1);
    FragmentId id = made.value().fragments().get(0).id();

    Outcome<FragmentEdit> tooLong = made.state().summarize(id,
        new Summary("x".repeat(200), "main points"));
    assertThat(tooLong.failure().orElseThrow().reason()).isEqualTo(FailureReason.SUMMARY_NOT_SHORTER);

    ContextState summarized = made.state().summarize(id, new Summary("Greek letters.", "main points")).state();
    assertThat(summarized.view().get(1).content()).contains("Greek letters.").contains(id.value())
        .doesNotContain("alpha");
    assertThat(summarized.viewTokens()).isEqualTo(recount(summarized));
  }

  @Test
  void pin_messageThenFold_isRefusedAndPinnedMessageStaysOriginal() {
    ContextState state = ContextState.of(THREE_MESSAGES);
    Outcome<Fragmentation> made = state.fragmentBetween("BEGIN", "END", RoleFilter.ALL, 1);
    ContextState pinned = made.state().pin(2).state();

    Outcome<FragmentEdit> fold = pinned.fold(made.value().fragments().get(0).id());

    assertThat(fold.failure().orElseThrow().reason()).isEqualTo(FailureReason.PINNED_MESSAGE);
    assertThat(fold.state().view()).isEqualTo(THREE_MESSAGES);
  }

  @Test
  void pin_hiddenMessage_isRefused() {
    Outcome<Fragmentation> made = ContextState.of(THREE_MESSAGES)
        .fragmentBetween("Noted", "theta.", RoleFilter.ASSISTANT, 1);
    ContextState folded = made.state().fold(made.value().fragments().get(0).id()).state();
    assertThat(folded.pin(2).failure().orElseThrow().reason()).isEqualTo(FailureReason.MESSAGE_HIDDEN);
  }

  @Test
  void fragmentBetween_afterPin_skipsPinnedMessage() {
    ContextState state = ContextState.of(THREE_MESSAGES).pin(2).state();
    Fragment f = state.fragmentBetween("BEGIN", "END", RoleFilter.ALL, 1).value().fragments().get(0);
    assertThat(f.spans()).extracting(Span::messageIndex).containsExactly(1, 3);
  }

  @Test
  void search_findsTextInsideFoldedFragmentAndNamesIt() {
    ContextState state = ContextState.of(THREE_MESSAGES);
    Outcome<Fragmentation> made = state.fragmentBetween("BEGIN", "Delta", RoleFilter.USER, 1);
    FragmentId id = made.value().fragments().get(0).id();
    ContextState folded = made.state().fold(id).state();

    Outcome<SearchResults> outcome = folded.search(SearchQuery.of("gamma", RoleFilter.USER, 10, 5));

    SearchResults results = outcome.value();
    assertThat(results.totalMatches()).isEqualTo(1);
    SearchHit hit = results.hits().get(0);
    assertThat(hit.messageIndex()).isEqualTo(1);
    assertThat(hit.before()).isEqualTo("beta ");
    assertThat(hit.match()).isEqualTo("gamma");
    assertThat(hit.after()).isEqualTo(". Del");
    assertThat(hit.hiddenBy()).contains(id);

    SearchHit detail = outcome.state().searchDetail(hit.id(), 100).value();
    assertThat(detail.before()).isEqualTo("Report BEGIN alpha beta ");
    assertThat(outcome.state().restore(id).state().searchDetail(hit.id(), 1).value().hiddenBy()).isEmpty();
  }

  @Test
  void search_countsAllButReturnsAtMostMaxResults() {
    Conversation c = Conversation.of(Message.user("ab ab ab ab"), Message.assistant("ab"));
    SearchResults results = ContextState.of(c).search(SearchQuery.of("ab", RoleFilter.ALL, 2, 0)).value();
    assertThat(results.totalMatches()).isEqualTo(5);
    assertThat(results.hits()).hasSize(2);
  }

  @Test
  void search_ignoringToolResults_skipsEchoesOfEarlierSearches() {
    Conversation c = Conversation.of(
        Message.user("needle"),
        Message.assistant("", List.of(new ToolCall("call_1", "search_context", "{\"query\":\"needle\"}"))),
        Message.tool("call_1", "1 hit: needle"));
    SearchQuery query = SearchQuery.of("needle", RoleFilter.ALL, 10, 10)
        .ignoringResultsOf(java.util.Set.of("search_context"));
    assertThat(ContextState.of(c).search(query).value().totalMatches()).isEqualTo(1);
  }

  @Test
  void searchDetail_unknownId_failsWithNextStep() {
    Outcome<SearchHit> outcome = ContextState.of(THREE_MESSAGES).searchDetail(SearchResultId.of("s00000"), 10);
    assertThat(outcome.failure().orElseThrow().refusal()).isEqualTo(
        new Refusal.UnknownSearchResult(SearchResultId.of("s00000"), java.util.Optional.empty(), 1000));
  }

  @Test
  void fold_unknownFragment_failsAndListsNone() {
    ContextState state = ContextState.of(THREE_MESSAGES);
    Outcome<FragmentEdit> outcome = state.fold(FragmentId.of("f00000"));
    assertThat(outcome.failure().orElseThrow().reason()).isEqualTo(FailureReason.UNKNOWN_FRAGMENT);
    assertThat(outcome.failure().orElseThrow().refusal())
        .isEqualTo(new Refusal.UnknownFragment(FragmentId.of("f00000"), 0, List.of()));
    assertThat(outcome.state()).isSameAs(state);
  }

  @Test
  void append_keepsFragmentsAndAddsVisibleMessage() {
    Outcome<Fragmentation> made = ContextState.of(THREE_MESSAGES).fragmentBetween("BEGIN", "END", RoleFilter.ALL, 1);
    ContextState folded = made.state().fold(made.value().fragments().get(0).id()).state();
    ContextState appended = folded.append(Message.user("new question"));
    assertThat(appended.original().size()).isEqualTo(5);
    assertThat(appended.view().get(4).content()).isEqualTo("new question");
    assertThat(appended.viewTokens()).isEqualTo(recount(appended));
  }

  @Test
  void ids_sameSeedSameOperations_sameIds() {
    List<FragmentId> first = ContextState.of(THREE_MESSAGES, 42, TokenCounter.estimator())
        .fragmentBetween("BEGIN", "END", RoleFilter.ALL, 3).value().fragments().stream().map(Fragment::id).toList();
    List<FragmentId> second = ContextState.of(THREE_MESSAGES, 42, TokenCounter.estimator())
        .fragmentBetween("BEGIN", "END", RoleFilter.ALL, 3).value().fragments().stream().map(Fragment::id).toList();
    List<FragmentId> other = ContextState.of(THREE_MESSAGES, 43, TokenCounter.estimator())
        .fragmentBetween("BEGIN", "END", RoleFilter.ALL, 3).value().fragments().stream().map(Fragment::id).toList();
    assertThat(first).isEqualTo(second).doesNotContainAnyElementsOf(other);
  }

  @Test
  void fragmentBetween_badArguments_throw() {
    ContextState state = ContextState.of(THREE_MESSAGES);
    assertThatThrownBy(() -> state.fragmentBetween("", "END", RoleFilter.ALL, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startMarker");
    assertThatThrownBy(() -> state.fragmentBetween("a", "b", RoleFilter.ALL, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0]");
  }

  static long recount(ContextState state) {
    TokenCounter counter = state.tokenCounter();
    long total = 0;
    for (Message m : state.view()) {
      total += counter.countMessageOverhead(m) + counter.countTokens(m.content());
    }
    return total;
  }

  @Test
  void search_remembersTheLatestHitsOnlyAndNeverReusesTheirIds() {
    Conversation c = Conversation.of(Message.user("x ".repeat(3000)));
    ContextState state = ContextState.of(c);
    java.util.Set<SearchResultId> issued = new java.util.HashSet<>();
    SearchResultId first = null;
    for (int i = 0; i < 30; i++) {
      Outcome<SearchResults> outcome = state.search(SearchQuery.of("x", RoleFilter.USER, 50, 0));
      for (SearchHit hit : outcome.value().hits()) {
        assertThat(issued.add(hit.id())).as("id %s issued once", hit.id()).isTrue();
        first = first == null ? hit.id() : first;
      }
      state = outcome.state();
    }
    assertThat(state.searchResultIds()).hasSize(ContextState.MAX_REMEMBERED_SEARCH_HITS);
    Outcome<SearchHit> forgotten = state.searchDetail(first, 10);
    assertThat(forgotten.failure().orElseThrow().refusal()).isEqualTo(new Refusal.UnknownSearchResult(first,
        java.util.Optional.of(state.searchResultIds().get(999)), ContextState.MAX_REMEMBERED_SEARCH_HITS));
    assertThat(state.searchDetail(state.searchResultIds().get(999), 10).isSuccess()).isTrue();
  }
}
