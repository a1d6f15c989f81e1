package io.sculptor.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.core.ContextState;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatStreamListener;
import io.sculptor.model.ToolSpec;
import io.sculptor.openai.OpenAiChatModel;
import io.sculptor.openai.OpenAiResponsesModel;
import io.sculptor.testing.LocalOpenAiServer;
import io.sculptor.testing.LocalOpenAiServer.Reply;
import io.sculptor.testing.TestConversations;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Spans of streamed agent runs over the real HTTP models: what the provider said about each call
 * (response model, response id, finish reasons, request id, usage) comes from the wire, from
 * {@link LocalOpenAiServer} streaming as OpenAI does.
 */
class AgentTelemetryOverHttpTest {
  private static final ToolSpec WEATHER = ToolSpec.of("get_weather", "Current weather in a city.",
      "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}}");

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .build();

  @AfterEach
  void stopSdk() {
    sdk.close();
  }

  /** A Chat Completions answer: a weather call first, then the answer once the call's result is in. */
  private static Reply chatCompletion(JsonNode request) {
    boolean answered = request.get("messages").findValues("role").stream().anyMatch(r -> r.asText().equals("tool"));
    String message = answered ? "{\"role\": \"assistant\", \"content\": \"It is 14 °C and cloudy in Paris.\"}"
        : "{\"role\": \"assistant\", \"content\": null, \"tool_calls\": [{\"id\": \"call_w1\", \"type\": \"function\","
            + " \"function\": {\"name\": \"get_weather\", \"arguments\": \"{\\\"city\\\": \\\"Paris\\\"}\"}}]}";
    int step = answered ? 2 : 1;
    return Reply.of(200, "{\"id\": \"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG" + step + "\", \"object\": \"chat.completion\","
        + " \"created\": 1741570283, \"model\": \"gpt-4.1-2025-04-14\", \"system_fingerprint\": \"fp_44709d6fcb\","
        + " \"choices\": [{\"index\": 0, \"message\": " + message + ", \"logprobs\": null, \"finish_reason\": \""
        + (answered ? "stop" : "tool_calls") + "\"}], \"usage\": {\"prompt_tokens\": " + (80 * step)
        + ", \"completion_tokens\": 17, \"total_tokens\": " + (80 * step + 17)
        + ", \"prompt_tokens_details\": {\"cached_tokens\": " + (step == 2 ? 64 : 0) + "}}}")
        .withHeader("x-request-id", "req_chat_" + step);
  }

  /** The same two answers as Responses API responses. */
  private static Reply response(JsonNode request) {
    boolean answered = request.get("input").findValues("type").stream()
        .anyMatch(t -> t.asText().equals("function_call_output"));
    String output = answered
        ? "{\"type\": \"message\", \"id\": \"msg_2\", \"status\": \"completed\", \"role\": \"assistant\", \"content\":"
            + " [{\"type\": \"output_text\", \"text\": \"It is 14 °C and cloudy in Paris.\", \"annotations\": []}]}"
        : "{\"type\": \"function_call\", \"id\": \"fc_1\", \"call_id\": \"call_w1\", \"name\": \"get_weather\","
            + " \"arguments\": \"{\\\"city\\\": \\\"Paris\\\"}\", \"status\": \"completed\"}";
    int step = answered ? 2 : 1;
    return Reply.of(200, "{\"id\": \"resp_67ccd2bed1ec8190b14f964abc054267" + step + "\", \"object\": \"response\","
        + " \"created_at\": 1741476542, \"status\": \"completed\", \"model\": \"gpt-4.1-2025-04-14\", \"output\": ["
        + output + "], \"usage\": {\"input_tokens\": " + (80 * step) + ", \"output_tokens\": 17, \"total_tokens\": "
        + (80 * step + 17) + ", \"input_tokens_details\": {\"cached_tokens\": " + (step == 2 ? 64 : 0)
        + "}, \"output_tokens_details\": {\"reasoning_tokens\": 0}}}")
        .withHeader("x-request-id", "req_responses_" + step);
  }

  /** Runs a streamed agent traced by {@link AgentTelemetry}; returns the chat spans, oldest first. */
  private List<SpanData> streamedChatSpans(Function<JsonNode, Reply> handler,
      Function<LocalOpenAiServer, ChatModel> model) {
    try (LocalOpenAiServer server = LocalOpenAiServer.start(handler)) {
      AgentTelemetry telemetry = AgentTelemetry.builder(sdk, "openai").requestModel("gpt-4.1").build();
      ContextAgent agent = ContextAgent.builder(model.apply(server)).tool(WEATHER, arguments -> "14 °C and cloudy")
          .listener(telemetry).build();
      StringBuilder shown = new StringBuilder();

      AgentRun run = agent.run(ContextState.of(TestConversations.keyValueTask(2_000, 3)), new ChatStreamListener() {
        @Override
        public void onText(String delta) {
          shown.append(delta);
        }
      });

      assertThat(run.answer()).isEqualTo("It is 14 °C and cloudy in Paris.").isEqualTo(shown.toString());
      assertThat(server.requests()).allSatisfy(r -> assertThat(r.get("stream").asBoolean()).isTrue());
      assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly(
          "chat gpt-4.1", "execute_tool get_weather", "chat gpt-4.1", "invoke_agent");
      return spans.getFinishedSpanItems().stream().filter(s -> s.getName().startsWith("chat ")).toList();
    }
  }

  private static void assertFromTheWire(List<SpanData> chats, String responseId, List<String> finishReasons,
      String requestId) {
    for (int i = 0; i < 2; i++) {
      int step = i + 1;
      assertThat(chats.get(i).getAttributes().asMap())
          .containsEntry(AttributeKey.stringKey("gen_ai.response.model"), "gpt-4.1-2025-04-14")
          .containsEntry(AttributeKey.stringKey("gen_ai.response.id"), responseId + step)
          .containsEntry(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of(finishReasons.get(i)))
          .containsEntry(AttributeKey.stringKey("sculptor.response.request_id"), requestId + step)
          .containsEntry(AttributeKey.booleanKey("gen_ai.request.stream"), true)
          .containsEntry(AttributeKey.longKey("gen_ai.usage.input_tokens"), 80L * step)
          .containsEntry(AttributeKey.longKey("gen_ai.usage.output_tokens"), 17L)
          .containsKey(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk"));
    }
    assertThat(chats.get(1).getAttributes().get(AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens")))
        .isEqualTo(64L);
  }

  @Test
  void streamedRun_overOpenAiChatModel_spansCarryWhatTheProviderSent() {
    List<SpanData> chats = streamedChatSpans(AgentTelemetryOverHttpTest::chatCompletion, server ->
        OpenAiChatModel.builder().baseUrl(server.baseUrl()).noApiKey().model("gpt-4.1").maxAttempts(1)
            .requestTimeout(Duration.ofSeconds(10)).build());

    assertFromTheWire(chats, "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG", List.of("tool_calls", "stop"), "req_chat_");
  }

  @Test
  void streamedRun_overOpenAiResponsesModel_spansCarryWhatTheProviderSent() {
    List<SpanData> chats = streamedChatSpans(AgentTelemetryOverHttpTest::response, server ->
        OpenAiResponsesModel.builder().baseUrl(server.baseUrl()).noApiKey().model("gpt-4.1").maxAttempts(1)
            .requestTimeout(Duration.ofSeconds(10)).build());

    assertFromTheWire(chats, "resp_67ccd2bed1ec8190b14f964abc054267", List.of("completed", "completed"),
        "req_responses_");
  }
}
