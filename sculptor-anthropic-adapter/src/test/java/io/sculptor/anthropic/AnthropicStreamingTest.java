package io.sculptor.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sculptor.anthropic.internal.SseDecoder;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ChatStreamListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Streams cut anywhere, against the raw fault-injecting server: chunk boundaries inside lines, line
 * breaks and UTF-8 characters, tool input JSON in arbitrary pieces, error events mid-stream,
 * streams that stall or break off.
 */
class AnthropicStreamingTest {
  private static final ChatRequest REQUEST = ChatRequest.of(List.of(Message.user("Weather in Oslo?")));

  /** A stream as the API sends it: thinking with a signature, text with multi-byte characters, a tool call. */
  static final String STREAM = String.join("",
      "event: message_start\n",
      "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\","
          + "\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
          + "\"usage\":{\"input_tokens\":25,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":100,\"output_tokens\":1}}}\n\n",
      "event: ping\ndata: {\"type\": \"ping\"}\n\n",
      ": a comment line\n\n",
      "event: content_block_start\r\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}\r\n\r\n",
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Oslo → weather tool, \"}}\n\n",
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"in °C.\"}}\n\n",
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"EqQBCgIYAhIM1gbcDa9GJwZA\"}}\n\n",
      "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
      "event: content_block_start\rdata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\r\r",
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Let me check 😀 \"}}\n\n",
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"— Ørsta too.\"}}\n\n",
      "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n",
      "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"get_weather\",\"input\":{}}}\n\n",
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}\n\n",
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"loca\"}}\n\n",
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"tion\\\": \\\"Oslo, No\"}}\n\n",
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"rway\\\", \\\"unit\\\": \\\"°C\\\"}\"}}\n\n",
      "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":2}\n\n",
      "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":89}}\n\n",
      "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

  @Property(tries = 300)
  void decoder_givesTheSameEventsWhereverTheBytesAreCut(@ForAll("cuts") List<Integer> cuts) {
    byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
    List<SseDecoder.Event> whole = decodeAll(List.of(bytes));

    List<SseDecoder.Event> pieces = decodeAll(split(bytes, cuts));

    assertThat(pieces).isEqualTo(whole).hasSize(19);
  }

  @Provide
  Arbitrary<List<Integer>> cuts() {
    int length = STREAM.getBytes(StandardCharsets.UTF_8).length;
    return Arbitraries.integers().between(1, length - 1).list().ofMaxSize(40);
  }

  private static List<SseDecoder.Event> decodeAll(List<byte[]> chunks) {
    SseDecoder decoder = new SseDecoder();
    List<SseDecoder.Event> events = new ArrayList<>();
    chunks.forEach(c -> events.addAll(decoder.feed(c)));
    events.addAll(decoder.finish());
    return events;
  }

  static List<byte[]> split(byte[] bytes, List<Integer> cuts) {
    int[] at = cuts.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
    List<byte[]> pieces = new ArrayList<>();
    int from = 0;
    for (int cut : at) {
      pieces.add(Arrays.copyOfRange(bytes, from, cut));
      from = cut;
    }
    pieces.add(Arrays.copyOfRange(bytes, from, bytes.length));
    return pieces;
  }

  static List<byte[]> everyByte(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    List<byte[]> pieces = new ArrayList<>();
    for (byte b : bytes) {
      pieces.add(new byte[] {b});
    }
    return pieces;
  }

  private static AnthropicChatModel model(RawServer server) {
    return AnthropicChatModelTest.model(server.baseUrl()).maxAttempts(2).build();
  }

  @Test
  void streamSentByteByByte_arrivesWholeWithToolInputFromItsPieces() throws IOException {
    try (RawServer server = new RawServer(new RawServer.Reply(200, "text/event-stream", everyByte(STREAM), 0))) {
      StringBuilder text = new StringBuilder();
      StringBuilder thinking = new StringBuilder();
      List<String> calls = new ArrayList<>();
      ChatResponse response = model(server).chat(REQUEST, new ChatStreamListener() {
        @Override
        public void onText(String delta) {
          text.append(delta);
        }

        @Override
        public void onReasoning(String delta) {
          thinking.append(delta);
        }

        @Override
        public void onToolCall(String id, String name) {
          calls.add(id + ":" + name);
        }
      });

      assertThat(text).hasToString("Let me check 😀 — Ørsta too.");
      assertThat(thinking).hasToString("Oslo → weather tool, in °C.");
      assertThat(calls).containsExactly("toolu_01:get_weather");
      assertThat(response.message().content()).isEqualTo("Let me check 😀 — Ørsta too.");
      assertThat(response.message().toolCalls()).containsExactly(
          new ToolCall("toolu_01", "get_weather", "{\"location\":\"Oslo, Norway\",\"unit\":\"°C\"}"));
      assertThat(response.usage().promptTokens()).isEqualTo(125);
      assertThat(response.usage().cachedPromptTokens()).isEqualTo(100);
      assertThat(response.usage().completionTokens()).isEqualTo(89);
      assertThat(response.finishReason()).contains("tool_use");
      assertThat(response.responseId()).contains("msg_01");
      assertThat(response.requestId()).contains("req_raw");
      var thinkingBlock = MessagesFormat.messages(List.of(response.message())).get(0).get("content").get(0);
      assertThat(thinkingBlock.get("thinking").asText()).isEqualTo("Oslo → weather tool, in °C.");
      assertThat(thinkingBlock.get("signature").asText()).isEqualTo("EqQBCgIYAhIM1gbcDa9GJwZA");
    }
  }

  @Test
  void toolInputCutOffByMaxTokens_keepsTheRawTextForTheToolToRefuse() throws IOException {
    String cut = STREAM.substring(0, STREAM.indexOf("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,"
        + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"rway"))
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":2}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\"},\"usage\":{\"output_tokens\":4096}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    try (RawServer server = new RawServer(new RawServer.Reply(200, "text/event-stream", List.of(cut.getBytes(StandardCharsets.UTF_8)), 0))) {
      ChatResponse response = model(server).chat(REQUEST, ChatStreamListener.NONE);

      assertThat(response.finishReason()).contains("max_tokens");
      assertThat(response.message().toolCalls()).containsExactly(
          new ToolCall("toolu_01", "get_weather", "{\"location\": \"Oslo, No"));
      assertThat(MessagesFormat.messages(List.of(response.message())).get(0).get("content").get(2).get("input").toString())
          .isEqualTo("{}");
    }
  }

  @Test
  void errorEventAfterTextReachedTheListener_failsWithoutRetry() throws IOException {
    String broken = STREAM.substring(0, STREAM.indexOf("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}"))
        + "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n";
    try (RawServer server = new RawServer(new RawServer.Reply(200, "text/event-stream", List.of(broken.getBytes(StandardCharsets.UTF_8)), 0),
        new RawServer.Reply(200, "text/event-stream", List.of(STREAM.getBytes(StandardCharsets.UTF_8)), 0))) {
      StringBuilder seen = new StringBuilder();
      assertThatThrownBy(() -> model(server).chat(REQUEST, new ChatStreamListener() {
        @Override
        public void onText(String delta) {
          seen.append(delta);
        }
      })).isInstanceOfSatisfying(ChatModelException.class, e -> {
        assertThat(e.kind()).isEqualTo(ChatModelException.Kind.SERVER_ERROR);
        assertThat(e.errorType()).contains("overloaded_error");
        assertThat(e.requestId()).contains("req_raw");
      });
      assertThat(seen).isNotEmpty();
      assertThat(server.requests()).isEqualTo(1);
    }
  }

  @Test
  void errorEventBeforeAnythingReachedTheListener_isRetried() throws IOException {
    String early = STREAM.substring(0, STREAM.indexOf("event: ping"))
        + "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n";
    try (RawServer server = new RawServer(new RawServer.Reply(200, "text/event-stream", List.of(early.getBytes(StandardCharsets.UTF_8)), 0),
        new RawServer.Reply(200, "text/event-stream", List.of(STREAM.getBytes(StandardCharsets.UTF_8)), 0))) {
      ChatResponse response = model(server).chat(REQUEST, ChatStreamListener.NONE);

      assertThat(response.message().content()).isEqualTo("Let me check 😀 — Ørsta too.");
      assertThat(server.requests()).isEqualTo(2);
    }
  }

  @Test
  void streamThatBreaksOffBeforeMessageStop_isAnInvalidResponse() throws IOException {
    String half = STREAM.substring(0, STREAM.indexOf("event: message_delta"));
    try (RawServer server = new RawServer(new RawServer.Reply(200, "text/event-stream", List.of(half.getBytes(StandardCharsets.UTF_8)), 0))) {
      assertThatThrownBy(() -> model(server).chat(REQUEST, ChatStreamListener.NONE))
          .isInstanceOfSatisfying(ChatModelException.class, e ->
              assertThat(e.kind()).isEqualTo(ChatModelException.Kind.INVALID_RESPONSE))
          .hasMessageContaining("[message_stop]");
    }
  }

  @Test
  void streamThatStalls_endsAtTheRequestTimeout() throws IOException {
    try (RawServer server = new RawServer(
        new RawServer.Reply(200, "text/event-stream", everyByte(STREAM.substring(0, 400)), 100))) {
      AnthropicChatModel model = AnthropicChatModelTest.model(server.baseUrl()).maxAttempts(1)
          .requestTimeout(Duration.ofMillis(600)).build();
      long started = System.nanoTime();
      assertThatThrownBy(() -> model.chat(REQUEST, ChatStreamListener.NONE))
          .isInstanceOfSatisfying(ChatModelException.class, e ->
              assertThat(e.kind()).isEqualTo(ChatModelException.Kind.TIMEOUT))
          .hasMessageContaining("did not end");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }
  }

  @Test
  void bodyLongerThanMaxResponseBytes_isNotReadFurther() throws IOException {
    byte[] big = new byte[64 * 1024];
    Arrays.fill(big, (byte) ' ');
    try (RawServer server = new RawServer(new RawServer.Reply(200, "application/json", List.of(big, big, big), 0))) {
      AnthropicChatModel model = AnthropicChatModelTest.model(server.baseUrl()).maxResponseBytes(100_000).build();
      assertThatThrownBy(() -> model.chat(REQUEST))
          .isInstanceOfSatisfying(ChatModelException.class, e ->
              assertThat(e.kind()).isEqualTo(ChatModelException.Kind.INVALID_RESPONSE))
          .hasMessageContaining("maxResponseBytes [100000]");
      assertThat(server.requests()).isEqualTo(1);
    }
  }

  @Test
  void listenerThatThrows_abortsTheCallWithItsException() throws IOException {
    try (RawServer server = new RawServer(new RawServer.Reply(200, "text/event-stream", List.of(STREAM.getBytes(StandardCharsets.UTF_8)), 0))) {
      IllegalStateException stop = new IllegalStateException("user pressed stop");
      assertThatThrownBy(() -> model(server).chat(REQUEST, new ChatStreamListener() {
        @Override
        public void onText(String delta) {
          throw stop;
        }
      })).isSameAs(stop);
      assertThat(server.requests()).isEqualTo(1);
    }
  }
}
