package io.sculptor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.openai.OpenAiChatModel;
import io.sculptor.testing.LocalOpenAiServer;
import io.sculptor.testing.LocalOpenAiServer.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The observability snippet of docs/openai.md end to end: a real {@link OpenAiChatModel} streaming
 * from a local server over HTTP, with Sculptor tool calls whose arguments arrive in pieces, traced
 * by a real OpenTelemetry SDK.
 */
class OpenAiObservabilityTest {
  private static final ContextState STATE = ContextState.of(Conversation.of(
      Message.system("You are a travel assistant."),
      Message.user("Last week: Paris was rainy, 12 degrees. Lyon was sunny."),
      Message.assistant("Noted."),
      Message.user("What was the weather in Paris?")));

  /** A search through the Sculptor tool, then the answer; each reply carries a request id. */
  private static Function<com.fasterxml.jackson.databind.JsonNode, Reply> script() {
    AtomicInteger calls = new AtomicInteger();
    return request -> calls.getAndIncrement() == 0
        ? Reply.toolCalls(new ToolCall("call_1", "search_context", "{\"query\": \"Paris was rainy\"}"))
            .withHeader("x-request-id", "req_1")
        : Reply.answer("Rainy in Paris, 12 degrees.").withHeader("x-request-id", "req_2");
  }

  @Test
  void streamedRun_answersAsTheWholeRun_tracedWithWhatCameOverTheWire() {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
    ByteArrayOutputStream userBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

    AgentRun streamed;
    List<com.fasterxml.jackson.databind.JsonNode> streamedRequests;
    try (LocalOpenAiServer server = LocalOpenAiServer.start(script())) {
      OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(server.baseUrl()).noApiKey().model("gpt-4.1").build();
      streamed = OpenAiApis.observed(model, otel, STATE, new PrintStream(userBytes, true, StandardCharsets.UTF_8),
          new PrintStream(logBytes, true, StandardCharsets.UTF_8));
      streamedRequests = server.requests();
    }
    AgentRun whole;
    try (LocalOpenAiServer server = LocalOpenAiServer.start(script())) {
      OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(server.baseUrl()).noApiKey().model("gpt-4.1").build();
      whole = ContextAgent.builder(model).build().run(STATE);
    }

    assertThat(streamedRequests).hasSize(2).allSatisfy(r -> assertThat(r.get("stream").asBoolean()).isTrue());
    assertThat(streamed.answer()).isEqualTo("Rainy in Paris, 12 degrees.");
    assertThat(streamed.state()).isEqualTo(whole.state());
    assertThat(streamed.toolUsage()).isEqualTo(whole.toolUsage());
    assertThat(streamed.state().original().messages().get(5).content()).contains("Paris was rainy");
    assertThat(userBytes.toString(StandardCharsets.UTF_8)).isEqualTo("Rainy in Paris, 12 degrees.");
    assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("step 1: local, [tool_calls], request req_1")
        .contains("step 2: local, [stop], request req_2");

    List<SpanData> chats = spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals("chat gpt-4.1")).toList();
    assertThat(chats).hasSize(2);
    assertThat(chats).allSatisfy(s -> {
      assertThat(s.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("local");
      assertThat(s.getAttributes().get(AttributeKey.stringKey("gen_ai.response.id"))).isEqualTo("chatcmpl-local");
    });
    assertThat(chats).extracting(s -> s.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly(List.of("tool_calls"), List.of("stop"));
    assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).contains("execute_tool search_context");
  }
}
