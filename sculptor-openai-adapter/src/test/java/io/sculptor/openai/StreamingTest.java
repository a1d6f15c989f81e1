package io.sculptor.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.sculptor.core.Message;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ContextLengthExceededException;
import io.sculptor.model.ToolChoice;
import io.sculptor.model.Usage;
import io.sculptor.openai.ScriptedServer.Reply;
import io.sculptor.testing.LocalOpenAiServer;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Both HTTP models stream real-shaped server-sent events from a local server. */
class StreamingTest {
  private static ChatRequest request() {
    return ChatRequest.of(List.of(Message.user("What is key7, and the weather in Boston?")), List.of(), ToolChoice.auto());
  }

  private static OpenAiChatModel chat(String baseUrl) {
    return OpenAiChatModel.builder().baseUrl(baseUrl).noApiKey().model("gpt-4o-mini").maxAttempts(3)
        .initialBackoff(Duration.ofMillis(5)).requestTimeout(Duration.ofSeconds(5)).build();
  }

  private static OpenAiResponsesModel responses(String baseUrl) {
    return OpenAiResponsesModel.builder().baseUrl(baseUrl).noApiKey().model("o4-mini").maxAttempts(3)
        .initialBackoff(Duration.ofMillis(5)).requestTimeout(Duration.ofSeconds(5)).build();
  }

  /** Answers a stream request with {@code sse} and any other with {@code whole}. */
  private static LocalOpenAiServer server(String sse, String whole) {
    return LocalOpenAiServer.start(request -> request.path("stream").asBoolean()
        ? LocalOpenAiServer.Reply.sse(sse).withHeader("x-request-id", "req_stream")
        : LocalOpenAiServer.Reply.of(200, whole).withHeader("x-request-id", "req_whole"));
  }

  @Test
  void chat_openAiToolCallStream_assemblesTheCallsAndMetadataOfTheWholeAnswer() {
    try (LocalOpenAiServer server = server(WireFixtures.text("chat-stream-tool-calls.sse"),
        WireFixtures.text("chat-completion-tool-calls.json"))) {
      StreamListener listener = new StreamListener();
      OpenAiChatModel model = chat(server.baseUrl());

      ChatResponse streamed = model.chat(request(), listener);
      ChatResponse whole = model.chat(request());

      assertThat(streamed.message().toolCalls()).isEqualTo(whole.message().toolCalls()).hasSize(2);
      assertThat(ChatCompletionsFormat.toJson(streamed.message()))
          .as("the next request is the same").isEqualTo(ChatCompletionsFormat.toJson(whole.message()));
      assertThat(streamed.usage()).isEqualTo(whole.usage()).isEqualTo(Usage.of(82, 17));
      assertThat(streamed.finishReasons()).isEqualTo(whole.finishReasons()).containsExactly("tool_calls");
      assertThat(streamed.responseId()).isEqualTo(whole.responseId()).contains("chatcmpl-abc123");
      assertThat(streamed.model()).contains("gpt-4o-mini");
      assertThat(streamed.systemFingerprint()).isEqualTo(whole.systemFingerprint()).contains("fp_44709d6fcb");
      assertThat(streamed.requestId()).contains("req_stream");
      assertThat(whole.requestId()).contains("req_whole");
      assertThat(listener.calls).containsExactly("call_abc123 fold_fragment", "call_def456 get_current_weather");
      assertThat(listener.threads).containsOnly(Thread.currentThread());
      JsonNode sent = server.requests().get(0);
      assertThat(sent.get("stream").asBoolean()).isTrue();
      assertThat(sent.get("stream_options").get("include_usage").asBoolean()).isTrue();
      assertThat(server.requests().get(1).has("stream")).isFalse();
    }
  }

  @Test
  void chat_multibyteTextStreamWithCrLfAndComments_equalsTheWholeAnswer() {
    try (LocalOpenAiServer server = server(WireFixtures.text("chat-stream-text.sse"),
        WireFixtures.text("chat-completion-text-multibyte.json"))) {
      StreamListener listener = new StreamListener();
      OpenAiChatModel model = chat(server.baseUrl());

      ChatResponse streamed = model.chat(request(), listener);
      ChatResponse whole = model.chat(request());

      assertThat(streamed.message().content()).isEqualTo(whole.message().content())
          .isEqualTo("Der aktuelle Wert von key7 ist value4711 — Grüße 👍🏽 数据.");
      assertThat(listener.text.toString()).isEqualTo(streamed.message().content());
      assertThat(listener.pieces).hasSize(9);
      assertThat(streamed.usage()).isEqualTo(whole.usage()).isEqualTo(Usage.of(1931, 24, 1792, 0, 0));
      assertThat(streamed.systemFingerprint()).contains("fp_b3f1157249");
    }
  }

