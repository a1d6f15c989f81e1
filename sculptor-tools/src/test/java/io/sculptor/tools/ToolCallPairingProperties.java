package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Multi-step use as an agent loop does it: each step appends an assistant message calling a
 * Sculptor tool (the six, {@code branch} and {@code return}) and the tool's result; after every
 * step every tool call of the view is answered by exactly one tool message with its id, and the
 * view's structure equals the original's. A {@code return} folds the calls of its branch and their
 * results, never a call without its result.
 */
class ToolCallPairingProperties {

  @Property(tries = 200)
  void toolCallPairsStayValid(@ForAll("steps") List<Tuple.Tuple2<String, String>> steps) {
    ContextState state = ContextState.of(start());
    int callNumber = 0;
    for (Tuple.Tuple2<String, String> step : steps) {
      String id = "call_s" + (callNumber++);
      String arguments = resolve(state, step.get2());
      state = state.append(Message.assistant("", List.of(new ToolCall(id, step.get1(), arguments))));
      ToolResult result = Fixtures.BRANCHING.execute(state, step.get1(), arguments);
      state = result.state().append(Message.tool(id, result.text()));
      Fixtures.assertEveryCallAnswered(state.view());
      assertThat(state.view().size()).isEqualTo(state.original().size());
    }
  }

  private static Conversation start() {
    return Conversation.of(
        Message.system("You are an agent."),
        Message.user("Please read the log. LOG START\n" + Fixtures.keyValueStream(3_000, 9) + "LOG END"),
        Message.assistant("Reading.", List.of(new ToolCall("call_a", "read_file", "{\"path\":\"a.txt\"}"),
            new ToolCall("call_b", "read_file", "{\"path\":\"b.txt\"}"))),
        Message.tool("call_a", "contents of a: " + Fixtures.keyValueStream(1_500, 10)),
        Message.tool("call_b", "contents of b: " + Fixtures.keyValueStream(1_500, 11)),
        Message.assistant("Both files read. Summary follows."));
  }

  /** Replaces {@code $F<n>} and {@code $S<n>} by the n-th fragment or search id of the state. */
  private static String resolve(ContextState state, String template) {
    String resolved = template;
    for (int i = 0; i < 4; i++) {
      String f = state.fragments().isEmpty() ? "f00000"
          : state.fragments().get(i % state.fragments().size()).id().value();
      String s = state.searchResultIds().isEmpty() ? "s00000"
          : state.searchResultIds().get(i % state.searchResultIds().size()).value();
      resolved = resolved.replace("$F" + i, f).replace("$S" + i, s);
    }
    return resolved;
  }

  @Provide
  Arbitrary<List<Tuple.Tuple2<String, String>>> steps() {
    Arbitrary<String> marker = Arbitraries.of("LOG START", "LOG END", "contents of", "key1", "Reading.", "b:");
    Arbitrary<Tuple.Tuple2<String, String>> fragment = Combinators.combine(marker, marker,
            Arbitraries.integers().between(1, 8), Arbitraries.of("user", "assistant", "all"))
        .as((s, e, n, r) -> Tuple.of(SculptorTools.FRAGMENT_CONTEXT,
            String.format("{\"start_marker\":\"%s\",\"end_marker\":\"%s\",\"num_fragments\":%d,\"role\":\"%s\"}", s, e, n, r)));
    Arbitrary<Integer> which = Arbitraries.integers().between(0, 3);
    Arbitrary<Tuple.Tuple2<String, String>> fold = which.map(i ->
        Tuple.of(SculptorTools.FOLD_FRAGMENT, "{\"fragment_id\":\"$F" + i + "\"}"));
    Arbitrary<Tuple.Tuple2<String, String>> summarize = which.map(i ->
        Tuple.of(SculptorTools.SUMMARIZE_FRAGMENT, "{\"fragment_id\":\"$F" + i + "\",\"focus\":\"key1\"}"));
    Arbitrary<Tuple.Tuple2<String, String>> restore = which.map(i ->
        Tuple.of(SculptorTools.RESTORE_FRAGMENT, "{\"fragment_id\":\"$F" + i + "\"}"));
    Arbitrary<Tuple.Tuple2<String, String>> search = Combinators.combine(marker, Arbitraries.of("user", "all"))
        .as((q, r) -> Tuple.of(SculptorTools.SEARCH_CONTEXT, "{\"query\":\"" + q + "\",\"role\":\"" + r + "\"}"));
    Arbitrary<Tuple.Tuple2<String, String>> detail = which.map(i ->
        Tuple.of(SculptorTools.GET_SEARCH_DETAIL, "{\"search_id\":\"$S" + i + "\"}"));
    Arbitrary<Tuple.Tuple2<String, String>> branch = Arbitraries.of("read a", "read b")
        .map(d -> Tuple.of(BranchTools.BRANCH, "{\"description\":\"" + d + "\",\"prompt\":\"read it\"}"));
    Arbitrary<Tuple.Tuple2<String, String>> ret = Arbitraries.of("a read", "b read: key1 is value7")
        .map(m -> Tuple.of(BranchTools.RETURN, "{\"message\":\"" + m + "\"}"));
    Arbitrary<Tuple.Tuple2<String, String>> broken = Arbitraries.of(
        Tuple.of(SculptorTools.FOLD_FRAGMENT, "{bad json"), Tuple.of("no_such_tool", "{}"));
    return Arbitraries.frequencyOf(Tuple.of(4, fragment), Tuple.of(4, fold), Tuple.of(2, summarize),
        Tuple.of(2, restore), Tuple.of(2, search), Tuple.of(1, detail), Tuple.of(2, branch), Tuple.of(2, ret),
        Tuple.of(1, broken))
        .list().ofMinSize(1).ofMaxSize(15).map(ArrayList::new);
  }
}
