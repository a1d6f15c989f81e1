package io.sculptor.anthropic.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.anthropic.AnthropicChatModel;
import io.sculptor.anthropic.MessagesFormat;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
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
import io.sculptor.testing.StreamRecorder;
import io.sculptor.tools.SculptorTools;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The SDK model against the local server: the bytes it sends equal the HTTP model's, blocks survive. */
class AnthropicSdkChatModelTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A conversation with every kind of block the SDK must carry: thinking, tool use, results, images. */
  static ChatRequest request() {
    ObjectNode wire = JSON.createObjectNode();
    wire.put("system", "You are a weather assistant.");
    var messages = wire.putArray("messages");
    messages.addObject().put("role", "user").put("content", "Weather in Oslo and Paris?");
    var assistant = messages.addObject().put("role", "assistant").putArray("content");
    assistant.addObject().put("type", "thinking").put("thinking", "Two cities, two calls.")
        .put("signature", "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds");
    assistant.addObject().put("type", "redacted_thinking").put("data", "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rL");
    assistant.addObject().put("type", "tool_use").put("id", "toolu_01").put("name", "weather")
        .putObject("input").put("city", "Oslo");
    assistant.addObject().put("type", "tool_use").put("id", "toolu_02").put("name", "weather")
        .putObject("input").put("city", "Paris");
    var results = messages.addObject().put("role", "user").putArray("content");
    results.addObject().put("type", "tool_result").put("tool_use_id", "toolu_01").put("content", "4 °C, rain");
    var paris = results.addObject().put("type", "tool_result").put("tool_use_id", "toolu_02").put("is_error", true);
    paris.putArray("content").addObject().put("type", "text").put("text", "Service unavailable");
    return ChatRequest.of(MessagesFormat.fromRequest(wire), SculptorTools.specs(), ToolChoice.auto());
  }

  private static AnthropicClient client(LocalAnthropicServer server) {
    return AnthropicOkHttpClient.builder().baseUrl(server.baseUrl()).apiKey("sk-ant-test").maxRetries(0).build();
  }

  private static JsonNode sentBy(Function<String, io.sculptor.model.ChatModel> model, Reply reply) {
    try (LocalAnthropicServer server = LocalAnthropicServer.start(r -> reply)) {
      model.apply(server.baseUrl()).chat(request());
      return server.requests().get(0);
    }
  }

  @Test
  void theSdkSendsTheSameBodyAsTheHttpModel() {
    Reply reply = Reply.answer("Oslo: rain. Paris: unknown.");
    JsonNode viaSdk = sentBy(url -> AnthropicSdkChatModel.of(AnthropicOkHttpClient.builder().baseUrl(url)
        .apiKey("sk-ant-test").maxRetries(0).build(), "claude-sonnet-4-5").withMaxTokens(512), reply);
    JsonNode viaHttp = sentBy(url -> AnthropicChatModel.builder().baseUrl(url).apiKey("sk-ant-test")
        .model("claude-sonnet-4-5").maxTokens(512).build(), reply);

    assertThat(viaSdk).isEqualTo(viaHttp);
    assertThat(viaSdk.get("messages").get(1).get("content").get(0).get("signature").asText())
        .isEqualTo("EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds");
    assertThat(viaSdk.get("messages").get(2).get("content")).hasSize(2);
  }

  @Test
  void chat_readsTheSdksMessageWithEveryBlockAndTheRequestId() {
    ObjectNode message = JSON.createObjectNode().put("id", "msg_9").put("type", "message").put("role", "assistant")
        .put("model", "claude-sonnet-4-5").put("stop_reason", "tool_use").putNull("stop_sequence");
    message.putArray("content")
        .add(JSON.createObjectNode().put("type", "thinking").put("thinking", "Fold the old updates.").put("signature", "sig1"))
        .add(JSON.createObjectNode().put("type", "text").put("text", "Folding."))
        .add(JSON.createObjectNode().put("type", "tool_use").put("id", "toolu_9").put("name", "fold_fragment")
            .set("input", JSON.createObjectNode().put("fragment_id", "f1a2b3")));
    try (LocalAnthropicServer server = LocalAnthropicServer.start(r -> Reply.ok(message))) {
      ChatResponse response = AnthropicSdkChatModel.of(client(server), "claude-sonnet-4-5").chat(request());

      assertThat(response.message().content()).isEqualTo("Folding.");
      assertThat(response.message().toolCalls()).containsExactly(
          new ToolCall("toolu_9", "fold_fragment", "{\"fragment_id\":\"f1a2b3\"}"));
      assertThat(response.finishReason()).contains("tool_use");
      assertThat(response.requestId()).hasValueSatisfying(id -> assertThat(id).startsWith("req_local_"));
      assertThat(response.usage().promptTokens()).isPositive();
      JsonNode back = MessagesFormat.messages(List.of(Message.user("x"), response.message())).get(1).get("content");
      assertThat(back.get(0).get("signature").asText()).isEqualTo("sig1");
      assertThat(back.get(2).get("input").get("fragment_id").asText()).isEqualTo("f1a2b3");
    }
  }

  @Test
  void sdkFailures_areChatModelExceptionsWithTheApisErrorType() {
    try (LocalAnthropicServer server = LocalAnthropicServer.start(r -> Reply.error(529, "overloaded_error", "Overloaded"))) {
      assertThatThrownBy(() -> AnthropicSdkChatModel.of(client(server), "claude-sonnet-4-5").chat(request()))
          .isInstanceOfSatisfying(ChatModelException.class, e -> {
            assertThat(e.kind()).isEqualTo(ChatModelException.Kind.SERVER_ERROR);
            assertThat(e.errorType()).contains("overloaded_error");
            assertThat(e.status()).hasValue(529);
          });
    }
    try (LocalAnthropicServer server = LocalAnthropicServer.start(r -> Reply.error(400, "invalid_request_error",
        "prompt is too long: 208310 tokens > 200000 maximum"))) {
      assertThatThrownBy(() -> AnthropicSdkChatModel.of(client(server), "claude-sonnet-4-5").chat(request()))
          .isInstanceOf(ContextLengthExceededException.class);
    }
  }

  @Test
  void contextAgent_runsTheSixToolsThroughTheSdk() {
    AtomicInteger calls = new AtomicInteger();
    try (LocalAnthropicServer server = LocalAnthropicServer.start(body -> calls.getAndIncrement() == 0
        ? Reply.toolUses(new ToolCall("toolu_1", "search_context", "{\"query\": \"exit code\"}"))
        : Reply.answer("Step 4 failed."))) {
      AgentRun run = ContextAgent.builder(AnthropicSdkChatModel.of(client(server), "claude-test")).build()
          .run(ContextState.of(Conversation.of(Message.user("Step 4 ended with exit code 2. Which step failed?"))));

      assertThat(run.answer()).isEqualTo("Step 4 failed.");
      assertThat(run.toolUsage().counts()).containsEntry("search_context", 1);
      assertThat(server.requests().get(1).toString()).contains("tool_result", "toolu_1", "exit code");
    }
  }

  @Test
  void streamed_givesTheListenerEachPiece_andTheSameAnswerAsAWholeCall() {
    ObjectNode message = JSON.createObjectNode().put("id", "msg_7").put("type", "message").put("role", "assistant")
        .put("model", "claude-sonnet-4-5").put("stop_reason", "tool_use").putNull("stop_sequence");
    message.putArray("content")
        .add(JSON.createObjectNode().put("type", "thinking").put("thinking", "Two cities; the old updates can go.")
            .put("signature", "EqQBCgIYAhIM1gbcDa9GJwZA2b3h"))
        .add(JSON.createObjectNode().put("type", "text").put("text", "Folding, then asking — naïvely, 数据 first."))
        .add(JSON.createObjectNode().put("type", "tool_use").put("id", "toolu_7").put("name", "fold_fragment")
            .set("input", JSON.createObjectNode().put("fragment_id", "f1a2b3")));
    try (LocalAnthropicServer server = LocalAnthropicServer.start(r -> Reply.ok(message))) {
      AnthropicSdkChatModel model = AnthropicSdkChatModel.of(client(server), "claude-sonnet-4-5");
      ChatResponse whole = model.chat(request());
      StreamRecorder listener = StreamRecorder.create();

      ChatResponse streamed = model.chat(request(), listener);

      assertThat(server.requests().get(1).get("stream").asBoolean()).isTrue();
      assertThat(listener.text()).isEqualTo("Folding, then asking — naïvely, 数据 first.");
      assertThat(listener.reasoning()).isEqualTo("Two cities; the old updates can go.");
      assertThat(listener.toolCalls()).containsExactly("toolu_7 fold_fragment");
      assertThat(streamed.message()).isEqualTo(whole.message());
      assertThat(streamed.finishReason()).isEqualTo(whole.finishReason());
      assertThat(streamed.usage().promptTokens()).isEqualTo(whole.usage().promptTokens());
      assertThat(streamed.requestId()).hasValueSatisfying(id -> assertThat(id).startsWith("req_local_"));
      JsonNode back = MessagesFormat.messages(List.of(Message.user("x"), streamed.message())).get(1).get("content");
      assertThat(back.get(0).get("signature").asText()).isEqualTo("EqQBCgIYAhIM1gbcDa9GJwZA2b3h");
    }
  }

  @Test
  void streamed_errorEventMidStream_isTyped_andAThrowingListenerEndsTheCallWithItsException() throws IOException {
    String events = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
        + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],"
        + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Par\"}}\n\n"
        + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] bytes = events.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    try {
      AnthropicSdkChatModel model = AnthropicSdkChatModel.of(AnthropicOkHttpClient.builder()
          .baseUrl("http://127.0.0.1:" + server.getAddress().getPort()).apiKey("sk-ant-test").maxRetries(0).build(),
          "claude-sonnet-4-5");
      StreamRecorder listener = StreamRecorder.create();

      assertThatThrownBy(() -> model.chat(request(), listener)).isInstanceOfSatisfying(ChatModelException.class, e -> {
        assertThat(e.kind()).isEqualTo(ChatModelException.Kind.SERVER_ERROR);
        assertThat(e.errorType()).contains("overloaded_error");
      });
      assertThat(listener.text()).isEqualTo("Par");
      IllegalStateException stop = new IllegalStateException("the user closed the window");
      assertThatThrownBy(() -> model.chat(request(), new ChatStreamListener() {
        @Override
        public void onText(String delta) {
          throw stop;
        }
      })).isSameAs(stop);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void contextAgent_streamsOverTheSdk() {
    AtomicInteger calls = new AtomicInteger();
    try (LocalAnthropicServer server = LocalAnthropicServer.start(body -> calls.getAndIncrement() == 0
        ? Reply.toolUses(new ToolCall("toolu_1", "search_context", "{\"query\": \"exit code\"}"))
        : Reply.answer("Step 4 failed."))) {
      StreamRecorder listener = StreamRecorder.create();
      AgentRun run = ContextAgent.builder(AnthropicSdkChatModel.of(client(server), "claude-test")).build()
          .run(ContextState.of(Conversation.of(Message.user("Step 4 ended with exit code 2. Which step failed?"))),
              listener);

      assertThat(run.answer()).isEqualTo("Step 4 failed.");
      assertThat(listener.text()).isEqualTo("Step 4 failed.");
      assertThat(listener.toolCalls()).containsExactly("toolu_1 search_context");
      assertThat(server.requests()).allSatisfy(r -> assertThat(r.get("stream").asBoolean()).isTrue());
    }
  }
}
