package io.sculptor.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.RoleFilter;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ContextLengthExceededException;
import io.sculptor.model.ToolChoice;
import io.sculptor.openai.ScriptedServer.Reply;
import io.sculptor.openai.internal.OpenAiHttp;
import io.sculptor.tools.SculptorTools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP chat model against a real local HTTP server. */
class OpenAiChatModelTest {
  private static final String KEY = "sk-test-secret-0123456789";

  private static OpenAiChatModel model(ScriptedServer server, int attempts) {
    return OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey(KEY).model("gpt-test")
        .parameter("temperature", 0).maxAttempts(attempts)
        .initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofSeconds(2))
        .requestTimeout(Duration.ofSeconds(5)).build();
  }

  private static ChatRequest simpleRequest() {
    return ChatRequest.of(List.of(Message.user("hi")), List.of(), ToolChoice.auto());
  }

  /** Every attempt sent exactly the body of {@link #simpleRequest()}, with the key and the JSON type. */
  private static void assertSimpleRequests(ScriptedServer server, int attempts) throws Exception {
    JsonNode expected = WireFixtures.JSON.readTree(
        "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":0}");
    assertThat(server.received()).hasSize(attempts).allSatisfy(r -> {
      assertThat(r.path()).isEqualTo("/v1/chat/completions");
      assertThat(WireFixtures.JSON.readTree(r.body())).isEqualTo(expected);
      assertThat(r.header("Authorization")).isEqualTo("Bearer " + KEY);
      assertThat(r.header("Content-Type")).isEqualTo("application/json");
    });
  }

  @Test
  void chat_toolCalls_sendsTheViewAndToolsAndReturnsTheCalls() throws Exception {
    ContextState state = ContextState.of(Conversation.of(Message.system("Be brief."),
        Message.user("BEGIN alpha beta gamma END and the question")));
    var made = state.fragmentBetween("BEGIN", "END", RoleFilter.USER, 1);
    String id = made.value().fragments().get(0).id().value();
    state = made.state().fold(made.value().fragments().get(0).id()).state();
    try (ScriptedServer server = new ScriptedServer(Reply.json(200, WireFixtures.text("chat-completion-tool-calls.json")))) {
      ChatResponse response = model(server, 3).chat(ChatRequest.of(state.view().messages(),
          SculptorTools.specs(), ToolChoice.required()));

      assertThat(response.message().toolCalls()).hasSize(2);
      assertThat(response.usage().totalTokens()).isEqualTo(99);
      ScriptedServer.Received request = server.received().get(0);
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.path()).isEqualTo("/v1/chat/completions");
      assertThat(request.header("Authorization")).isEqualTo("Bearer " + KEY);
      assertThat(request.header("Content-Type")).isEqualTo("application/json");
      JsonNode body = WireFixtures.JSON.readTree(request.body());
      JsonNode expectedMessages = WireFixtures.JSON.readTree("[{\"role\":\"system\",\"content\":\"Be brief.\"},"
          + "{\"role\":\"user\",\"content\":\"[fragment " + id + " folded: 26 characters hidden; restore_fragment " + id
          + " shows them] and the question\"}]");
      assertThat(body.get("messages")).isEqualTo(expectedMessages);
      assertThat(body.get("model").asText()).isEqualTo("gpt-test");
      assertThat(body.get("tool_choice").asText()).isEqualTo("required");
      assertThat(body.get("temperature").asInt()).isZero();
      assertThat(body.get("tools")).hasSize(6);
      List<String> names = new java.util.ArrayList<>();
      body.get("tools").forEach(t -> names.add(t.get("function").get("name").asText()));
      assertThat(names).containsExactlyElementsOf(SculptorTools.NAMES);
      assertThat(body.get("tools").get(4).get("function").get("parameters").get("required").toString())
          .isEqualTo("[\"query\"]");
      assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("model", "messages", "tools", "tool_choice", "temperature");
    }
  }

  @Test
  void chat_429WithRetryAfter_waitsAndSucceeds() throws Exception {
    try (ScriptedServer server = new ScriptedServer(
        Reply.json(429, WireFixtures.text("error-rate-limit.json")).withHeader("retry-after-ms", "300"),
        Reply.json(200, WireFixtures.text("chat-completion-text.json")))) {
      ChatResponse response = model(server, 3).chat(simpleRequest());
      assertThat(response.message().content()).isEqualTo("The current value of key7 is value4711.");
      assertSimpleRequests(server, 2);
      List<ScriptedServer.Received> requests = server.received();
      assertThat(Duration.ofNanos(requests.get(1).nanoTime() - requests.get(0).nanoTime()))
          .as("the second attempt waited for retry-after-ms").isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
  }

  @Test
  void chat_retryAfterInSeconds_isHonoured() throws Exception {
    try (ScriptedServer server = new ScriptedServer(
        Reply.json(429, WireFixtures.text("error-rate-limit.json")).withHeader("Retry-After", "1"),
        Reply.json(200, WireFixtures.text("chat-completion-text.json")))) {
      model(server, 2).chat(simpleRequest());
      assertSimpleRequests(server, 2);
      List<ScriptedServer.Received> requests = server.received();
      assertThat(Duration.ofNanos(requests.get(1).nanoTime() - requests.get(0).nanoTime()))
          .isGreaterThanOrEqualTo(Duration.ofMillis(1000));
    }
  }

  @Test
  void chat_retryAfterLongerThanMaxBackoff_failsWithoutWaiting() throws Exception {
    try (ScriptedServer server = new ScriptedServer(
        Reply.json(429, WireFixtures.text("error-rate-limit.json")).withHeader("Retry-After", "3600"))) {
      ChatModelException e = catchThrowableOfType(ChatModelException.class, () -> model(server, 3).chat(simpleRequest()));
      assertThat(e.kind()).isEqualTo(ChatModelException.Kind.RATE_LIMITED);
      assertThat(e.getMessage()).contains("retry after [PT1H]");
      assertSimpleRequests(server, 1);
    }
  }

  @ParameterizedTest
  @CsvSource({"retry-after-ms, NaN", "retry-after-ms, -5", "retry-after-ms, Infinity", "retry-after-ms, -Infinity",
      "Retry-After, NaN", "Retry-After, -5", "Retry-After, Infinity", "Retry-After, -Infinity", "Retry-After, 0x10p0"})
  void chat_unusableRetryAfter_countsAsAbsentAndTheBackoffApplies(String header, String value) throws Exception {
    assertThat(OpenAiHttp.retryAfter(HttpHeaders.of(Map.of(header, List.of(value)), (a, b) -> true)))
        .as("no usable wait, so the exponential backoff applies").isNull();
    try (ScriptedServer server = new ScriptedServer(
        Reply.json(429, WireFixtures.text("error-rate-limit.json")).withHeader(header, value),
        Reply.json(200, WireFixtures.text("chat-completion-text.json")))) {
      OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey(KEY).model("gpt-test")
          .parameter("temperature", 0).maxAttempts(2)
          .initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofSeconds(2)).build();

      assertThat(model.chat(simpleRequest()).finishReason()).contains("stop");
      assertSimpleRequests(server, 2);
    }
  }

  @Test
  void retryAfter_usableValues_areRead() {
    assertThat(OpenAiHttp.retryAfter(HttpHeaders.of(Map.of("retry-after-ms", List.of("250.5")), (a, b) -> true)))
        .isEqualTo(Duration.ofMillis(251));
    assertThat(OpenAiHttp.retryAfter(HttpHeaders.of(Map.of("Retry-After", List.of("3")), (a, b) -> true)))
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(OpenAiHttp.retryAfter(HttpHeaders.of(Map.of(), (a, b) -> true))).isNull();
  }

  @Test
  void fullJitter_drawsFromZeroToTheDoubledBackoffCappedAtTheMaximum() {
    SplittableRandom random = new SplittableRandom(7);
    Duration initial = Duration.ofMillis(100);
    Duration max = Duration.ofMillis(1000);
    for (int attempt = 1; attempt <= 6; attempt++) {
      long ceiling = Math.min(1000, 100L << (attempt - 1));
      long[] waits = new long[2000];
      for (int i = 0; i < waits.length; i++) {
        waits[i] = OpenAiHttp.fullJitter(initial, max, attempt, random).toMillis();
      }
      assertThat(Arrays.stream(waits).min().getAsLong()).isGreaterThanOrEqualTo(0L);
      assertThat(Arrays.stream(waits).max().getAsLong()).isLessThanOrEqualTo(ceiling);
      assertThat(Arrays.stream(waits).filter(w -> w < ceiling / 2).count())
          .as("full jitter also draws from the lower half (attempt %d)", attempt).isBetween(800L, 1200L);
      assertThat(Arrays.stream(waits).max().getAsLong()).isGreaterThan(ceiling * 9 / 10);
    }
  }

  @Test
  void chat_unusableRetryAfterMsAndValidRetryAfter_waitsRetryAfter() throws Exception {
    try (ScriptedServer server = new ScriptedServer(
        Reply.json(429, WireFixtures.text("error-rate-limit.json")).withHeader("retry-after-ms", "NaN")
            .withHeader("Retry-After", "1"),
        Reply.json(200, WireFixtures.text("chat-completion-text.json")))) {
      model(server, 2).chat(simpleRequest());
      List<ScriptedServer.Received> requests = server.received();
      assertThat(Duration.ofNanos(requests.get(1).nanoTime() - requests.get(0).nanoTime()))
          .isGreaterThanOrEqualTo(Duration.ofMillis(1000));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"error\": {\"message\": \"You exceeded your current quota\", \"type\": \"insufficient_quota\"}}",
      "{\"error\": {\"message\": \"You exceeded your current quota\", \"code\": \"insufficient_quota\"}}"})
  void chat_429InsufficientQuota_throwsAtOnceWithoutRetrying(String body) throws Exception {
    try (ScriptedServer server = new ScriptedServer(Reply.json(429, body), Reply.json(429, body), Reply.json(429, body))) {
      ChatModelException e = catchThrowableOfType(ChatModelException.class, () -> model(server, 3).chat(simpleRequest()));

      assertThat(e.kind()).isEqualTo(ChatModelException.Kind.RATE_LIMITED);
      assertThat(e.status()).hasValue(429);
      assertThat(e.errorType().or(e::errorCode)).contains("insufficient_quota");
      assertThat(e.getMessage()).contains("[insufficient_quota]").contains("after 1 attempt(s)");
      assertSimpleRequests(server, 1);
    }
  }

  @Test
  void chat_429InsufficientQuotaAsOpenAiSendsIt_carriesTypeAndCode() throws Exception {
    try (ScriptedServer server = new ScriptedServer(
        Reply.json(429, WireFixtures.text("error-insufficient-quota.json")).withHeader("Retry-After", "1"),
        Reply.json(200, WireFixtures.text("chat-completion-text.json")))) {
      ChatModelException e = catchThrowableOfType(ChatModelException.class, () -> model(server, 3).chat(simpleRequest()));

      assertThat(e.errorType()).contains("insufficient_quota");
      assertThat(e.errorCode()).contains("insufficient_quota");
      assertThat(e.providerMessage().orElseThrow()).startsWith("You exceeded your current quota");
      assertSimpleRequests(server, 1);
    }
  }

  @Test
  void chat_twoServerErrorsThenSuccess_succeedsOnTheThirdAttempt() throws Exception {
    try (ScriptedServer server = new ScriptedServer(
        Reply.json(500, WireFixtures.text("error-server.json")),
        Reply.json(502, "<html>Bad gateway</html>"),
        Reply.json(200, WireFixtures.text("chat-completion-text.json")))) {
      assertThat(model(server, 4).chat(simpleRequest()).finishReason()).contains("stop");
      assertSimpleRequests(server, 3);
    }
  }

  @Test
  void chat_attemptsExhausted_throwsServerErrorWithDetails() throws Exception {
    try (ScriptedServer server = new ScriptedServer(
        Reply.json(503, WireFixtures.text("error-server.json")),
        Reply.json(503, WireFixtures.text("error-server.json")),
        Reply.json(503, WireFixtures.text("error-server.json")))) {
      ChatModelException e = catchThrowableOfType(ChatModelException.class, () -> model(server, 3).chat(simpleRequest()));
      assertThat(e.kind()).isEqualTo(ChatModelException.Kind.SERVER_ERROR);
      assertThat(e.status()).hasValue(503);
      assertThat(e.errorType()).contains("server_error");
      assertThat(e.requestId()).contains("req_503");
      assertThat(e.getMessage()).contains("HTTP [503]").contains("after 3 attempt(s)");
      assertSimpleRequests(server, 3);
    }
  }

  @Test
  void chat_requestTimeout_throwsTimeoutAfterEveryAttempt() throws Exception {
    try (ScriptedServer server = new ScriptedServer(
        Reply.json(200, WireFixtures.text("chat-completion-text.json")).delayed(1500),
        Reply.json(200, WireFixtures.text("chat-completion-text.json")).delayed(1500))) {
      OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey(KEY).model("gpt-test")
          .parameter("temperature", 0).requestTimeout(Duration.ofMillis(200)).maxAttempts(2)
          .initialBackoff(Duration.ofMillis(10)).build();
      ChatModelException e = catchThrowableOfType(ChatModelException.class, () -> model.chat(simpleRequest()));
      assertThat(e.kind()).isEqualTo(ChatModelException.Kind.TIMEOUT);
      assertSimpleRequests(server, 2);
      assertThat(e.getMessage()).contains("no response within [PT0.2S]").contains("after 2 attempt(s)");
    }
  }

  /** Sends up to {@code total} spaces in 64 KiB chunks, counting the bytes the client took. */
  private static ScriptedServer.BodyWriter spaces(long total, AtomicLong written) {
    return out -> {
      byte[] chunk = new byte[64 * 1024];
      Arrays.fill(chunk, (byte) ' ');
      for (long sent = 0; sent < total; sent += chunk.length) {
        out.write(chunk);
        written.addAndGet(chunk.length);
      }
    };
  }

  private static OpenAiChatModel cappedModel(ScriptedServer server, int maxResponseBytes) {
    return OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey(KEY).model("gpt-test")
        .parameter("temperature", 0).maxAttempts(3).initialBackoff(Duration.ofMillis(10))
        .maxResponseBytes(maxResponseBytes).build();
  }

  @Test
  void chat_bodyDrippedSlowerThanTheRequestTimeout_throwsTimeout() throws Exception {
    byte[] completion = WireFixtures.text("chat-completion-text.json").getBytes(StandardCharsets.UTF_8);
    ScriptedServer.BodyWriter drip = out -> {
      for (byte b : completion) {   // a valid completion, one byte every 25 ms: 20 s in all
        out.write(b);
        out.flush();
        Thread.sleep(25);
      }
    };
    try (ScriptedServer server = new ScriptedServer(Reply.streamed(200, drip), Reply.streamed(200, drip))) {
      OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey(KEY).model("gpt-test")
          .parameter("temperature", 0).requestTimeout(Duration.ofSeconds(1)).maxAttempts(2)
          .initialBackoff(Duration.ofMillis(10)).build();
      long start = System.nanoTime();
      ChatModelException e = catchThrowableOfType(ChatModelException.class, () -> model.chat(simpleRequest()));

      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("two attempts of at most 1 s each")
          .isLessThan(Duration.ofSeconds(10));
      assertThat(e.kind()).isEqualTo(ChatModelException.Kind.TIMEOUT);
      assertThat(e.getMessage()).contains("[PT1S]").contains("after 2 attempt(s)");
      assertSimpleRequests(server, 2);
    }
  }

  @Test
  void chat_bodyLongerThanMaxResponseBytes_throwsResponseTooLargeWithoutReadingIt() throws Exception {
    AtomicLong written = new AtomicLong();
    long total = 256L * 1024 * 1024;
    try (ScriptedServer server = new ScriptedServer(Reply.streamed(200, spaces(total, written)))) {
      ResponseTooLargeException e = catchThrowableOfType(ResponseTooLargeException.class,
          () -> cappedModel(server, 64 * 1024).chat(simpleRequest()));

      assertThat(e.kind()).isEqualTo(ChatModelException.Kind.INVALID_RESPONSE);
      assertThat(e.maxResponseBytes()).isEqualTo(64 * 1024);
      assertThat(e.getMessage()).contains("[65536]");
      assertThat(e.status()).hasValue(200);
      assertThat(e.requestId()).contains("req_200");
      assertSimpleRequests(server, 1);
      assertThat(written.get()).as("the client stopped reading").isLessThan(total / 2);
    }
  }

  @Test
  void chat_errorBodyLongerThanMaxResponseBytes_throwsAtOnceWithTheStatus() throws Exception {
    AtomicLong written = new AtomicLong();
    try (ScriptedServer server = new ScriptedServer(Reply.streamed(500, spaces(8L * 1024 * 1024, written)))) {
      ResponseTooLargeException e = catchThrowableOfType(ResponseTooLargeException.class,
          () -> cappedModel(server, 1000).chat(simpleRequest()));

      assertThat(e.status()).hasValue(500);
      assertThat(e.maxResponseBytes()).isEqualTo(1000);
      assertThat(e.getMessage()).contains("HTTP [500]").contains("[1000]");
      assertSimpleRequests(server, 1);
    }
  }

  @Test
  void chat_declaredLengthAboveMaxResponseBytes_throwsBeforeReadingTheBody() throws Exception {
    AtomicLong written = new AtomicLong();
    long total = 256L * 1024 * 1024;
    try (ScriptedServer server = new ScriptedServer(Reply.streamed(200, spaces(total, written)).withLength(total))) {
      ResponseTooLargeException e = catchThrowableOfType(ResponseTooLargeException.class,
          () -> cappedModel(server, 1000).chat(simpleRequest()));

      assertThat(e.getMessage()).contains("[268435456]").contains("[1000]");
      assertThat(written.get()).as("the client stopped reading").isLessThan(total / 2);
    }
  }

  @Test
  void chat_bodyOfExactlyMaxResponseBytes_isRead() throws Exception {
    String completion = WireFixtures.text("chat-completion-text.json");
    int length = completion.getBytes(StandardCharsets.UTF_8).length;
    try (ScriptedServer server = new ScriptedServer(Reply.json(200, completion),
        Reply.streamed(200, out -> out.write(completion.getBytes(StandardCharsets.UTF_8))))) {
      assertThat(cappedModel(server, length).chat(simpleRequest()).finishReason()).contains("stop");
      assertThat(cappedModel(server, length).chat(simpleRequest()).finishReason()).contains("stop");
    }
  }

  @Test
  void chat_malformedJsonBody_throwsInvalidResponse() throws Exception {
    try (ScriptedServer server = new ScriptedServer(Reply.json(200, "{\"choices\": [ {\"message\": "))) {
      ChatModelException e = catchThrowableOfType(ChatModelException.class, () -> model(server, 3).chat(simpleRequest()));
      assertThat(e.kind()).isEqualTo(ChatModelException.Kind.INVALID_RESPONSE);
      assertThat(e.requestId()).contains("req_200");
      assertSimpleRequests(server, 1);
    }
  }

  @Test
  void chat_400WithErrorObject_throwsBadRequestWithoutRetry() throws Exception {
    try (ScriptedServer server = new ScriptedServer(Reply.json(400, WireFixtures.text("error-bad-request.json")))) {
      ChatModelException e = catchThrowableOfType(ChatModelException.class, () -> model(server, 3).chat(simpleRequest()));
      assertThat(e.kind()).isEqualTo(ChatModelException.Kind.BAD_REQUEST);
      assertThat(e.status()).hasValue(400);
      assertThat(e.errorType()).contains("invalid_request_error");
      assertThat(e.errorCode()).isEmpty();
      assertThat(e.providerMessage().orElseThrow()).startsWith("Invalid parameter: messages with role 'tool'");
      assertSimpleRequests(server, 1);
    }
  }

  @Test
  void chat_401_throwsAuthenticationAndNeverShowsTheKey() throws Exception {
    try (ScriptedServer server = new ScriptedServer(Reply.json(401, WireFixtures.text("error-invalid-api-key.json")))) {
      OpenAiChatModel model = model(server, 3);
      ChatModelException e = catchThrowableOfType(ChatModelException.class, () -> model.chat(simpleRequest()));
      assertThat(e.kind()).isEqualTo(ChatModelException.Kind.AUTHENTICATION);
      assertThat(e.errorCode()).contains("invalid_api_key");
      assertThat(e.getMessage()).doesNotContain(KEY);
      assertThat(model.toString()).doesNotContain(KEY).contains("apiKey=(set)");
      assertSimpleRequests(server, 1);
    }
  }

  /** Everything a failure shows: message, provider fields, toString and the printed stack trace with its causes. */
  private static String everythingShown(ChatModelException e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return String.join("\n", e.getMessage(), e.toString(), e.providerMessage().orElse(""),
        e.errorType().orElse(""), e.errorCode().orElse(""), e.requestId().orElse(""), trace.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"error\": {\"message\": \"Incorrect API key provided: sk-test-secret-0123456789. See the docs.\","
          + " \"type\": \"invalid_request_error\", \"code\": \"invalid_api_key\"}}",
      "{\"error\": {\"message\": \"no\", \"type\": \"sk-test-secret-0123456789\", \"code\": \"sk-test-secret-0123456789\"}}",
      "{\"error\": \"unknown key sk-test-secret-0123456789\"}",
      "<html>401: Bearer sk-test-secret-0123456789 refused</html>"})
  void chat_errorEchoingTheKey_showsItNowhere(String body) throws Exception {
    try (ScriptedServer server = new ScriptedServer(Reply.json(401, body).withHeader("x-request-id", KEY))) {
      OpenAiChatModel model = model(server, 3);
      ChatModelException e = catchThrowableOfType(ChatModelException.class, () -> model.chat(simpleRequest()));

      assertThat(e.kind()).isEqualTo(ChatModelException.Kind.AUTHENTICATION);
      assertThat(everythingShown(e)).doesNotContain(KEY).contains("[redacted]");
      assertThat(model.toString()).doesNotContain(KEY);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"sk-test-secret-0123456789\"", "{\"choices\": \"sk-test-secret-0123456789\"}"})
  void chat_unreadableSuccessEchoingTheKey_showsItNowhere(String body) throws Exception {
    try (ScriptedServer server = new ScriptedServer(Reply.json(200, body))) {
      ChatModelException e = catchThrowableOfType(ChatModelException.class, () -> model(server, 3).chat(simpleRequest()));

      assertThat(e.kind()).isEqualTo(ChatModelException.Kind.INVALID_RESPONSE);
      assertThat(everythingShown(e)).doesNotContain(KEY).contains("[redacted]");
    }
  }

  @Test
  void chat_retryAfterAnErrorEchoingTheKey_logsNoKey() throws Exception {
    try (ScriptedServer server = new ScriptedServer(
        Reply.json(500, "{\"error\": {\"message\": \"upstream refused sk-test-secret-0123456789\"}}"),
        Reply.json(200, WireFixtures.text("chat-completion-text.json")))) {
      model(server, 2).chat(simpleRequest());
    }
    String logged = Files.readString(Path.of("target", "adapter-tests.log"));
    assertThat(logged).as("the retry was logged").contains("upstream refused [redacted]");
    assertThat(logged).doesNotContain(KEY);
  }

  @Test
  void chat_contextLengthExceeded_throwsItsOwnType() throws Exception {
    try (ScriptedServer server = new ScriptedServer(Reply.json(400, WireFixtures.text("error-context-length.json")))) {
      ContextLengthExceededException e = catchThrowableOfType(ContextLengthExceededException.class,
          () -> model(server, 3).chat(simpleRequest()));
      assertThat(e.errorCode()).contains("context_length_exceeded");
      assertThat(e.kind()).isEqualTo(ChatModelException.Kind.CONTEXT_LENGTH_EXCEEDED);
      assertSimpleRequests(server, 1);
    }
  }

  @Test
  void chat_connectionRefused_throwsConnectionAfterAttempts() throws Exception {
    String closed;
    try (ScriptedServer server = new ScriptedServer()) {
      closed = server.baseUrl();
    }
    OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(closed).noApiKey().model("m").maxAttempts(2)
        .initialBackoff(Duration.ofMillis(10)).connectTimeout(Duration.ofSeconds(2)).build();
    ChatModelException e = catchThrowableOfType(ChatModelException.class, () -> model.chat(simpleRequest()));
    assertThat(e.kind()).isEqualTo(ChatModelException.Kind.CONNECTION);
    assertThat(e.getMessage()).contains("after 2 attempt(s)");
  }

  @Test
  void chat_noApiKey_sendsNoAuthorizationHeader() throws Exception {
    try (ScriptedServer server = new ScriptedServer(Reply.json(200, WireFixtures.text("chat-completion-text.json")))) {
      OpenAiChatModel.builder().baseUrl(server.baseUrl() + "/").noApiKey().model("llama3").build().chat(simpleRequest());
      assertThat(server.received().get(0).header("Authorization")).isNull();
      assertThat(server.received().get(0).path()).isEqualTo("/v1/chat/completions");
    }
  }

  @Test
  void builder_badSettings_failWithTheValue() {
    assertThatThrownBy(() -> OpenAiChatModel.builder().baseUrl("ftp://x")).hasMessageContaining("[ftp://x]");
    assertThatThrownBy(() -> OpenAiChatModel.builder().maxAttempts(0)).hasMessageContaining("[0]");
    assertThatThrownBy(() -> OpenAiChatModel.builder().requestTimeout(Duration.ZERO)).hasMessageContaining("[PT0S]");
    assertThatThrownBy(() -> OpenAiChatModel.builder().parameter("messages", 1)).hasMessageContaining("[messages]");
    assertThatThrownBy(() -> OpenAiChatModel.builder().apiKey("k").build()).hasMessageContaining("model(");
    assertThatThrownBy(() -> OpenAiChatModel.builder().model("m").apiKeyFromEnvironment("SCULPTOR_TEST_NO_SUCH_VARIABLE").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("[SCULPTOR_TEST_NO_SUCH_VARIABLE]");
    assertThatThrownBy(() -> OpenAiChatModel.builder().header("Authorization", "x")).hasMessageContaining("apiKey()");
  }
}
