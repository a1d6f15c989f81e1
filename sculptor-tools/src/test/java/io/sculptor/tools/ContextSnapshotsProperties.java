package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.TokenCounter;
import io.sculptor.core.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/** Saving and loading states: equal round trips, and refusals for anything damaged. */
class ContextSnapshotsProperties {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Property(tries = 200)
  void roundTrip_givesAnEqualState(@ForAll("states") ContextState state) {
    ContextState loaded = ContextSnapshots.fromJson(ContextSnapshots.toJson(state), TokenCounter.estimator());
    assertThat(loaded).isEqualTo(state);
    assertThat(loaded.view()).isEqualTo(state.view());
    assertThat(loaded.viewTokens()).isEqualTo(state.viewTokens());
    Statistics.label("fragments").collect(state.fragments().size() == 0 ? "0" : state.fragments().size() < 5 ? "1-4" : "5+");
    Statistics.label("hidden").collect(state.fragments().stream().anyMatch(f -> f.status().hidesOriginal()));
  }

  @Property(tries = 200)
  void truncated_isRefusedWithAClearMessage(@ForAll("states") ContextState state, @ForAll double where) {
    String json = ContextSnapshots.toJson(state);
    int cut = (int) (Math.abs(where % 1.0) * (json.length() - 1));
    assertThatThrownBy(() -> ContextSnapshots.fromJson(json.substring(0, cut), TokenCounter.estimator()))
        .isInstanceOf(SnapshotException.class).hasMessageContaining("snapshot");
  }

  @Property(tries = 200)
  void anyChangedCharacter_isRefused(@ForAll("states") ContextState state, @ForAll double where,
      @ForAll char replacement) {
    String json = ContextSnapshots.toJson(state);
    int at = (int) (Math.abs(where % 1.0) * (json.length() - 1));
    if (json.charAt(at) == replacement) {
      return;
    }
    String corrupted = json.substring(0, at) + replacement + json.substring(at + 1);
    assertThatThrownBy(() -> ContextSnapshots.fromJson(corrupted, TokenCounter.estimator()))
        .isInstanceOf(SnapshotException.class);
  }

  @Provide
  Arbitrary<ContextState> states() {
    Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
        Arbitraries.of("alpha beta gamma delta", "数据 分析 👍🏽 emoji", "line one\nline two\nline three", ""));
    Arbitrary<Message> message = Combinators.combine(Arbitraries.integers().between(0, 3), text, Arbitraries.of(true, false))
        .as((kind, t, extended) -> {
          Message m = switch (kind) {
            case 0 -> Message.user(t);
            case 1 -> Message.assistant(t);
            case 2 -> Message.assistant(t, List.of(new ToolCall("call_1", "lookup", "{\"q\": \"" + t.length() + "\"}")));
            default -> Message.tool("call_1", t);
          };
          return extended ? m.withExtensions(Map.of("reasoning_content", NODES.textNode("why " + t.length()),
              "x_vendor", NODES.objectNode().put("n", 1.5))) : m;
        });
    Arbitrary<List<Tuple.Tuple2<String, String>>> calls = Arbitraries.oneOf(
        Arbitraries.of("alpha", "line", "数据", "two").map(q -> Tuple.of("search_context", "{\"query\":\"" + q + "\",\"role\":\"all\"}")),
        Arbitraries.of("alpha", "line one", "数据").map(m -> Tuple.of("fragment_context",
            "{\"start_marker\":\"" + m + "\",\"end_marker\":\"" + m + "\",\"role\":\"all\",\"num_fragments\":1}")),
        Arbitraries.integers().between(0, 5).map(i -> Tuple.of("fold_fragment", "{\"fragment_id\":\"$" + i + "\"}")),
        Arbitraries.integers().between(0, 5).map(i -> Tuple.of("summarize_fragment", "{\"fragment_id\":\"$" + i + "\",\"focus\":\"x\"}"))
    ).list().ofMaxSize(10);
    return Combinators.combine(message.list().ofMinSize(1).ofMaxSize(8), calls, Arbitraries.longs(), Arbitraries.of(true, false))
        .as((messages, steps, seed, pin) -> {
          List<Message> all = new ArrayList<>();
          all.add(Message.system("You are careful."));
          all.addAll(messages);
          ContextState state = ContextState.of(Conversation.of(all), seed, TokenCounter.estimator());
          state = state.fragmentMessages(1, all.size(), io.sculptor.core.RoleFilter.ALL, 3).state();
          for (Tuple.Tuple2<String, String> step : steps) {
            String args = step.get2();
            for (int i = 0; i < 6; i++) {
              String id = state.fragments().isEmpty() ? "f00000"
                  : state.fragments().get(i % state.fragments().size()).id().value();
              args = args.replace("$" + i, id);
            }
            state = Fixtures.TOOLKIT.execute(state, step.get1(), args).state();
          }
          return pin ? state.pin(1).state() : state;
        });
  }
}
