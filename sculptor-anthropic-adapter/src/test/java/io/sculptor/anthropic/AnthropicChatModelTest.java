package io.sculptor.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ChatStreamListener;
import io.sculptor.model.ContextLengthExceededException;
import io.sculptor.model.ToolChoice;
import io.sculptor.testing.LocalAnthropicServer;
import io.sculptor.testing.LocalAnthropicServer.Reply;
import io.sculptor.tools.SculptorTools;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP model against a real local server: headers, bodies, each error type, retries, streams. */
class AnthropicChatModelTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "sk-ant-test-0123456789";
  private static final ChatRequest QUESTION = ChatRequest.of(List.of(Message.system("Be brief."),
      Message.user("What is the weather in Oslo?")), SculptorTools.specs(), ToolChoice.required());

  static AnthropicChatModel.Builder model(String baseUrl) {
    return AnthropicChatModel.builder().baseUrl(baseUrl).apiKey(KEY).model("claude-sonnet-4-5")
        .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(50));
  }

  @Test
  void chat_sendsTheMessagesApiRequestWithItsHeadersAndReadsTheAnswer() {
    try (LocalAnthropicServer server = LocalAnthropicServer.start(request -> Reply.answer("Cloudy, 14 °C."))) {
      ChatResponse response = model(server.baseUrl()).maxTokens(300).parameter("temperature", 0).build().chat(QUESTION);

      assertThat(response.message().content()).isEqualTo("Cloudy, 14 °C.");
      assertThat(response.finishReason()).contains("end_turn");
      assertThat(response.responseId()).contains("msg_local");
      assertThat(response.requestId()).hasValueSatisfying(id -> assertThat(id).startsWith("req_local_"));
      assertThat(response.usage().promptTokens()).isPositive();
      JsonNode sent = server.requests().get(0);
      assertThat(sent.get("model").asText()).isEqualTo("claude-sonnet-4-5");
      assertThat(sent.get("max_tokens").asInt()).isEqualTo(300);
      assertThat(sent.get("temperature").asInt()).isZero();
      assertThat(sent.get("tool_choice").get("type").asText()).isEqualTo("any");
      assertThat(sent.has("stream")).isFalse();
      assertThat(sent.get("messages").get(0).get("content").get(0).get("cache_control").get("type").asText())
          .isEqualTo("ephemeral");
      assertThat(server.requestHeaders().get(0)).containsEntry("x-api-key", KEY)
          .containsEntry("anthropic-version", "2023-06-01").containsEntry("content-type", "application/json")
          .doesNotContainKey("authorization");
    }
  }

  @ParameterizedTest
  @CsvSource({
      "401, authentication_error, invalid x-api-key, AUTHENTICATION",
      "403, permission_error, Your API key does not have permission to use the specified resource., AUTHENTICATION",
      "400, invalid_request_error, messages: roles must alternate, BAD_REQUEST",
      "404, not_found_error, model: claude-nonexistent, BAD_REQUEST",
      "413, request_too_large, Request exceeds the maximum allowed number of bytes., BAD_REQUEST",
      "429, rate_limit_error, Number of request tokens has exceeded your per-minute rate limit, RATE_LIMITED",
      "500, api_error, Internal server error, SERVER_ERROR",
      "529, overloaded_error, Overloaded, SERVER_ERROR"})
  void errors_areTypedWithTheApisErrorTypeAndRequestId(int status, String type, String message, String kind) {
    AtomicInteger calls = new AtomicInteger();
    try (LocalAnthropicServer server = LocalAnthropicServer.start(request -> {
      calls.incrementAndGet();
      return Reply.error(status, type, message);
    })) {
      assertThatThrownBy(() -> model(server.baseUrl()).maxAttempts(3).build().chat(QUESTION))
          .isInstanceOfSatisfying(ChatModelException.class, e -> {
            assertThat(e.kind()).isEqualTo(ChatModelException.Kind.valueOf(kind));
            assertThat(e.errorType()).contains(type);
            assertThat(e.status()).hasValue(status);
            assertThat(e.providerMessage()).contains(message);
            assertThat(e.requestId()).hasValueSatisfying(id -> assertThat(id).startsWith("req_local_"));
            assertThat(e.getMessage()).contains("[" + status + "]", "[" + type + "]");
          });
      boolean retried = status == 429 || status >= 500;
      assertThat(calls).hasValue(retried ? 3 : 1);
    }
  }

  @Test
  void promptTooLong_isContextLengthExceeded() {
    try (LocalAnthropicServer server = LocalAnthropicServer.start(request -> Reply.error(400, "invalid_request_error",
        "prompt is too long: 208310 tokens > 200000 maximum"))) {
      assertThatThrownBy(() -> model(server.baseUrl()).build().chat(QUESTION))
          .isInstanceOfSatisfying(ContextLengthExceededException.class, e -> {
            assertThat(e.kind()).isEqualTo(ChatModelException.Kind.CONTEXT_LENGTH_EXCEEDED);
            assertThat(e.errorType()).contains("invalid_request_error");
          });
      assertThat(server.requests()).hasSize(1);
    }
  }

  @Test
  void overloaded529_isRetriedHonouringRetryAfterThenSucceeds() {
    AtomicInteger calls = new AtomicInteger();
    try (LocalAnthropicServer server = LocalAnthropicServer.start(request -> calls.incrementAndGet() < 3
        ? Reply.error(529, "overloaded_error", "Overloaded").withHeader("retry-after", "0.01")
        : Reply.answer("Fine."))) {
      ChatResponse response = model(server.baseUrl()).build().chat(QUESTION);

      assertThat(response.message().content()).isEqualTo("Fine.");
      assertThat(server.requests()).hasSize(3).allSatisfy(r -> assertThat(r).isEqualTo(server.requests().get(0)));
    }
  }

  @Test
  void retryAfterLongerThanMaxBackoff_failsAtOnce() {
    try (LocalAnthropicServer server = LocalAnthropicServer.start(request ->
        Reply.error(429, "rate_limit_error", "slow down").withHeader("retry-after", "60"))) {
      assertThatThrownBy(() -> model(server.baseUrl()).build().chat(QUESTION))
          .isInstanceOf(ChatModelException.class).hasMessageContaining("retry after [PT1M]");
      assertThat(server.requests()).hasSize(1);
    }
  }

  @Test
  void theApiKey_neverAppearsInExceptionsLogsOrToString() throws IOException {
    try (LocalAnthropicServer server = LocalAnthropicServer.start(request ->
        Reply.error(401, "authentication_error", "invalid x-api-key " + KEY))) {
      AnthropicChatModel model = model(server.baseUrl()).build();
      assertThatThrownBy(() -> model.chat(QUESTION)).isInstanceOfSatisfying(ChatModelException.class, e -> {
        assertThat(e.getMessage()).doesNotContain(KEY).contains("[redacted]");
        assertThat(e.providerMessage().orElseThrow()).doesNotContain(KEY);
      });
      assertThat(model.toString()).doesNotContain(KEY).contains("apiKey=(set)");
    }
    Path log = Path.of("target/anthropic-adapter-tests.log");
    if (Files.exists(log)) {
      assertThat(Files.readString(log)).doesNotContain(KEY);
    }
  }

  @Test
  void stream_forwardsTextThinkingAndToolCallsAndReturnsTheSameResponseAsAWholeAnswer() {
    ObjectNode message = JSON.createObjectNode().put("id", "msg_1").put("type", "message").put("role", "assistant")
        .put("model", "claude-sonnet-4-5").put("stop_reason", "tool_use").putNull("stop_sequence");
    message.putArray("content")
        .add(JSON.createObjectNode().put("type", "thinking").put("thinking", "Oslo: I should call the weather tool — ✓.")
            .put("signature", "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"))
        .add(JSON.createObjectNode().put("type", "text").put("text", "Let me check — one moment 😀."))
        .add(JSON.createObjectNode().put("type", "tool_use").put("id", "toolu_1").put("name", "search_context")
            .set("input", JSON.createObjectNode().put("query", "umbrella \"Paris\"").put("max_results", 5)));
    try (LocalAnthropicServer server = LocalAnthropicServer.start(request -> Reply.ok(message))) {
      AnthropicChatModel model = model(server.baseUrl()).build();
      List<String> pieces = new ArrayList<>();
      StringBuilder text = new StringBuilder();
      StringBuilder thinking = new StringBuilder();
      ChatResponse streamed = model.chat(QUESTION, new ChatStreamListener() {
        @Override
        public void onText(String delta) {
          pieces.add("text");
          text.append(delta);
        }

        @Override
        public void onReasoning(String delta) {
          pieces.add("thinking");
          thinking.append(delta);
        }

        @Override
        public void onToolCall(String id, String name) {
          pieces.add("call " + id + " " + name);
        }
      });
      ChatResponse whole = model.chat(QUESTION);

      assertThat(text).hasToString("Let me check — one moment 😀.");
      assertThat(thinking).hasToString("Oslo: I should call the weather tool — ✓.");
      assertThat(pieces.indexOf("call toolu_1 search_context")).isGreaterThan(pieces.lastIndexOf("text"));
      assertThat(pieces.stream().filter("text"::equals).count()).isGreaterThan(1);
      assertThat(streamed.message().toolCalls()).containsExactly(
          new ToolCall("toolu_1", "search_context", "{\"query\":\"umbrella \\\"Paris\\\"\",\"max_results\":5}"));
      assertThat(streamed.message()).isEqualTo(whole.message());
      assertThat(streamed.usage().completionTokens()).isEqualTo(whole.usage().completionTokens()).isPositive();
      assertThat(streamed.finishReason()).contains("tool_use");
      assertThat(server.requests().get(0).get("stream").asBoolean()).isTrue();
      assertThat(server.requestHeaders().get(0)).containsEntry("accept", "text/event-stream");
      assertThat(MessagesFormat.messages(List.of(streamed.message())).get(0).get("content"))
          .isEqualTo(message.get("content"));
    }
  }

  @Test
  void ownHttpClient_isUsedAndConnectTimeoutBesideItIsRefused() {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (LocalAnthropicServer server = LocalAnthropicServer.start(request -> Reply.answer("ok"))) {
      assertThat(model(server.baseUrl()).httpClient(client).build().chat(QUESTION).message().content()).isEqualTo("ok");
    }
    assertThatThrownBy(() -> AnthropicChatModel.builder().httpClient(client).connectTimeout(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("[httpClient(...)]");
  }

  @Test
  void countTokens_asksTheCountTokensEndpoint() {
    try (LocalAnthropicServer server = LocalAnthropicServer.start(request -> Reply.answer("unused"))) {
      long tokens = model(server.baseUrl()).build().countTokens(QUESTION);

      assertThat(tokens).isPositive();
      JsonNode sent = server.requests().get(0);
      assertThat(sent.has("max_tokens")).isFalse();
      assertThat(sent.get("messages")).hasSize(1);
      assertThat(sent.get("tools")).hasSize(6);
    }
  }

  @Test
  void builder_refusesBadSettingsNamingThem() {
    assertThatThrownBy(() -> AnthropicChatModel.builder().apiKey("sk ant")).hasMessageContaining("U+0020")
        .hasMessageNotContaining("sk ant");
    assertThatThrownBy(() -> AnthropicChatModel.builder().parameter("max_tokens", 5)).hasMessageContaining("maxTokens");
    assertThatThrownBy(() -> AnthropicChatModel.builder().parameter("messages", 5)).hasMessageContaining("[messages]");
    assertThatThrownBy(() -> AnthropicChatModel.builder().header("X-Api-Key", "k")).hasMessageContaining("[X-Api-Key]");
    assertThatThrownBy(() -> AnthropicChatModel.builder().apiKey(KEY).noApiKey()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> AnthropicChatModel.builder().baseUrl("ftp://x")).hasMessageContaining("[ftp://x]");
    assertThatThrownBy(() -> AnthropicChatModel.builder().noApiKey().build()).hasMessageContaining("model(...)");
    assertThatThrownBy(() -> AnthropicChatModel.builder().maxTokens(0)).hasMessageContaining("[0]");
  }

  @Test
  void betaNames_goInOneAnthropicBetaHeader() {
    try (LocalAnthropicServer server = LocalAnthropicServer.start(request -> Reply.answer("ok"))) {
      model(server.baseUrl()).beta("context-management-2025-06-27").beta("token-efficient-tools-2025-02-19")
          .beta("context-management-2025-06-27").build().chat(QUESTION);
      assertThat(server.requestHeaders().get(0)).containsEntry("anthropic-beta",
          "context-management-2025-06-27,token-efficient-tools-2025-02-19");
    }
  }
}
