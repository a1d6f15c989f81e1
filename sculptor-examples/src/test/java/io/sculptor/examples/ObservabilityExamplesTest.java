package io.sculptor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.sculptor.agent.AgentRun;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.StreamingChatModel;
import io.sculptor.model.Usage;
import io.sculptor.testing.ScriptedChatModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Runs the examples of docs/observability.md. */
class ObservabilityExamplesTest {
  private static ContextState question() {
    return ContextState.of(Conversation.of(Message.system("You are a helpful assistant."),
        Message.user("What is the weather in Paris?")));
  }

  /** Calls get_weather, then answers, reporting what an OpenAI endpoint reports about each call. */
  private static ChatModel reporting() {
    ScriptedChatModel script = ScriptedChatModel.create().thenCall("get_weather", "{\"city\": \"Paris\"}")
        .thenAnswer("14 °C and cloudy in Paris.");
    AtomicInteger calls = new AtomicInteger();
    return request -> {
      Message answer = script.chat(request).message();
      String finish = answer.toolCalls().isEmpty() ? "stop" : "tool_calls";
      return ChatResponse.builder(answer).usage(Usage.of(100, 10)).finishReason(Optional.of(finish))
          .model("gpt-4.1-2025-04-14").requestId("req_" + calls.incrementAndGet()).build();
    };
  }

  @Test
  void streamToTheUser_showsThePiecesAsTheyArriveAndRunsTheTool() {
    StreamingChatModel model = new StreamingChatModel() {
      private final AtomicInteger calls = new AtomicInteger();

      @Override
      public ChatResponse chat(io.sculptor.model.ChatRequest request, io.sculptor.model.ChatStreamListener listener) {
        if (calls.incrementAndGet() == 1) {
          listener.onText("Let me check.");
          listener.onToolCall("call_1", "get_weather");
          return ChatResponse.of(Message.assistant("Let me check.",
              List.of(new ToolCall("call_1", "get_weather", "{\"city\": \"Paris\"}"))), Usage.of(50, 5));
        }
        for (String piece : List.of("It is ", "14 °C ", "and cloudy.")) {
          listener.onText(piece);
        }
        return ChatResponse.of(Message.assistant("It is 14 °C and cloudy."), Usage.of(60, 6));
      }
    };
    ByteArrayOutputStream user = new ByteArrayOutputStream();

    AgentRun run = ObservabilityExamples.streamToTheUser(model, question(),
        new PrintStream(user, true, StandardCharsets.UTF_8));

    assertThat(user.toString(StandardCharsets.UTF_8))
        .isEqualTo("Let me check.\n(get_weather...)\nIt is 14 °C and cloudy.");
    assertThat(run.state().original().get(3).content()).isEqualTo("14 °C and cloudy");
    assertThat(run.answer()).isEqualTo("It is 14 °C and cloudy.");
  }

  @Test
  void agentWithCallLog_printsLatencyModelRequestIdAndFinishReason() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    ObservabilityExamples.agentWithCallLog(reporting(), new PrintStream(log, true, StandardCharsets.UTF_8))
        .run(question());

    assertThat(log.toString(StandardCharsets.UTF_8).lines().toList()).hasSize(3).satisfiesExactly(
        l -> assertThat(l).matches("step 1: gpt-4\\.1-2025-04-14 answered in \\d+ ms \\(request req_1, "
            + "finish \\[tool_calls], 100 \\+ 10 tokens\\)"),
        l -> assertThat(l).matches("step 1: get_weather ran in \\d+ ms"),
        l -> assertThat(l).matches("step 2: gpt-4\\.1-2025-04-14 answered in \\d+ ms \\(request req_2, "
            + "finish \\[stop], 100 \\+ 10 tokens\\)"));
  }

  @Test
  void tracedAgent_emitsGenAiSpans() {
    ChatModel model = reporting();
    ContextState state = question();
    // snippet:telemetry-test
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build();

    ObservabilityExamples.tracedAgent(model, sdk).run(state);

    assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly(
        "chat gpt-4.1", "execute_tool get_weather", "chat gpt-4.1", "invoke_agent Weather Assistant");
    // end-snippet
    sdk.close();
  }
}
