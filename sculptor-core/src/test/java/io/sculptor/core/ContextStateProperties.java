package io.sculptor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Stateful tests of the invariants of DESIGN §3: random operation sequences on random
 * conversations, every invariant checked after every step.
 */
class ContextStateProperties {

  @Property(tries = 500)
  void everyInvariantHoldsAfterEveryOperation(@ForAll("conversations") Conversation conversation,
      @ForAll("operations") List<Operation> operations, @ForAll long seed) {
    ContextState state = ContextState.of(conversation, seed, TokenCounter.estimator());
    assertThat(state.view()).as("graceful degradation").isEqualTo(conversation);

    boolean folded = false;
    boolean summarized = false;
    boolean nested = false;
    boolean multiMessage = false;
    for (Operation operation : operations) {
      ContextState before = state;
      Outcome<?> outcome = operation.apply(state);
      if (!outcome.isSuccess()) {
        assertThat(outcome.state()).as("atomic failure of %s", operation).isSameAs(before);
        assertThat(outcome.failure().orElseThrow().message()).isNotBlank();
      }
      state = outcome.state();
      checkInvariants(before, state);
      for (Fragment f : state.fragments()) {
        folded |= f.status() instanceof FragmentStatus.Folded;
        summarized |= f.status() instanceof FragmentStatus.Summarized;
        multiMessage |= f.spans().size() > 1;
        for (Fragment g : state.fragments()) {
          nested |= f.encloses(g);
        }
      }
    }

    ContextState replayed = ContextState.of(conversation, seed, TokenCounter.estimator());
    for (Operation operation : operations) {
      replayed = operation.apply(replayed).state();
    }
    assertThat(replayed).as("determinism").isEqualTo(state);
    assertThat(replayed.view()).isEqualTo(state.view());

    Statistics.label("folded").collect(folded);
    Statistics.label("summarized").collect(summarized);
    Statistics.label("nested").collect(nested);
    Statistics.label("multi-message").collect(multiMessage);
    Statistics.label("folded").coverage(c -> c.check(true).percentage(p -> p > 5));
    Statistics.label("summarized").coverage(c -> c.check(true).percentage(p -> p > 2));
    Statistics.label("nested").coverage(c -> c.check(true).percentage(p -> p > 3));
    Statistics.label("multi-message").coverage(c -> c.check(true).percentage(p -> p > 5));
  }

  private static void checkInvariants(ContextState before, ContextState after) {
    Conversation original = after.original();
    assertThat(original.messages().subList(0, before.original().size()))
        .as("the original is never changed").isEqualTo(before.original().messages());

    Conversation view = after.view();
    assertThat(view.size()).as("structure: number of messages").isEqualTo(original.size());
    for (int i = 0; i < original.size(); i++) {
      Message o = original.get(i);
      Message v = view.get(i);
      assertThat(v.role()).isEqualTo(o.role());
      assertThat(v.toolCalls()).isEqualTo(o.toolCalls());
      assertThat(v.toolCallId()).isEqualTo(o.toolCallId());
      assertThat(v.name()).isEqualTo(o.name());
      assertThat(v.extensions()).isEqualTo(o.extensions());
      if (after.isPinned(i)) {
        assertThat(v).as("pinning of message %d", i).isEqualTo(o);
      }
    }

    long recount = 0;
    for (int i = 0; i < view.size(); i++) {
      recount += after.tokenCounter().countMessageOverhead(view.get(i))
          + after.tokenCounter().countTokens(view.get(i).content());
      assertThat(after.viewTokens(i)).as("tokens of message %d", i).isEqualTo(
          after.tokenCounter().countMessageOverhead(view.get(i))
              + after.tokenCounter().countTokens(view.get(i).content()));
    }
    assertThat(after.viewTokens()).as("incremental token total").isEqualTo(recount);

    ContextState reloaded = ContextState.fromSnapshot(after.snapshot(), after.tokenCounter());
    assertThat(reloaded).as("snapshot round trip").isEqualTo(after);
    assertThat(reloaded.view()).isEqualTo(view);
    assertThat(reloaded.viewTokens()).isEqualTo(after.viewTokens());

    ContextState restored = after;
    for (Fragment f : after.fragments()) {
      restored = restored.restore(f.id()).state();
    }
    assertThat(restored.view()).as("reversibility").isEqualTo(original);
    assertThat(restored.viewTokens()).isEqualTo(restored.originalTokens());
  }

  @Provide
  Arbitrary<Conversation> conversations() {
    return Generators.conversations();
  }

  @Provide
  Arbitrary<List<Operation>> operations() {
    Arbitrary<Integer> any = Arbitraries.integers().between(-2, 1000);
    Arbitrary<RoleFilter> roles = Arbitraries.of(RoleFilter.class);
    Arbitrary<Integer> pieces = Arbitraries.integers().between(1, 6);
    Arbitrary<Operation> fragmentByMarkers = Combinators.combine(any, any, any,
            Arbitraries.integers().between(0, 3), any, roles, pieces)
        .as((m, from, len, gap, endLen, r, p) -> new Operation.FragmentByMarkers(m, from, len, gap, endLen, r, p));
    Arbitrary<Operation> fragmentByMessages = Combinators.combine(any, any, roles, pieces)
        .as(Operation.FragmentByMessages::new);
    Arbitrary<Operation> fold = any.map(Operation.Fold::new);
    Arbitrary<Operation> summarize = Combinators.combine(any, any).as(Operation.Summarize::new);
    Arbitrary<Operation> restore = any.map(Operation.Restore::new);
    Arbitrary<Operation> search = Combinators.combine(
            Arbitraries.of("alpha", "数据", "👍", "needle", "e\u0301", "zzz", " "), roles, any)
        .as(Operation.Search::new);
    Arbitrary<Operation> detail = any.map(Operation.Detail::new);
    Arbitrary<Operation> pin = any.map(Operation.Pin::new);
    Arbitrary<Operation> append = Generators.text().map(Operation.Append::new);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(5, fragmentByMarkers),
            net.jqwik.api.Tuple.of(3, fragmentByMessages),
            net.jqwik.api.Tuple.of(5, fold),
            net.jqwik.api.Tuple.of(3, summarize),
            net.jqwik.api.Tuple.of(3, restore),
            net.jqwik.api.Tuple.of(2, search),
            net.jqwik.api.Tuple.of(1, detail),
            net.jqwik.api.Tuple.of(1, pin),
            net.jqwik.api.Tuple.of(1, append))
        .list().ofMinSize(1).ofMaxSize(25).map(ArrayList::new);
  }
}