  @Test
  void responses_reasoningStream_equalsTheWholeResponseAndForwardsEveryPiece() {
    try (LocalOpenAiServer server = server(WireFixtures.text("responses-stream-reasoning-function-call.sse"),
        WireFixtures.text("responses-reasoning-function-call.json"))) {
      StreamListener listener = new StreamListener();
      OpenAiResponsesModel model = responses(server.baseUrl());

      ChatResponse streamed = model.chat(request(), listener);
      ChatResponse whole = model.chat(request());

      assertThat(streamed.toBuilder().requestId(null).build()).isEqualTo(whole.toBuilder().requestId(null).build());
      assertThat(listener.text.toString()).isEqualTo("Let me check the weather in Paris.");
      assertThat(listener.reasoning.toString()).startsWith("**Looking up the weather**");
      assertThat(listener.calls).containsExactly("call_Lm4vG3kW0nV3Jx7qQ1aR2sT8 get_weather");
      assertThat(streamed.usage()).isEqualTo(Usage.of(2310, 212, 2048, 0, 128));
      assertThat(server.requests().get(0).get("stream").asBoolean()).isTrue();
      assertThat(server.requests().get(0).get("store").asBoolean(true)).isFalse();
    }
  }

  @Test
  void chat_errorInTheStream_isTheProvidersTypedFailure() {
    String sse = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
        + "{\"role\":\"assistant\",\"content\":\"Par\"},\"finish_reason\":null}]}\n\n"
        + "data: {\"error\":{\"message\":\"The server had an error while processing your request.\","
        + "\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n";
    try (LocalOpenAiServer server = server(sse, "{}")) {
      StreamListener listener = new StreamListener();
      ChatModelException e = catchThrowableOfType(ChatModelException.class,
          () -> chat(server.baseUrl()).chat(request(), listener));

      assertThat(e.kind()).isEqualTo(ChatModelException.Kind.SERVER_ERROR);
      assertThat(e.errorType()).contains("server_error");
      assertThat(e.requestId()).contains("req_stream");
      assertThat(e.getMessage()).contains("in the stream");
      assertThat(listener.text.toString()).isEqualTo("Par");
      assertThat(server.requests()).as("a stream that started is not retried").hasSize(1);
    }
  }

  @Test
  void chat_streamEndingBeforeDone_isAnInvalidResponse() {
    String sse = WireFixtures.text("chat-stream-tool-calls.sse").replace("data: [DONE]\n\n", "");
    try (LocalOpenAiServer server = server(sse, "{}")) {
      ChatModelException e = catchThrowableOfType(ChatModelException.class,
          () -> chat(server.baseUrl()).chat(request(), new StreamListener()));

      assertThat(e.kind()).isEqualTo(ChatModelException.Kind.INVALID_RESPONSE);
      assertThat(e.getMessage()).contains("before [data: [DONE]]");
    }
  }

  @Test
  void responses_failedAndErrorEvents_areTypedFailures() {
    String failed = "event: response.failed\ndata: {\"type\":\"response.failed\",\"sequence_number\":3,\"response\":"
        + "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"failed\",\"error\":{\"code\":\"server_error\","
        + "\"message\":\"The model failed to generate a response.\"},\"output\":[]}}\n\n";
    String error = "event: error\ndata: {\"type\":\"error\",\"sequence_number\":1,\"code\":\"context_length_exceeded\","
        + "\"message\":\"Your input exceeds the context window of this model.\",\"param\":\"input\"}\n\n";
    try (LocalOpenAiServer server = server(failed, "{}")) {
      ChatModelException e = catchThrowableOfType(ChatModelException.class,
          () -> responses(server.baseUrl()).chat(request(), new StreamListener()));
      assertThat(e.kind()).isEqualTo(ChatModelException.Kind.SERVER_ERROR);
      assertThat(e.errorCode()).contains("server_error");
      assertThat(e.providerMessage()).contains("The model failed to generate a response.");
    }
    try (LocalOpenAiServer server = server(error, "{}")) {
      ChatModelException e = catchThrowableOfType(ChatModelException.class,
          () -> responses(server.baseUrl()).chat(request(), new StreamListener()));
      assertThat(e).isInstanceOf(ContextLengthExceededException.class);
      assertThat(e.errorCode()).contains("context_length_exceeded");
      assertThat(e.errorType()).as("the event's type is no error type").isEmpty();
    }
  }

