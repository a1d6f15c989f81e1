package io.sculptor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sculptor.core.ToolCall;
import io.sculptor.testing.LocalOpenAiServer.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalOpenAiServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HELLO = "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";
  private static final String STREAM_HELLO = HELLO.replace("{\"model\"", "{\"stream\": true, \"model\"");

  /** What a client received: status, one header and the body. */
  private record Response(int status, String contentType, String retryAfter, String body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  private static Response send(LocalOpenAiServer server, String method, String path, String body) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + server.port() + path)
        .openConnection();
    connection.setRequestMethod(method);
    connection.setConnectTimeout(5_000);
    connection.setReadTimeout(5_000);
    if (body != null) {
      connection.setDoOutput(true);
      connection.setRequestProperty("Content-Type", "application/json");
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body.getBytes(StandardCharsets.UTF_8));
      }
    }
    int status = connection.getResponseCode();
    InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
    String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    return new Response(status, connection.getContentType(), connection.getHeaderField("Retry-After"), text);
  }

  private static Response post(LocalOpenAiServer server, String body) throws IOException {
    return send(server, "POST", "/v1/chat/completions", body);
  }

  @Test
  void post_answersWithTheHandlersReply_andRecordsTheParsedRequest() throws IOException {
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request ->
        Reply.answer("you said " + request.get("messages").get(0).get("content").asText()))) {
      Response response = post(server, HELLO);

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.contentType()).isEqualTo("application/json");
      JsonNode choice = response.json().get("choices").get(0);
      assertThat(choice.get("message").get("content").asText()).isEqualTo("you said hi");
      assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
      assertThat(server.requests()).containsExactly(JSON.readTree(HELLO));
    }
  }

  @Test
  void baseUrl_isTheLoopbackAddressWithThePortAndV1() {
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> Reply.answer("x"))) {
      assertThat(server.port()).isPositive();
      assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/v1");
      assertThat(server).hasToString("LocalOpenAiServer[" + server.baseUrl() + "]");
    }
  }

  @Test
  void reply_statusHeadersAndBody_areSentAsTheyAre() throws IOException {
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request ->
        Reply.error(429, "rate_limit_exceeded", "slow down").withHeader("Retry-After", "1"))) {
      Response response = post(server, HELLO);

      assertThat(response.status()).isEqualTo(429);
      assertThat(response.retryAfter()).isEqualTo("1");
      assertThat(response.json().get("error").get("message").asText()).isEqualTo("slow down");
      assertThat(response.json().get("error").get("type").asText()).isEqualTo("rate_limit_exceeded");
    }
  }

  @Test
  void replyOf_sendsAnyBody_evenOneThatIsNotJson() throws IOException {
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request ->
        Reply.of(502, "<html>Bad gateway</html>").withHeader("content-type", "text/html"))) {
      Response response = post(server, HELLO);
      assertThat(response.status()).isEqualTo(502);
      assertThat(response.contentType()).isEqualTo("text/html");
      assertThat(response.body()).isEqualTo("<html>Bad gateway</html>");
    }
  }

  @Test
  void toolCalls_makeACompletionWithTheCallsAsWritten() throws IOException {
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> Reply.toolCalls(
        new ToolCall("call_a", "fold_fragment", "{\"fragment_id\": \"f1a2b3\"}"),
        new ToolCall("call_b", "search_context", "not json")))) {
      JsonNode choice = post(server, HELLO).json().get("choices").get(0);

      assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
      JsonNode message = choice.get("message");
      assertThat(message.get("content").isNull()).isTrue();
      assertThat(message.get("tool_calls")).hasSize(2);
      assertThat(message.get("tool_calls").get(1).get("function").get("arguments").asText()).isEqualTo("not json");
      assertThat(message.get("tool_calls").get(0).get("id").asText()).isEqualTo("call_a");
    }
  }

  @Test
  void handlerThrows_isA500NamingTheException() throws IOException {
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> {
      throw new IllegalStateException("no answer for this request");
    })) {
      Response response = post(server, HELLO);
      assertThat(response.status()).isEqualTo(500);
      assertThat(response.json().get("error").get("message").asText())
          .contains("IllegalStateException: no answer for this request");
      assertThat(server.requests()).hasSize(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "[1, 2]"})
  void badRequestBody_isA400_andNotRecorded(String body) throws IOException {
    AtomicInteger calls = new AtomicInteger();
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> {
      calls.incrementAndGet();
      return Reply.answer("x");
    })) {
      Response response = post(server, body);
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.json().get("error").get("type").asText()).isEqualTo("invalid_request_error");
      assertThat(server.requests()).isEmpty();
      assertThat(calls).hasValue(0);
    }
  }

  @Test
  void otherPathOrMethod_isA404Or405() throws IOException {
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> Reply.answer("x"))) {
      Response models = send(server, "GET", "/v1/models", null);
      assertThat(models.status()).isEqualTo(404);
      assertThat(models.json().get("error").get("message").asText()).contains("[GET /v1/models]");
      assertThat(send(server, "GET", "/v1/chat/completions", null).status()).isEqualTo(405);
      assertThat(server.requests()).isEmpty();
    }
  }

  @Test
  void requests_areCopiesThatTheHandlerAndCallerCannotChange() throws IOException {
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> {
      ((com.fasterxml.jackson.databind.node.ObjectNode) request).put("model", "changed by the handler");
      return Reply.answer("x");
    })) {
      post(server, HELLO);
      ((com.fasterxml.jackson.databind.node.ObjectNode) server.requests().get(0)).put("model", "changed by the test");
      assertThat(server.requests().get(0).get("model").asText()).isEqualTo("m");
      assertThatThrownBy(() -> server.requests().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void close_stopsListening_andMayBeCalledTwice() {
    LocalOpenAiServer server = LocalOpenAiServer.start(request -> Reply.answer("x"));
    server.close();
    server.close();
    assertThatThrownBy(() -> post(server, HELLO)).isInstanceOf(ConnectException.class);
  }

  @Test
  void streamRequest_getsTheAnswerAsChunksEndingWithDone() throws IOException {
    ToolCall call = new ToolCall("call_1", "get_weather", "{\"city\": \"Zürich 👍🏽\"}");
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> request.path("messages").size() > 1
        ? Reply.answer("Sunny, 21 °C in Zürich.") : Reply.toolCalls(call))) {
      for (String body : new String[] {STREAM_HELLO, STREAM_HELLO.replace("]", ", {\"role\": \"user\", \"content\": \"?\"}]")}) {
        Response response = post(server, body);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("text/event-stream");
        assertThat(response.body()).endsWith("data: [DONE]\n\n");
        StringBuilder text = new StringBuilder();
        StringBuilder arguments = new StringBuilder();
        JsonNode last = null;
        int chunks = 0;
        for (String event : response.body().split("\n\n")) {
          String data = event.substring("data: ".length());
          if (data.equals("[DONE]")) {
            break;
          }
          last = JSON.readTree(data);
          chunks++;
          assertThat(last.get("object").asText()).isEqualTo("chat.completion.chunk");
          for (JsonNode choice : last.get("choices")) {
            text.append(choice.get("delta").path("content").asText(""));
            for (JsonNode c : choice.get("delta").path("tool_calls")) {
              arguments.append(c.path("function").path("arguments").asText(""));
            }
          }
        }
        assertThat(chunks).isGreaterThan(3);
        assertThat(last.get("choices")).isEmpty();
        assertThat(last.get("usage").get("total_tokens").asInt()).isZero();
        assertThat(text + "" + arguments).isIn("Sunny, 21 °C in Zürich.", call.arguments());
      }
    }
  }

  @Test
  void responsesPath_isServed_andStreamsTypedEventsEndingWithTheWholeResponse() throws IOException {
    JsonNode answer = JSON.readTree("{\"id\": \"resp_1\", \"object\": \"response\", \"status\": \"completed\","
        + " \"output\": [{\"type\": \"message\", \"id\": \"msg_1\", \"status\": \"completed\", \"role\": \"assistant\","
        + " \"content\": [{\"type\": \"output_text\", \"text\": \"Hello there\", \"annotations\": []}]},"
        + " {\"type\": \"function_call\", \"id\": \"fc_1\", \"call_id\": \"call_1\", \"name\": \"f\", \"arguments\": \"{\\\"a\\\": 1}\"}]}");
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> Reply.ok(answer))) {
      String input = "{\"model\": \"m\", \"input\": \"hi\"";
      assertThat(send(server, "POST", "/v1/responses", input + "}").json()).isEqualTo(answer);

      Response streamed = send(server, "POST", "/v1/responses", input + ", \"stream\": true}");

      assertThat(streamed.contentType()).isEqualTo("text/event-stream");
      StringBuilder text = new StringBuilder();
      StringBuilder arguments = new StringBuilder();
      JsonNode completed = null;
      for (String event : streamed.body().split("\n\n")) {
        String[] lines = event.split("\n");
        JsonNode data = JSON.readTree(lines[1].substring("data: ".length()));
        assertThat(lines[0]).isEqualTo("event: " + data.get("type").asText());
        switch (data.get("type").asText()) {
          case "response.output_text.delta" -> text.append(data.get("delta").asText());
          case "response.function_call_arguments.delta" -> arguments.append(data.get("delta").asText());
          case "response.completed" -> completed = data.get("response");
          default -> { }
        }
      }
      assertThat(text.toString()).isEqualTo("Hello there");
      assertThat(arguments.toString()).isEqualTo("{\"a\": 1}");
      assertThat(completed).isEqualTo(answer);
      assertThat(server.requests()).hasSize(2);
    }
  }

  @Test
  void sseReply_andCutBodies_areSentAsTheyAre() throws IOException {
    String events = "data: {\"error\": {\"message\": \"overloaded\", \"type\": \"server_error\"}}\n\n";
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> request.has("stream")
        ? Reply.sse(events) : Reply.answer("Grüße 👍🏽").cutAt(1, 40, 41, 42, 9999))) {
      Response stream = post(server, STREAM_HELLO);
      assertThat(stream.contentType()).isEqualTo("text/event-stream");
      assertThat(stream.body()).isEqualTo(events);
      assertThat(post(server, HELLO).json().get("choices").get(0).get("message").get("content").asText())
          .isEqualTo("Grüße 👍🏽");
    }
    assertThat(Reply.answer("a").cutAt(5, 2)).isEqualTo(Reply.answer("a").cutAt(2, 5))
        .isNotEqualTo(Reply.answer("a"));
    assertThat(Reply.answer("a").cutAt(5, 2).cuts()).containsExactly(2, 5);
  }

  @Test
  void reply_isAValue() {
    assertThat(Reply.answer("a")).isEqualTo(Reply.answer("a")).hasSameHashCodeAs(Reply.answer("a"))
        .isNotEqualTo(Reply.answer("b")).isNotEqualTo(Reply.answer("a").withHeader("x-request-id", "1"));
    Reply reply = Reply.of(200, "{}");
    assertThat(reply.withHeader("X-Trace", "1").headers()).isEqualTo(Map.of("Content-Type", "application/json",
        "X-Trace", "1"));
    assertThat(reply.headers()).containsOnlyKeys("Content-Type");
    assertThat(reply.withHeader("CONTENT-TYPE", "text/plain").headers()).isEqualTo(Map.of("CONTENT-TYPE", "text/plain"));
    assertThat(Reply.error(400, "invalid_request_error", "bad").status()).isEqualTo(400);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 100, 199, 600})
  void reply_statusOutsideTheRange_isRefusedNamingIt(int status) {
    assertThatThrownBy(() -> Reply.of(status, "{}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[" + status + "]");
  }

  @Test
  void toolCalls_none_isRefused() {
    assertThatThrownBy(Reply::toolCalls).isInstanceOf(IllegalArgumentException.class);
  }
}
