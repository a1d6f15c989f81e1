package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.agent.AgentEvent;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatStreamListener;
import io.sculptor.model.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextAgentStreamingTest {
  private static final ToolSpec WEATHER = ToolSpec.of("get_weather", "Current weather in a city.",
      "{\"type\": \"object\"}");

  /** Writes every piece it receives, and what else happened, into one ordered log. */
  private static final class Recorder implements ChatStreamListener {
    final List<String> log = new ArrayList<>();

    @Override
    public void onText(String delta) {
      log.add("text:" + delta);
    }

    @Override
    public void onReasoning(String delta) {
      log.add("reasoning:" + delta);
    }

    @Override
    public void onToolCall(String id, String name) {
      log.add("call:" + id + ":" + name);
    }
  }

  private static ContextState question() {
    return ContextState.of(Conversation.of(Message.system("You are helpful."),
        Message.user("What is the weather in Paris?")));
  }

  @Test
  void run_streamingModel_forwardsPiecesAsTheyArriveAndRunsToolsWhenTheStreamEnds() {
    ScriptedStreamingModel model = new ScriptedStreamingModel()
        .thenStream(List.of("The user wants ", "the weather."), List.of("Let me ", "check."),
            new ToolCall("call_1", "get_weather", "{\"city\": \"Paris\"}"))
        .thenText("It is ", "14 °C ", "in Paris.");
    Recorder recorder = new Recorder();
    List<AgentEvent> events = new ArrayList<>();
    ContextAgent agent = ContextAgent.builder(model)
        .tool(WEATHER, arguments -> {
          recorder.log.add("tool ran");
          return "14 °C and cloudy";
        })
        .listener(events::add)
        .build();

    AgentRun run = agent.run(question(), recorder);

    assertThat(recorder.log).containsExactly(
        "reasoning:The user wants ", "reasoning:the weather.", "text:Let me ", "text:check.",
        "call:call_1:get_weather",
        "tool ran",
        "text:It is ", "text:14 °C ", "text:in Paris.");
    assertThat(run.answer()).isEqualTo("It is 14 °C in Paris.");
    assertThat(run.state().original().messages()).extracting(Message::role)
        .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
    assertThat(run.state().original().get(3).content()).isEqualTo("14 °C and cloudy");
    assertThat(model.streamed()).containsExactly(true, true);
    assertThat(events).filteredOn(AgentEvent.ModelCalled.class::isInstance)
        .allSatisfy(e -> assertThat(((AgentEvent.ModelCalled) e).streamed()).isTrue());
    assertThat(events).filteredOn(AgentEvent.ModelResponded.class::isInstance)
        .allSatisfy(e -> assertThat(((AgentEvent.ModelResponded) e).timeToFirstChunk()).isPresent());
  }

  @Test
  void run_plainChatModel_listenerReceivesEachAnswersWholeTextOnceThenItsCalls() {
    ScriptedModel model = new ScriptedModel()
        .then(r -> Message.assistant("Checking.", List.of(new ToolCall("c1", "search_context",
            "{\"query\": \"Paris\"}"))))
        .then(r -> Message.assistant("", List.of(new ToolCall("c2", "search_context", "{\"query\": \"weather\"}"))))
        .thenAnswer("No weather data in the conversation.");
    Recorder recorder = new Recorder();
    List<AgentEvent> events = new ArrayList<>();

    AgentRun run = ContextAgent.builder(model).listener(events::add).build().run(question(), recorder);

    assertThat(recorder.log).containsExactly("text:Checking.", "call:c1:search_context", "call:c2:search_context",
        "text:No weather data in the conversation.");
    assertThat(run.answer()).isEqualTo("No weather data in the conversation.");
    assertThat(run.toolUsage().count("search_context")).isEqualTo(2);
    assertThat(events).filteredOn(AgentEvent.ModelCalled.class::isInstance)
        .allSatisfy(e -> assertThat(((AgentEvent.ModelCalled) e).streamed()).isFalse());
    assertThat(events).filteredOn(AgentEvent.ModelResponded.class::isInstance)
        .allSatisfy(e -> assertThat(((AgentEvent.ModelResponded) e).timeToFirstChunk()).isEmpty());
  }

  @Test
  void run_withoutStreamListener_callsAStreamingModelWithoutStreaming() {
    ScriptedStreamingModel model = new ScriptedStreamingModel().thenText("Hello", " there.");
    List<AgentEvent> events = new ArrayList<>();

    AgentRun run = ContextAgent.builder(model).listener(events::add).build().run(question());

    assertThat(run.answer()).isEqualTo("Hello there.");
    assertThat(model.streamed()).containsExactly(false);
    assertThat(events).filteredOn(AgentEvent.ModelCalled.class::isInstance).singleElement()
        .satisfies(e -> assertThat(((AgentEvent.ModelCalled) e).streamed()).isFalse());
  }

  @Test
  void run_streamListenerThrows_runGoesOnAndTheListenerReceivesNothingMore() {
    ScriptedStreamingModel model = new ScriptedStreamingModel()
        .thenStream(List.of(), List.of("one ", "two "), new ToolCall("c1", "search_context", "{\"query\": \"x\"}"))
        .thenText("three ", "four.");
    List<String> received = new ArrayList<>();
    ChatStreamListener closedConnection = new ChatStreamListener() {
      @Override
      public void onText(String delta) {
        received.add(delta);
        throw new IllegalStateException("the client went away");
      }
    };

    AgentRun run = ContextAgent.builder(model).build().run(question(), closedConnection);

    assertThat(received).containsExactly("one ");
    assertThat(run.answer()).isEqualTo("three four.");
    assertThat(run.stopReason()).isEqualTo(AgentRun.StopReason.ANSWERED);
    assertThat(run.toolUsage().count("search_context")).isEqualTo(1);
  }
}
