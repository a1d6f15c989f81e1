package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.agent.ContextPolicy;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Fragment;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.TokenCounter;
import io.sculptor.core.ToolCall;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Every budget policy fits the budget when it can, touches no system or pinned message, and is
 * reversible. The statistics prove that runs reach each outcome (unchanged, fits, as small as
 * allowed), pinned messages, kept messages that cover the whole conversation, and stale tool
 * results that are folded or pinned.
 */
class ContextPolicyProperties {
  /** A message this small costs no more than the marker that would replace it. */
  private static final int TOO_SMALL_TO_FOLD = 40;

  @Property(tries = 300)
  void budgetPolicies_fitOrHideAllTheyMay(@ForAll("states") ContextState state,
      @ForAll @IntRange(min = 5, max = 110) int budgetPercent, @ForAll @IntRange(min = 0, max = 3) int keepLast,
      @ForAll("budgetPolicies") String which) {
    long budget = state.originalTokens() * budgetPercent / 100;
    ContextPolicy policy = switch (which) {
      case "foldOldest" -> ContextPolicy.foldOldest(budget, keepLast);
      case "middleOut" -> ContextPolicy.middleOut(budget, keepLast);
      case "summarizeOldest" -> ContextPolicy.summarizeOldest(budget, keepLast, ExtractiveSummarizer.create());
      default -> ContextPolicy.whenOver(budget, ContextPolicy.foldStaleToolResults(keepLast)
          .andThen(ContextPolicy.foldOldest(budget, keepLast)));
    };
    ContextState after = policy.apply(state);

    int limit = Math.max(0, state.original().size() - keepLast);
    boolean fits = after.viewTokens() <= budget;
    if (!fits) {
      for (int i = 0; i < limit; i++) {
        Message m = after.original().get(i);
        boolean hidden = after.viewMessage(i).content().startsWith("[") && !m.content().startsWith("[");
        assertThat(after.isPinned(i) || m.content().isEmpty() || hidden
            || state.tokenCounter().countTokens(m.content()) < TOO_SMALL_TO_FOLD)
            .as("%s left message %d visible while over budget", which, i).isTrue();
      }
    }
    for (int i = limit; i < state.original().size(); i++) {
      assertThat(after.viewMessage(i)).as("kept message %d", i).isEqualTo(state.viewMessage(i));
    }
    checkSafe(state, after);
    Statistics.label("outcome").collect(after == state ? "unchanged" : fits ? "fits" : "smallest possible");
    Statistics.label("pinned message besides the system prompt").collect(!state.pinnedMessages().isEmpty());
    Statistics.label("kept messages cover everything").collect(keepLast >= state.original().size());
    Statistics.label("outcome").coverage(c -> {
      c.check("unchanged").percentage(p -> p > 10);
      c.check("fits").percentage(p -> p > 5);
      c.check("smallest possible").percentage(p -> p > 5);
    });
    Statistics.label("pinned message besides the system prompt").coverage(c -> c.check(true).percentage(p -> p > 10));
    Statistics.label("kept messages cover everything").coverage(c -> c.check(true).count(n -> n > 0));
  }

  @Property(tries = 200)
  void foldStaleToolResults_hidesAllButTheLastResults(@ForAll("states") ContextState state,
      @ForAll @IntRange(min = 0, max = 3) int keepLast) {
    ContextState after = ContextPolicy.foldStaleToolResults(keepLast).apply(state);
    List<Integer> results = new ArrayList<>();
    for (int i = 0; i < state.original().size(); i++) {
      if (state.original().get(i).role() == Role.TOOL) {
        results.add(i);
      }
    }
    int folded = 0;
    boolean pinnedStale = false;
    for (int k = 0; k < results.size(); k++) {
      int i = results.get(k);
      Message m = state.original().get(i);
      if (k >= results.size() - keepLast) {
        assertThat(after.viewMessage(i)).isEqualTo(m);
      } else if (after.isPinned(i)) {
        pinnedStale = true;
      } else if (state.tokenCounter().countTokens(m.content()) >= TOO_SMALL_TO_FOLD) {
        assertThat(after.viewMessage(i).content()).startsWith("[fragment ");
        folded++;
      }
    }
    checkSafe(state, after);
    Statistics.label("stale results folded").collect(folded == 0 ? "0" : folded == 1 ? "1" : "2+");
    Statistics.label("pinned stale result").collect(pinnedStale);
    Statistics.label("stale results folded").coverage(c -> {
      c.check("0").percentage(p -> p > 5);
      c.check("1").percentage(p -> p > 5);
      c.check("2+").percentage(p -> p > 2);
    });
    Statistics.label("pinned stale result").coverage(c -> c.check(true).count(n -> n > 0));
  }

  private static void checkSafe(ContextState before, ContextState after) {
    Conversation original = before.original();
    assertThat(after.original()).isEqualTo(original);
    Conversation view = after.view();
    for (int i = 0; i < original.size(); i++) {
      Message o = original.get(i);
      Message v = view.get(i);
      assertThat(v.role()).isEqualTo(o.role());
      assertThat(v.toolCalls()).isEqualTo(o.toolCalls());
      assertThat(v.toolCallId()).isEqualTo(o.toolCallId());
      if (after.isPinned(i)) {
        assertThat(v).as("system or pinned message %d untouched", i).isEqualTo(o);
      }
    }
    ContextState restored = after;
    for (Fragment f : after.fragments()) {
      restored = restored.restore(f.id()).state();
    }
    assertThat(restored.view()).as("restoring everything gives the original").isEqualTo(original);
  }

  @Provide
  Arbitrary<String> budgetPolicies() {
    return Arbitraries.of("foldOldest", "middleOut", "summarizeOldest", "staleThenOldest");
  }

  @Provide
  Arbitrary<ContextState> states() {
    Arbitrary<String> text = Arbitraries.oneOf(
        Arbitraries.integers().between(1, 400).map(n -> Fixtures.keyValueStream(n * 10, n)),
        Arbitraries.of("", "ok", "Short answer.", "The build failed in step seven with error E42."));
    Arbitrary<List<Message>> turn = Arbitraries.integers().between(0, 2).flatMap(kind -> switch (kind) {
      case 0 -> text.map(t -> List.of(Message.user(t)));
      case 1 -> text.map(t -> List.of(Message.assistant(t)));
      default -> Combinators.combine(text, Arbitraries.strings().alpha().ofLength(5))
          .as((result, id) -> List.of(Message.assistant("", List.of(new ToolCall("call_" + id, "read", "{}"))),
              Message.tool("call_" + id, result)));
    });
    return Combinators.combine(turn.list().ofMinSize(1).ofMaxSize(12), Arbitraries.integers().between(-1, 12))
        .as((turns, pin) -> {
          List<Message> messages = new ArrayList<>();
          messages.add(Message.system("You are an agent. " + "Rules. ".repeat(20)));
          turns.forEach(messages::addAll);
          ContextState state = ContextState.of(Conversation.of(messages), 3, TokenCounter.estimator());
          return pin >= 0 && pin < messages.size() ? state.pin(pin).state() : state;
        });
  }
}
