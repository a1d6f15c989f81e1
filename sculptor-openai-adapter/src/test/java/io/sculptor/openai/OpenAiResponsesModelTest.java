package io.sculptor.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ContextLengthExceededException;
import io.sculptor.model.ToolChoice;
import io.sculptor.openai.ScriptedServer.Reply;
import io.sculptor.tools.SculptorTools;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Responses API model against a real local HTTP server. */
class OpenAiResponsesModelTest {
  private static final String KEY = "sk-test-secret-0123456789";

  private static OpenAiResponsesModel.Builder builder(ScriptedServer server) {
    return OpenAiResponsesModel.builder().baseUrl(server.baseUrl()).apiKey(KEY).model("o4-mini").maxAttempts(3)
        .initialBackoff(Duration.ofMillis(5)).requestTimeout(Duration.ofSeconds(5))
        .parameter("include", List.of("reasoning.encrypted_content"));
  }

  private static JsonNode body(ScriptedServer.Received received) throws Exception {
    return WireFixtures.JSON.readTree(received.body());
  }

  @Test
  void chat_sendsTheWholeViewWithoutServerState_andReadsTheResponse() throws Exception {
    try (ScriptedServer server = new ScriptedServer(Reply.json(200, WireFixtures.text("responses-reasoning-function-call.json"))
        .withHeader("x-request-id", "req_abc"))) {
      ChatResponse response = builder(server).build().chat(ChatRequest.of(List.of(Message.system("Be brief."),
          Message.user("Weather in Paris?")), SculptorTools.specs(), ToolChoice.required()));

      assertThat(response.message().toolCalls()).extracting(ToolCall::name).containsExactly("get_weather");
      assertThat(response.requestId()).contains("req_abc");
      assertThat(response.responseId()).contains("resp_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b");
      ScriptedServer.Received received = server.received().get(0);
      assertThat(received.path()).isEqualTo("/v1/responses");
      assertThat(received.header("Authorization")).isEqualTo("Bearer " + KEY);
      JsonNode body = body(received);
      assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("model", "input", "tools", "tool_choice",
          "include", "store");
      assertThat(body.get("store").asBoolean(true)).as("nothing kept on the server by default").isFalse();
      assertThat(body.get("input")).isEqualTo(WireFixtures.JSON.readTree("[{\"type\": \"message\", \"role\": \"system\","
          + " \"content\": \"Be brief.\"}, {\"type\": \"message\", \"role\": \"user\", \"content\": \"Weather in Paris?\"}]"));
      assertThat(body.get("tools")).hasSize(6);
      assertThat(body.get("tools").get(0).get("name").asText()).isEqualTo("fragment_context");
      assertThat(body.get("tool_choice").asText()).isEqualTo("required");
    }
  }

  @Test
  void chat_nextTurn_sendsTheReasoningItemsAndCallIdsBackInOrder() throws Exception {
    JsonNode first = WireFixtures.json("responses-reasoning-function-call.json");
    try (ScriptedServer server = new ScriptedServer(Reply.json(200, first.toString()),
        Reply.json(200, WireFixtures.text("responses-function-call.json")))) {
      OpenAiResponsesModel model = builder(server).build();
      List<Message> conversation = new ArrayList<>(List.of(Message.user("Weather in Paris?")));
      ChatResponse answer = model.chat(ChatRequest.of(conversation, List.of(), ToolChoice.auto()));
      conversation.add(answer.message());
      conversation.add(Message.tool("call_Lm4vG3kW0nV3Jx7qQ1aR2sT8", "{\"temperature\": 14}"));

      model.chat(ChatRequest.of(conversation, List.of(), ToolChoice.auto()));

      JsonNode input = body(server.received().get(1)).get("input");
      assertThat(input).hasSize(5);
      assertThat(input.get(1)).as("the reasoning item, encrypted content included").isEqualTo(first.get("output").get(0));
      assertThat(input.get(2)).isEqualTo(first.get("output").get(1));
      assertThat(input.get(3)).as("the function call with its fc_ id").isEqualTo(first.get("output").get(2));
      assertThat(input.get(4)).isEqualTo(WireFixtures.JSON.readTree("{\"type\": \"function_call_output\", \"call_id\":"
          + " \"call_Lm4vG3kW0nV3Jx7qQ1aR2sT8\", \"output\": \"{\\\"temperature\\\": 14}\"}"));
      assertThat(body(server.received().get(1)).has("previous_response_id")).isFalse();
    }
  }

