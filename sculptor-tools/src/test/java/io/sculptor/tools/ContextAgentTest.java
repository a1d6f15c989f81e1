package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.sculptor.agent.AgentEvent;
import io.sculptor.agent.AgentException;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.agent.ContextPolicy;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ProviderError;
import io.sculptor.model.ToolChoice;
import io.sculptor.model.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextAgentTest {
  private static final ToolSpec WEATHER = ToolSpec.of("get_weather", "Current weather in a city.",
      "{\"type\": \"object\"}");

  private static ContextState question() {
    return ContextState.of(Conversation.of(Message.system("You track updates."),
        Message.user("UPDATES\n" + Fixtures.keyValueStream(20_000, 4) + "END\nWhat is the value of key7?")));
  }

  @Test
  void run_multiStepSculptorCalls_foldsThenAnswersSeeingTheSmallerView() {
    ScriptedModel model = new ScriptedModel()
        .thenCall("fragment_context", "{\"start_marker\": \"UPDATES\", \"end_marker\": \"END\", \"num_fragments\": 4}")
        .then(r -> {
          List<String> ids = new ArrayList<>();
          String listing = r.messages().get(r.messages().size() - 1).content();
          for (String line : listing.split("\n")) {
            if (line.startsWith("- f")) {
              ids.add(line.substring(2, 8));
            }
          }
          return Message.assistant("Folding the oldest.", List.of(
              new ToolCall("c1", "fold_fragment", "{\"fragment_id\": \"" + ids.get(0) + "\"}"),
              new ToolCall("c2", "fold_fragment", "{\"fragment_id\": \"" + ids.get(1) + "\"}")));
        })
        .thenCall("search_context", "{\"query\": \"key7:\", \"max_results\": 1}")
        .thenAnswer("The current value of key7 is value1.");
    List<AgentEvent> events = new ArrayList<>();
    ContextAgent agent = ContextAgent.builder(model).firstStepToolChoice(ToolChoice.required())
        .listener(events::add).build();

    AgentRun run = agent.run(question());

    assertThat(run.answer()).isEqualTo("The current value of key7 is value1.");
    assertThat(run.stopReason()).isEqualTo(AgentRun.StopReason.ANSWERED);
    assertThat(run.modelCalls()).isEqualTo(4);
    assertThat(run.toolUsage().counts()).containsEntry("fold_fragment", 2).containsEntry("fragment_context", 1)
        .containsEntry("search_context", 1);
    assertThat(run.usage().promptTokens()).isEqualTo(400);
    List<ChatRequest> requests = model.requests();
    assertThat(requests.get(0).toolChoice()).isEqualTo(ToolChoice.required());
    assertThat(requests.get(1).toolChoice()).isEqualTo(ToolChoice.auto());
    assertThat(requests.get(0).tools()).extracting(ToolSpec::name).containsExactlyElementsOf(SculptorTools.NAMES);
    assertThat(requests.get(3).messages().get(1).content()).contains("folded").hasSizeLessThan(15_000);
    assertThat(run.state().original().get(1)).isEqualTo(question().original().get(1));
    assertThat(events).first().isInstanceOf(AgentEvent.Started.class);
    assertThat(events.get(1)).isInstanceOf(AgentEvent.ModelCalled.class);
    assertThat(events).last().isInstanceOf(AgentEvent.Finished.class);
    assertThat(events).filteredOn(e -> e instanceof AgentEvent.ToolExecuted).map(e -> (AgentEvent.ToolExecuted) e)
        .extracting(e -> e.call().name(), AgentEvent.ToolExecuted::foldedFragments,
            AgentEvent.ToolExecuted::summarizedFragments, AgentEvent.ToolExecuted::restoredFragments)
        .containsExactly(tuple("fragment_context", 0, 0, 0), tuple("fold_fragment", 1, 0, 0),
            tuple("fold_fragment", 1, 0, 0), tuple("search_context", 0, 0, 0));
  }

  @Test
  void run_toolExecutedEvents_countSummariesAndRestoresFromTheState() {
    ScriptedModel model = new ScriptedModel()
        .thenCall("fragment_context", "{\"start_marker\": \"UPDATES\", \"end_marker\": \"END\", \"num_fragments\": 2}")
        .then(r -> {
          String id = firstFragment(r.messages().get(r.messages().size() - 1).content());
          return Message.assistant("", List.of(
              new ToolCall("c1", "summarize_fragment", "{\"fragment_id\": \"" + id + "\", \"focus\": \"key7\"}"),
              new ToolCall("c2", "restore_fragment", "{\"fragment_id\": \"" + id + "\"}"),
              new ToolCall("c3", "restore_fragment", "{\"fragment_id\": \"" + id + "\"}")));
        })
        .thenAnswer("value1");
    List<AgentEvent.ToolExecuted> executed = new ArrayList<>();
    ContextAgent.builder(model).listener(e -> {
      if (e instanceof AgentEvent.ToolExecuted t) {
        executed.add(t);
      }
    }).build().run(question());

    assertThat(executed).extracting(e -> e.call().name(), AgentEvent.ToolExecuted::failed,
        AgentEvent.ToolExecuted::summarizedFragments, AgentEvent.ToolExecuted::restoredFragments)
        .as("a restore that succeeds but finds the fragment showing already counts nothing")
        .containsExactly(tuple("fragment_context", false, 0, 0), tuple("summarize_fragment", false, 1, 0),
            tuple("restore_fragment", false, 0, 1), tuple("restore_fragment", false, 0, 0));
    assertThat(executed.get(3).result()).contains("was already showing its original text");
  }

  private static String firstFragment(String listing) {
    for (String line : listing.split("\n")) {
      if (line.startsWith("- f")) {
        return line.substring(2, 8);
      }
    }
    throw new AssertionError("no fragment in " + listing);
  }

  @Test
  void run_mixedToolsInOneMessage_runInOrderAndAnswerEveryCall() {
    List<String> handled = new ArrayList<>();
    ScriptedModel model = new ScriptedModel()
        .then(r -> Message.assistant("", List.of(
            new ToolCall("a", "get_weather", "{\"city\": \"Paris\"}"),
            new ToolCall("b", "search_context", "{\"query\": \"key7\", \"max_results\": 1}"),
            new ToolCall("c", "get_weather", "{\"city\": \"Rome\"}"))))
        .thenAnswer("done");
    ContextAgent agent = ContextAgent.builder(model).tool(WEATHER, args -> {
      handled.add(args);
      return "sunny in " + args;
    }).build();

    AgentRun run = agent.run(question());

    assertThat(handled).containsExactly("{\"city\": \"Paris\"}", "{\"city\": \"Rome\"}");
    List<Message> appended = run.state().original().messages().subList(2, 7);
    assertThat(appended).extracting(Message::role).containsExactly(Role.ASSISTANT, Role.TOOL, Role.TOOL, Role.TOOL, Role.ASSISTANT);
    assertThat(appended.subList(1, 4)).extracting(m -> m.toolCallId().orElseThrow()).containsExactly("a", "b", "c");
    assertThat(appended.get(2).content()).startsWith("Found ");
    assertThat(model.requests().get(0).tools()).extracting(ToolSpec::name).contains("get_weather");
  }

  @Test
  void run_malformedArguments_modelReadsTheErrorAndRecovers() {
    ScriptedModel model = new ScriptedModel()
        .thenCall("search_context", "{\"query\": key7}")
        .then(r -> {
          String last = r.messages().get(r.messages().size() - 1).content();
          return last.startsWith("Error: The arguments are not valid JSON")
              ? Message.assistant("", List.of(new ToolCall("fix", "search_context", "{\"query\": \"key7\"}")))
              : Message.assistant("gave up");
        })
        .thenAnswer("found it");
    AgentRun run = ContextAgent.builder(model).build().run(question());
    assertThat(run.answer()).isEqualTo("found it");
    assertThat(run.toolUsage().count("search_context")).isEqualTo(2);
  }

  @Test
  void run_unknownToolAndThrowingHandler_becomeErrorResults() {
    ScriptedModel model = new ScriptedModel()
        .then(r -> Message.assistant("", List.of(new ToolCall("x", "teleport", "{}"),
            new ToolCall("y", "get_weather", "{}"))))
        .thenAnswer("ok");
    List<AgentEvent> events = new ArrayList<>();
    AgentRun run = ContextAgent.builder(model).tool(WEATHER, args -> {
      throw new IllegalStateException("weather service down");
    }).listener(events::add).build().run(question());
    List<Message> results = run.state().original().messages().subList(3, 5);
    assertThat(results.get(0).content()).startsWith("Error: there is no tool called \"teleport\"");
    assertThat(results.get(1).content()).isEqualTo("Error: get_weather failed: weather service down");
    assertThat(events).filteredOn(e -> e instanceof AgentEvent.ToolExecuted t && t.failed()).hasSize(2);
  }

  @Test
  void run_stepCap_endsWithOneCallThatMayNotCallTools() {
    ScriptedModel model = new ScriptedModel();
    for (int i = 0; i < 3; i++) {
      model.thenCall("search_context", "{\"query\": \"key" + i + "\", \"max_results\": 1}");
    }
    model.thenAnswer("best effort");
    AgentRun run = ContextAgent.builder(model).maxSteps(3).build().run(question());
    assertThat(run.stopReason()).isEqualTo(AgentRun.StopReason.STEP_CAP);
    assertThat(run.answer()).isEqualTo("best effort");
    assertThat(model.requests()).hasSize(4);
    assertThat(model.requests().get(3).tools()).hasSize(6);
    assertThat(model.requests().get(3).toolChoice()).isEqualTo(ToolChoice.none());
  }

  @Test
  void run_toolCallAfterTheStepCap_isAnsweredWithAnErrorSoPairsStayValid() {
    ScriptedModel model = new ScriptedModel()
        .thenCall("search_context", "{\"query\": \"key1\"}")
        .thenCall("search_context", "{\"query\": \"key2\"}");
    AgentRun run = ContextAgent.builder(model).maxSteps(1).build().run(question());
    assertThat(run.stopReason()).isEqualTo(AgentRun.StopReason.STEP_CAP);
    List<Message> all = run.state().original().messages();
    assertThat(all.get(all.size() - 1).role()).isEqualTo(Role.TOOL);
    assertThat(all.get(all.size() - 1).content()).startsWith("Error: the step cap is reached");
    assertThat(run.toolUsage().count("search_context")).isEqualTo(1);
  }

  @Test
  void run_modelFailure_isTypedAndCarriesTheStateBeforeTheFailingStep() {
    ChatModelException down = new ChatModelException(ChatModelException.Kind.SERVER_ERROR, "HTTP [503]",
        ProviderError.of(503).withType("server_error").withMessage("down").withRequestId("req_1"), null);
    ScriptedModel model = new ScriptedModel()
        .thenCall("search_context", "{\"query\": \"key7\", \"max_results\": 1}")
        .thenFail(down);
    ContextState start = question();
    AgentException e = catchThrowableOfType(AgentException.class, () -> ContextAgent.builder(model).build().run(start));
    assertThat(e.step()).isEqualTo(2);
    assertThat(e.modelFailure()).isSameAs(down);
    assertThat(e.state().original().size()).isEqualTo(start.original().size() + 2);
    assertThat(e.state().original().messages().subList(0, 2)).isEqualTo(start.original().messages());
    assertThat(e.getMessage()).contains("step [2]").contains("HTTP [503]");
  }

  @Test
  void run_withPolicy_foldsBeforeTheCallAndReportsIt() {
    ScriptedModel model = new ScriptedModel().thenAnswer("ok");
    List<AgentEvent> events = new ArrayList<>();
    ContextState start = question();
    AgentRun run = ContextAgent.builder(model).policy(ContextPolicy.foldOldest(2_000, 0)).listener(events::add)
        .build().run(start);
    assertThat(events.get(1)).isInstanceOfSatisfying(AgentEvent.PolicyApplied.class, p -> {
      assertThat(p.viewTokensAfter()).isLessThan(p.viewTokensBefore());
      assertThat(p.foldedFragments()).isEqualTo(1);
      assertThat(p.summarizedFragments()).isZero();
    });
    assertThat(model.requests().get(0).messages().get(1).content()).startsWith("[fragment ");
    assertThat(run.trajectory().steps().get(0).contextChangedBefore()).isTrue();
  }

  @Test
  void builder_rejectsSculptorNamesAndDuplicates() {
    ContextAgent.Builder builder = ContextAgent.builder(new ScriptedModel());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.tool(ToolSpec.of("fold_fragment", "x",
        "{}"), a -> "")).hasMessageContaining("[fold_fragment]");
    builder.tool(WEATHER, a -> "");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.tool(WEATHER, a -> ""))
        .hasMessageContaining("already registered");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.maxSteps(-1)).hasMessageContaining("[-1]");
  }

  @Test
  void run_summarizerAndHandlerThrowRuntimeExceptions_loopGoesOnWithErrorResults() {
    Summarizer broken = (text, focus) -> {
      throw new IllegalStateException("summarizer bug");
    };
    ScriptedModel model = new ScriptedModel()
        .thenCall("fragment_context", "{\"start_marker\": \"UPDATES\", \"end_marker\": \"END\", \"num_fragments\": 2}")
        .then(r -> {
          String listing = r.messages().get(r.messages().size() - 1).content();
          String id = listing.substring(listing.indexOf("- f") + 2, listing.indexOf("- f") + 8);
          return Message.assistant(null, List.of(
              new ToolCall("c1", "summarize_fragment", "{\"fragment_id\": \"" + id + "\", \"focus\": \"x\"}"),
              new ToolCall("c2", "get_weather", "{}"),
              new ToolCall("c3", "fragment_context",
                  "{\"start_marker\": \"a\", \"end_marker\": \"b\", \"num_fragments\": 1e2147483647}")));
        })
        .thenAnswer("Done.");
    ContextAgent agent = ContextAgent.builder(model).toolkit(SculptorToolkit.create(broken))
        .tool(WEATHER, arguments -> {
          throw new UnsupportedOperationException("no network");
        }).build();

    AgentRun run = agent.run(question());

    assertThat(run.answer()).isEqualTo("Done.");
    List<Message> results = run.state().original().messages().stream()
        .filter(m -> m.role() == Role.TOOL).toList();
    assertThat(results).hasSize(4);
    assertThat(results.get(1).content()).startsWith("Error: summarize_fragment failed unexpectedly");
    assertThat(results.get(2).content()).isEqualTo("Error: get_weather failed: no network");
    assertThat(results.get(3).content()).startsWith("Error: Parameter \"num_fragments\" must be from 1 to 20");
  }
}
