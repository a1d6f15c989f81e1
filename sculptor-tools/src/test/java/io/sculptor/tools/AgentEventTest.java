package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sculptor.agent.AgentEvent;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ToolChoice;
import io.sculptor.model.ToolSpec;
import io.sculptor.model.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AgentEventTest {
  private static final ToolSpec WEATHER = ToolSpec.of("get_weather", "Current weather in a city.",
      "{\"type\": \"object\"}");

  private static ContextState question() {
    return ContextState.of(Conversation.of(Message.system("You are helpful."),
        Message.user("What is the weather in Paris?")));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void run_eventsOpenAndCloseInOrderAndCarryWhatTheProviderSaid() {
    ScriptedStreamingModel streaming = new ScriptedStreamingModel()
        .thenStream(List.of(), List.of(), new ToolCall("call_1", "get_weather", "{}"),
            new ToolCall("call_2", "search_context", "{\"query\": \"Paris\"}"))
        .thenText("14 °C.");
    List<AgentEvent> events = new ArrayList<>();
    ContextAgent agent = ContextAgent.builder(request -> {
      sleep(5);
      return streaming.chat(request);
    }).tool(WEATHER, arguments -> {
      sleep(5);
      return "14 °C";
    }).listener(events::add).build();
    ContextState start = question();

    AgentRun run = agent.run(start);

    assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly(
        "Started", "ModelCalled", "ModelResponded", "ToolCalled", "ToolExecuted", "ToolCalled", "ToolExecuted",
        "ModelCalled", "ModelResponded", "Finished");
    assertThat(events).extracting(AgentEvent::step).containsExactly(0, 1, 1, 1, 1, 1, 1, 2, 2, 2);
    assertThat(events.get(0)).isEqualTo(new AgentEvent.Started(start));
    AgentEvent.ModelCalled called = (AgentEvent.ModelCalled) events.get(1);
    assertThat(called.request()).isEqualTo(streaming.requests().get(0));
    assertThat(called.messages()).isEqualTo(2);
    assertThat(called.viewTokens()).isEqualTo(start.viewTokens());
    assertThat(called.originalTokens()).isEqualTo(start.originalTokens());
    assertThat(called.toolChoice()).isEqualTo(ToolChoice.auto());
    AgentEvent.ModelResponded responded = (AgentEvent.ModelResponded) events.get(2);
    assertThat(responded.response().model()).contains(ScriptedStreamingModel.MODEL);
    assertThat(responded.response().requestId()).contains("req_1");
    assertThat(responded.response().responseId()).contains("chatcmpl-1");
    assertThat(responded.response().finishReasons()).containsExactly("tool_calls");
    assertThat(responded.usage()).isEqualTo(Usage.of(100, 10));
    assertThat(responded.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(5));
    assertThat(responded.timeToFirstChunk()).isEmpty();
    assertThat(events.get(3)).isEqualTo(AgentEvent.ToolCalled.of(1, new ToolCall("call_1", "get_weather", "{}"), false));
    AgentEvent.ToolExecuted weather = (AgentEvent.ToolExecuted) events.get(4);
    assertThat(weather.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(5));
    assertThat(weather.result()).isEqualTo("14 °C");
    assertThat(((AgentEvent.ToolCalled) events.get(5)).sculptorTool()).isTrue();
    assertThat(((AgentEvent.ModelResponded) events.get(8)).response().finishReasons()).containsExactly("stop");
    assertThat(events.get(9)).isEqualTo(new AgentEvent.Finished(2, run));
  }

  @Test
  void run_policyThrows_reportsFailedWithThatExceptionAndRethrowsIt() {
    IllegalStateException bug = new IllegalStateException("policy bug");
    List<AgentEvent> events = new ArrayList<>();
    ContextAgent agent = ContextAgent.builder(new ScriptedModel().thenAnswer("unused"))
        .policy(state -> {
          throw bug;
        }).listener(events::add).build();

    Throwable thrown = catchThrowable(() -> agent.run(question()));

    assertThat(thrown).isSameAs(bug);
    assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly("Started", "Failed");
    assertThat(events.get(1)).isEqualTo(new AgentEvent.Failed(1, bug));
  }

  @Test
  void valueEvents_equalByValue() {
    ToolCall call = new ToolCall("c", "fold_fragment", "{}");
    ChatResponse response = ChatResponse.builder(Message.assistant("ok")).model("m").requestId("r").build();
    ChatRequest request = ChatRequest.of(List.of(Message.user("hi")));
    assertEqualByValue(() -> AgentEvent.PolicyApplied.of(1, 100, 50, 2, 1),
        AgentEvent.PolicyApplied.of(1, 100, 50, 2, 0));
    ContextState state = ContextState.of(Conversation.of(List.of(Message.user("hi"))));
    assertEqualByValue(() -> AgentEvent.ModelCalled.of(1, request, 10, 20, true, state),
        AgentEvent.ModelCalled.of(1, request, 10, 20, false, state));
    assertThat(AgentEvent.ModelCalled.of(1, request, 10, 20, true, state)).isNotEqualTo(
        AgentEvent.ModelCalled.of(1, request, 10, 20, true, ContextState.of(Conversation.of(List.of(Message.user("ho"))))));
    assertEqualByValue(() -> AgentEvent.ModelResponded.of(1, response, Duration.ofMillis(3),
        Optional.of(Duration.ofMillis(1))), AgentEvent.ModelResponded.of(1, response, Duration.ofMillis(3),
        Optional.empty()));
    assertEqualByValue(() -> AgentEvent.ToolCalled.of(1, call, true), AgentEvent.ToolCalled.of(2, call, true));
    assertEqualByValue(() -> AgentEvent.ToolExecuted.of(1, call, "done", Optional.empty(), false, true,
        Duration.ofMillis(2)), AgentEvent.ToolExecuted.of(1, call, "done", Optional.empty(), false, true,
        Duration.ofMillis(3)));
    AgentEvent.ToolExecuted folded = AgentEvent.ToolExecuted.of(1, call, "done", Optional.empty(), false, true,
        Duration.ofMillis(2));
    assertEqualByValue(() -> folded.withFragmentChanges(1, 0, 0), folded);
    assertEqualByValue(() -> folded.withFragmentChanges(0, 1, 0), folded.withFragmentChanges(0, 0, 1));
    assertThat(folded.withFragmentChanges(2, 1, 3)).extracting(AgentEvent.ToolExecuted::foldedFragments,
        AgentEvent.ToolExecuted::summarizedFragments, AgentEvent.ToolExecuted::restoredFragments).containsExactly(2, 1, 3);
    assertThat(folded.withFragmentChanges(2, 1, 3).toString()).contains("foldedFragments=2")
        .contains("summarizedFragments=1").contains("restoredFragments=3");
    assertThatThrownBy(() -> folded.withFragmentChanges(0, -1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("summarizedFragments must not be negative, got [-1]");
    assertThat(AgentEvent.ModelResponded.of(1, response, Duration.ofMillis(3), Optional.empty()).toString())
        .contains("model=m").contains("requestId=r").contains("latency=PT0.003S");
  }

  private static void assertEqualByValue(Supplier<AgentEvent> event, AgentEvent different) {
    assertThat(event.get()).isEqualTo(event.get()).hasSameHashCodeAs(event.get()).isNotEqualTo(different)
        .isNotEqualTo(null);
  }
}