  @Test
  void chat_store_isSentAsSet() throws Exception {
    try (ScriptedServer server = new ScriptedServer(Reply.json(200, WireFixtures.text("responses-function-call.json")))) {
      OpenAiResponsesModel model = builder(server).store(true).build();
      model.chat(ChatRequest.of(List.of(Message.user("hi")), List.of(), ToolChoice.auto()));

      assertThat(body(server.received().get(0)).get("store").asBoolean()).isTrue();
      assertThat(model.store()).isTrue();
      assertThat(model.toString()).contains("store=true").doesNotContain(KEY);
    }
  }

  @Test
  void chat_failedResponse_isTheProvidersTypedFailure() throws Exception {
    String failed = "{\"id\": \"resp_1\", \"object\": \"response\", \"status\": \"failed\", \"output\": [],"
        + " \"error\": {\"code\": \"rate_limit_exceeded\", \"message\": \"Rate limit reached for o4-mini.\"}}";
    try (ScriptedServer server = new ScriptedServer(Reply.json(200, failed))) {
      ChatModelException e = catchThrowableOfType(ChatModelException.class, () -> builder(server).build()
          .chat(ChatRequest.of(List.of(Message.user("hi")), List.of(), ToolChoice.auto())));

      assertThat(e.kind()).isEqualTo(ChatModelException.Kind.RATE_LIMITED);
      assertThat(e.errorCode()).contains("rate_limit_exceeded");
      assertThat(e.providerMessage()).contains("Rate limit reached for o4-mini.");
    }
  }

  @Test
  void chat_serverErrorThenSuccess_isRetried_andContextLengthIsItsOwnType() throws Exception {
    try (ScriptedServer server = new ScriptedServer(Reply.json(500, WireFixtures.text("error-server.json")),
        Reply.json(200, WireFixtures.text("responses-function-call.json")),
        Reply.json(400, WireFixtures.text("error-context-length.json")))) {
      OpenAiResponsesModel model = builder(server).build();
      ChatRequest request = ChatRequest.of(List.of(Message.user("hi")), List.of(), ToolChoice.auto());

      assertThat(model.chat(request).usage().promptTokens()).isEqualTo(291);
      assertThat(catchThrowableOfType(ChatModelException.class, () -> model.chat(request)))
          .isInstanceOf(ContextLengthExceededException.class);
      assertThat(server.received()).hasSize(3).allSatisfy(r -> assertThat(r.path()).isEqualTo("/v1/responses"));
    }
  }

  @Test
  void chat_unreadableResponse_isAnInvalidResponseNamingThePath() throws Exception {
    String bad = "{\"object\": \"response\", \"status\": \"completed\", \"output\": [{\"type\": \"function_call\","
        + " \"call_id\": \"c1\", \"name\": \"f\", \"arguments\": 3}]}";
    try (ScriptedServer server = new ScriptedServer(Reply.json(200, bad))) {
      ChatModelException e = catchThrowableOfType(ChatModelException.class, () -> builder(server).build()
          .chat(ChatRequest.of(List.of(Message.user("hi")), List.of(), ToolChoice.auto())));

      assertThat(e.kind()).isEqualTo(ChatModelException.Kind.INVALID_RESPONSE);
      assertThat(e.getMessage()).contains("[output[0].arguments]");
    }
  }
}
