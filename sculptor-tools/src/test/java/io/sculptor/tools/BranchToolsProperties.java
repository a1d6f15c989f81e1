package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Fragment;
import io.sculptor.core.Message;
import io.sculptor.core.TokenCounter;
import io.sculptor.core.ToolCall;
import io.sculptor.store.ContextSnapshots;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The invariants with {@code branch} and {@code return} in the random operation mix, run as an
 * agent loop runs them: each step appends an assistant message with one or two calls (of the six
 * tools, the two branch tools, or an application tool whose results fill the branches), runs
 * them in order and appends each result. After every step: the structure of the view equals the
 * original's and every call is answered, restoring every fragment gives back the original, a
 * failed call left the state unchanged, the token total is exact, a snapshot round trip changes
 * nothing, and the open branches read from the conversation are exactly those of a stack kept
 * beside the run (a successful branch pushes, a successful return pops). Replaying the steps gives
 * the same state and results.
 */
class BranchToolsProperties {
  private static final SculptorToolkit TOOLKIT = Fixtures.BRANCHING;

  /** One call of a step: the tool and its arguments, where {@code $F<n>} is the n-th fragment. */
  record Call(String tool, String arguments) {}

  @Property(tries = 300)
  void invariantsHoldWithBranchAndReturnInTheMix(@ForAll("steps") List<List<Call>> steps, @ForAll long seed) {
    Run run = run(steps, seed, true);
    Run replayed = run(steps, seed, false);
    assertThat(replayed.state).as("determinism").isEqualTo(run.state);
    assertThat(replayed.results).isEqualTo(run.results);

    Statistics.label("returned").collect(run.returned > 0);
    Statistics.label("nested return").collect(run.nestedReturns > 0);
    Statistics.label("no open branch").collect(run.results.stream().anyMatch(t -> t.contains("no open branch")));
    Statistics.label("fold instead of summary").collect(run.results.stream().anyMatch(t -> t.contains("stays in your return call")));
    Statistics.label("crossing fragment").collect(run.results.stream().anyMatch(t -> t.contains("reaches across the start")));
    Statistics.label("open at the end").collect(!BranchTools.openBranches(run.state).isEmpty());
    Statistics.label("returned").coverage(c -> c.check(true).percentage(p -> p > 15));
    Statistics.label("nested return").coverage(c -> c.check(true).percentage(p -> p > 3));
    Statistics.label("no open branch").coverage(c -> c.check(true).percentage(p -> p > 5));
    Statistics.label("fold instead of summary").coverage(c -> c.check(true).percentage(p -> p > 2));
    Statistics.label("crossing fragment").coverage(c -> c.check(true).count(n -> n > 0));
    Statistics.label("open at the end").coverage(c -> c.check(true).percentage(p -> p > 5));
  }

  /** What a run produced: the final state, every result text, and how often returns happened. */
  private static final class Run {
    ContextState state;
    final List<String> results = new ArrayList<>();
    int returned;
    int nestedReturns;
  }

  private static Run run(List<List<Call>> steps, long seed, boolean check) {
    Run run = new Run();
    ContextState state = ContextState.of(start(), seed, TokenCounter.estimator());
    Deque<String> open = new ArrayDeque<>();
    int callNumber = 0;
    for (List<Call> step : steps) {
      List<ToolCall> calls = new ArrayList<>();
      for (Call call : step) {
        calls.add(new ToolCall("call_" + callNumber++, call.tool(), resolve(state, call.arguments())));
      }
      ContextState before = state;
      state = state.append(Message.assistant("", calls));
      for (ToolCall call : calls) {
        String text;
        if (TOOLKIT.handles(call.name())) {
          ContextState beforeCall = state;
          ToolResult result = TOOLKIT.execute(state, call.name(), call.arguments());
          if (check && !result.isSuccess()) {
            assertThat(result.state()).as("atomic failure of %s", call).isSameAs(beforeCall);
            assertThat(result.text()).startsWith("Error: ");
          }
          if (call.name().equals(BranchTools.BRANCH) && result.isSuccess()) {
            open.push(call.id());
          } else if (call.name().equals(BranchTools.RETURN)) {
            if (result.isSuccess()) {
              assertThat(open).as("a return succeeds only with an open branch").isNotEmpty();
              run.returned++;
              run.nestedReturns += open.size() > 1 ? 1 : 0;
              open.pop();
            } else if (result.error().orElseThrow() == ToolErrorCode.NO_OPEN_BRANCH) {
              assertThat(open).isEmpty();
            }
          }
          state = result.state();
          text = result.text();
        } else {
          text = "contents of " + call.arguments() + ":\n" + Fixtures.keyValueStream(
              200 + Math.floorMod(call.id().hashCode(), 2_000), call.id().hashCode());
        }
        state = state.append(Message.tool(call.id(), text));
        run.results.add(text);
      }
      if (check) {
        checkInvariants(before, state, open);
      }
    }
    run.state = state;
    return run;
  }