  @Test
  void stream_refusedWith429_isRetriedBeforeItStarts() {
    AtomicInteger calls = new AtomicInteger();
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> calls.incrementAndGet() == 1
        ? LocalOpenAiServer.Reply.error(429, "rate_limit_exceeded", "slow down").withHeader("retry-after-ms", "10")
        : LocalOpenAiServer.Reply.answer("Paris."))) {
      StreamListener listener = new StreamListener();

      ChatResponse response = chat(server.baseUrl()).chat(request(), listener);

      assertThat(response.message().content()).isEqualTo("Paris.");
      assertThat(listener.text.toString()).isEqualTo("Paris.");
      assertThat(server.requests()).hasSize(2);
    }
  }

  @Test
  void stream_serverThatAnswersWhole_isReadWhole() throws Exception {
    try (ScriptedServer server = new ScriptedServer(Reply.json(200, WireFixtures.text("chat-completion-text.json")))) {
      StreamListener listener = new StreamListener();

      ChatResponse response = chat(server.baseUrl()).chat(request(), listener);

      assertThat(response.message().content()).isEqualTo("The current value of key7 is value4711.");
      assertThat(listener.pieces).containsExactly("The current value of key7 is value4711.");
    }
    try (ScriptedServer server = new ScriptedServer(Reply.json(200, WireFixtures.text("chat-completion-tool-calls.json")))) {
      StreamListener listener = new StreamListener();

      ChatResponse response = chat(server.baseUrl()).chat(request(), listener);

      assertThat(listener.calls).as("each call announced, as a stream would have").containsExactly(
          "call_abc123 fold_fragment", "call_def456 get_current_weather");
      assertThat(response.message().toolCalls()).hasSize(2);
    }
  }

  @Test
  void stream_drippedPastTheRequestTimeout_isATimeout() throws Exception {
    ScriptedServer.BodyWriter drip = out -> {
      byte[] bytes = WireFixtures.text("chat-stream-text.sse").getBytes(StandardCharsets.UTF_8);
      for (byte b : bytes) {
        out.write(b);
        out.flush();
        Thread.sleep(20);
      }
    };
    try (ScriptedServer server = new ScriptedServer(Reply.streamed(200, drip)
        .withHeader("Content-Type", "text/event-stream"))) {
      OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(server.baseUrl()).noApiKey().model("m")
          .requestTimeout(Duration.ofMillis(600)).build();
      StreamListener listener = new StreamListener();

      ChatModelException e = catchThrowableOfType(ChatModelException.class, () -> model.chat(request(), listener));

      assertThat(e.kind()).isEqualTo(ChatModelException.Kind.TIMEOUT);
      assertThat(e.getMessage()).contains("stream not complete within [PT0.6S]");
    }
  }

  @Test
  void stream_longerThanMaxResponseBytes_isCutOff() throws Exception {
    ScriptedServer.BodyWriter endless = (OutputStream out) -> {
      byte[] event = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}\n\n".getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 100_000; i++) {
        out.write(event);
      }
    };
    try (ScriptedServer server = new ScriptedServer(Reply.streamed(200, endless)
        .withHeader("Content-Type", "text/event-stream"))) {
      OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(server.baseUrl()).noApiKey().model("m")
          .maxResponseBytes(64 * 1024).build();

      ResponseTooLargeException e = catchThrowableOfType(ResponseTooLargeException.class,
          () -> model.chat(request(), new StreamListener()));

      assertThat(e.maxResponseBytes()).isEqualTo(64 * 1024);
      assertThat(e.getMessage()).contains("stream longer than maxResponseBytes [65536]");
    }
  }

  @Test
  void responses_completedWithoutOutput_isMadeOfTheItemsDone() {
    String sse = "event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"output_index\":0,"
        + "\"item\":{\"type\":\"message\",\"id\":\"msg_1\",\"status\":\"completed\",\"role\":\"assistant\","
        + "\"content\":[{\"type\":\"output_text\",\"text\":\"Hi.\",\"annotations\":[]}]}}\n\n"
        + "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\","
        + "\"object\":\"response\",\"status\":\"completed\",\"output\":[]}}\n\n";
    try (LocalOpenAiServer server = server(sse, "{}")) {
      ChatResponse response = responses(server.baseUrl()).chat(request(), new StreamListener());

      assertThat(response.message().content()).isEqualTo("Hi.");
      assertThat(response.responseId()).contains("resp_1");
    }
  }
}