  private static void checkInvariants(ContextState before, ContextState after, Deque<String> open) {
    Conversation original = after.original();
    assertThat(original.messages().subList(0, before.original().size())).as("the original is only appended to")
        .isEqualTo(before.original().messages());
    Conversation view = after.view();
    assertThat(view.messages()).as("structure: messages, roles, calls and ids")
        .extracting(Message::role, Message::toolCalls, Message::toolCallId)
        .containsExactlyElementsOf(original.messages().stream()
            .map(m -> tuple(m.role(), m.toolCalls(), m.toolCallId())).toList());
    TokenCounter counter = after.tokenCounter();
    assertThat(after.viewTokens()).as("exact token total").isEqualTo(view.messages().stream()
        .mapToLong(v -> counter.countMessageOverhead(v) + counter.countTokens(v.content())).sum());
    Fixtures.assertEveryCallAnswered(view);

    List<String> derived = BranchTools.openBranches(after).stream().map(OpenBranch::callId).toList();
    List<String> expected = new ArrayList<>(open);
    java.util.Collections.reverse(expected);
    assertThat(derived).as("open branches read from the conversation").isEqualTo(expected);

    ContextState reloaded = ContextSnapshots.fromJson(ContextSnapshots.toJson(after), after.tokenCounter());
    assertThat(reloaded).as("snapshot round trip").isEqualTo(after);
    assertThat(BranchTools.openBranches(reloaded)).isEqualTo(BranchTools.openBranches(after));

    ContextState restored = after;
    for (Fragment f : after.fragments()) {
      restored = restored.restore(f.id()).state();
    }
    assertThat(restored.view()).as("reversibility").isEqualTo(original);
  }

  private static Conversation start() {
    return Conversation.of(
        Message.system("You are an agent."),
        Message.user("Fix the build. LOG START\n" + Fixtures.keyValueStream(1_500, 9) + "LOG END"),
        Message.assistant("Looking at the log first."));
  }

  /** Replaces {@code $F<n>} by the id of the n-th newest fragment of the state. */
  private static String resolve(ContextState state, String template) {
    String resolved = template;
    List<Fragment> fragments = state.fragments();
    for (int i = 0; i < 3; i++) {
      String id = fragments.isEmpty() ? "f00000" : fragments.get(Math.max(0, fragments.size() - 1 - i)).id().value();
      resolved = resolved.replace("$F" + i, id);
    }
    return resolved;
  }

  @Provide
  Arbitrary<List<List<Call>>> steps() {
    Arbitrary<Call> branch = Arbitraries.of("fix parser", "read logs", "run tests", "", " ")
        .map(d -> new Call(BranchTools.BRANCH, "{\"description\": \"" + d + "\", \"prompt\": \"do it\"}"));
    Arbitrary<Call> ret = Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.of("fixed: off by one", "logs read; E42 in parser", "tests pass")),
            Tuple.of(2, Arbitraries.just("outcome ".repeat(700))),
            Tuple.of(1, Arbitraries.of("", "  ")))
        .map(m -> new Call(BranchTools.RETURN, "{\"message\": \"" + m + "\"}"));
    Arbitrary<Call> application = Arbitraries.of("a.txt", "b.txt", "parser.rs")
        .map(p -> new Call("read_file", "{\"path\": \"" + p + "\"}"));
    Arbitrary<String> marker = Arbitraries.of("LOG START", "LOG END", "contents of", "key1", "Looking", "key2");
    Arbitrary<Call> fragment = Combinators.combine(marker, marker, Arbitraries.integers().between(1, 4),
            Arbitraries.of("user", "all"))
        .as((s, e, n, r) -> new Call(SculptorTools.FRAGMENT_CONTEXT, String.format(
            "{\"start_marker\": \"%s\", \"end_marker\": \"%s\", \"num_fragments\": %d, \"role\": \"%s\"}", s, e, n, r)));
    Arbitrary<Integer> which = Arbitraries.integers().between(0, 2);
    Arbitrary<Call> fold = which.map(i -> new Call(SculptorTools.FOLD_FRAGMENT, "{\"fragment_id\": \"$F" + i + "\"}"));
    Arbitrary<Call> summarize = which.map(i -> new Call(SculptorTools.SUMMARIZE_FRAGMENT,
        "{\"fragment_id\": \"$F" + i + "\", \"focus\": \"key1\"}"));
    Arbitrary<Call> restore = which.map(i -> new Call(SculptorTools.RESTORE_FRAGMENT, "{\"fragment_id\": \"$F" + i + "\"}"));
    Arbitrary<Call> search = marker.map(q -> new Call(SculptorTools.SEARCH_CONTEXT, "{\"query\": \"" + q + "\", \"role\": \"all\"}"));
    Arbitrary<Call> broken = Arbitraries.of(new Call(BranchTools.RETURN, "{bad json"),
        new Call(BranchTools.BRANCH, "{\"description\": \"x\"}"), new Call("no_such_tool", "{}"));
    Arbitrary<Call> call = Arbitraries.frequencyOf(Tuple.of(6, branch), Tuple.of(5, ret), Tuple.of(6, application),
        Tuple.of(3, fragment), Tuple.of(2, fold), Tuple.of(1, summarize), Tuple.of(1, restore), Tuple.of(1, search),
        Tuple.of(1, broken));
    Arbitrary<List<Call>> step = Arbitraries.frequencyOf(
        Tuple.of(5, call.map(List::of)), Tuple.of(1, call.list().ofSize(2)));
    return step.list().ofMinSize(5).ofMaxSize(25).map(ArrayList::new);
  }
}
