package io.sculptor.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ToolChoice;
import io.sculptor.model.Usage;
import io.sculptor.tools.SculptorTools;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResponsesFormatTest {
  @Test
  void toMessages_referenceItems_roundTripOneForOne() {
    JsonNode items = WireFixtures.json("responses-input-items.json");
    List<Message> messages = ResponsesFormat.toMessages(items);
    assertThat(messages).extracting(Message::role).containsExactly(
        Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
    assertThat(messages.get(3).toolCalls()).containsExactly(
        new ToolCall("call_12345xyz", "get_weather", "{\"location\":\"Paris, France\"}"));
    assertThat(messages.get(4).toolCallId()).contains("call_12345xyz");
    assertThat(messages.get(2).content()).isEmpty();
    ArrayNode typed = items.deepCopy();
    ((ObjectNode) typed.get(0)).put("type", "message");
    assertThat(ResponsesFormat.toItems(messages)).as("the typeless message item gets its type").isEqualTo(typed);
  }

  @Test
  void response_referenceFunctionCall_parsesCallAndUsage() {
    ChatResponse response = ResponsesFormat.response(WireFixtures.json("responses-function-call.json"));
    assertThat(response.message().toolCalls()).containsExactly(new ToolCall("call_unLAR8MvFNptuiZK6K6HCy5k",
        "get_current_weather", "{\"location\":\"Boston, MA\",\"unit\":\"celsius\"}"));
    assertThat(response.usage().promptTokens()).isEqualTo(291);
    assertThat(response.usage().completionTokens()).isEqualTo(23);
    assertThat(response.finishReason()).contains("completed");
  }

  @Test
  void tools_areFlatAndAlwaysSayStrict() {
    JsonNode tools = ResponsesFormat.tools(SculptorTools.specs());
    assertThat(tools.get(0).get("type").asText()).isEqualTo("function");
    assertThat(tools.get(0).get("name").asText()).isEqualTo("fragment_context");
    assertThat(tools.get(0).has("function")).isFalse();
    assertThat(tools.get(0).get("strict").asBoolean(true)).isFalse();
    assertThat(ResponsesFormat.toolChoice(ToolChoice.function("fold_fragment")).toString())
        .isEqualTo("{\"type\":\"function\",\"name\":\"fold_fragment\"}");
  }

  @Test
  void toItems_assistantWithTextAndTwoCalls_givesMessageThenTwoFunctionCalls() {
    Message message = Message.assistant("Let me look.", List.of(new ToolCall("c1", "a", "{}"), new ToolCall("c2", "b", "{}")));
    List<ObjectNode> items = ResponsesFormat.toItems(message);
    assertThat(items).extracting(i -> i.get("type").asText()).containsExactly("message", "function_call", "function_call");
    ObjectNode body = ResponsesFormat.request("gpt-4.1", ChatRequest.of(List.of(message), List.of(), ToolChoice.auto()),
        WireFixtures.JSON.createObjectNode());
    assertThat(body.get("input")).hasSize(3);
  }

  @Test
  void response_reasoningThenCall_writesBackEveryItemInOrder() {
    JsonNode body = WireFixtures.json("responses-reasoning-function-call.json");

    ChatResponse response = ResponsesFormat.response(body);

    assertThat(response.message().content()).isEqualTo("Let me check the weather in Paris.");
    assertThat(response.message().toolCalls()).containsExactly(
        new ToolCall("call_Lm4vG3kW0nV3Jx7qQ1aR2sT8", "get_weather", "{\"location\":\"Paris, France\"}"));
    assertThat(ResponsesFormat.toItems(List.of(response.message()))).as("reasoning with encrypted_content, fc_ id")
        .isEqualTo(body.get("output"));
  }

  @Test
  void response_textChangedByTheView_keepsReasoningAndCallsAndReplacesTheText() {
    JsonNode body = WireFixtures.json("responses-reasoning-function-call.json");
    Message folded = ResponsesFormat.response(body).message().withContent("[fragment f1a2b3 folded]");

    ArrayNode items = ResponsesFormat.toItems(List.of(folded));

    assertThat(items).hasSize(3);
    assertThat(items.get(0)).isEqualTo(body.get("output").get(0));
    assertThat(items.get(1).get("id").asText()).startsWith("msg_");
    assertThat(items.get(1).get("content").get(0).get("text").asText()).isEqualTo("[fragment f1a2b3 folded]");
    assertThat(items.get(1).get("content").get(0).get("annotations")).isEmpty();
    assertThat(items.get(2)).isEqualTo(body.get("output").get(2));
  }

  @Test
  void response_metadata_isRead() {
    ChatResponse response = ResponsesFormat.response(WireFixtures.json("responses-reasoning-function-call.json"));

    assertThat(response.responseId()).contains("resp_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b");
    assertThat(response.model()).contains("o4-mini-2025-04-16");
    assertThat(response.usage()).isEqualTo(Usage.of(2310, 212, 2048, 0, 128));
    assertThat(response.finishReasons()).containsExactly("completed");
  }

  @Test
  void functionCall_argumentsAsAJsonObject_areSentBackAsTheirText() throws Exception {
    JsonNode item = WireFixtures.JSON.readTree("{\"type\": \"function_call\", \"call_id\": \"c1\", \"name\": \"f\","
        + " \"arguments\": {\"a\": 1}}");

    List<ObjectNode> written = ResponsesFormat.toItems(ResponsesFormat.toMessage(item));

    assertThat(written).singleElement().satisfies(i -> assertThat(i.get("arguments").isTextual()).isTrue());
    assertThat(written.get(0).get("arguments").asText()).isEqualTo("{\"a\":1}");
  }

  static Stream<Arguments> invalidItems() {
    return Stream.of(
        arguments("{\"type\": \"function_call\", \"call_id\": \"c1\", \"name\": \"f\"}", "[item.arguments]"),
        arguments("{\"type\": \"function_call\", \"call_id\": \"c1\", \"name\": \"f\", \"arguments\": 3}",
            "[item.arguments]"),
        arguments("{\"type\": \"function_call\", \"name\": \"f\", \"arguments\": \"{}\"}", "[item.call_id]"),
        arguments("{\"type\": \"function_call_output\", \"call_id\": \"c1\", \"output\": null}", "[item.output] is null"),
        arguments("{\"type\": \"custom_tool_call\", \"call_id\": \"c1\", \"name\": \"f\", \"input\": {}}",
            "[item.input]"),
        arguments("{\"type\": \"message\", \"role\": \"user\", \"content\": null}", "[item.content] is null"),
        arguments("{\"role\": \"assistant\"}", "[item.content] is missing"),
        arguments("{\"type\": \"message\", \"role\": \"tool\", \"content\": \"x\"}", "[item.role] is [tool]"),
        arguments("{\"type\": \"reasoning\", \"summary\": []}", "[item.id]"),
        arguments("{\"type\": \"reasoning\", \"id\": \"rs_1\"}", "[item.summary]"),
        arguments("{\"type\": 7}", "[item.type]"),
        arguments("{\"role\": \"user\", \"content\": [{\"type\": \"input_image\"}]}", "[item.content[0]]"));
  }

  @ParameterizedTest
  @MethodSource("invalidItems")
  void toMessage_itemTheApiWouldRefuse_failsNamingThePath(String json, String named) {
    assertThatThrownBy(() -> ResponsesFormat.toMessage(WireFixtures.JSON.readTree(json)))
        .isInstanceOf(WireFormatException.class).hasMessageContaining(named);
  }

  @Test
  void customToolCall_isACallOfTheApplication_andItsAnswerACustomOutput() throws Exception {
    JsonNode call = WireFixtures.JSON.readTree("{\"type\": \"custom_tool_call\", \"id\": \"ctc_1\", \"call_id\": \"call_c1\","
        + " \"name\": \"run_sql\", \"input\": \"SELECT 1\"}");
    Message read = ResponsesFormat.toMessage(call);
    assertThat(read.toolCalls()).containsExactly(new ToolCall("call_c1", "run_sql", "SELECT 1"));

    ArrayNode items = ResponsesFormat.toItems(List.of(read, Message.tool("call_c1", "1 row")));

    assertThat(items.get(0)).isEqualTo(call);
    assertThat(items.get(1)).isEqualTo(WireFixtures.JSON.readTree(
        "{\"type\": \"custom_tool_call_output\", \"call_id\": \"call_c1\", \"output\": \"1 row\"}"));
    assertThat(ChatCompletionsFormat.toJson(read).get("tool_calls")).isEqualTo(WireFixtures.JSON.readTree(
        "[{\"id\": \"call_c1\", \"type\": \"custom\", \"custom\": {\"name\": \"run_sql\", \"input\": \"SELECT 1\"}}]"));
  }

  @Test
  void toItems_chatCompletionsParts_areTranslated() throws Exception {
    List<Message> chat = ChatCompletionsFormat.toMessages(WireFixtures.JSON.readTree("[{\"role\": \"system\", \"content\":"
        + " [{\"type\": \"text\", \"text\": \"Be brief.\"}]}, {\"role\": \"user\", \"content\": [{\"type\": \"text\","
        + " \"text\": \"What is this?\"}, {\"type\": \"image_url\", \"image_url\": {\"url\": \"https://example.com/a.png\"}}]},"
        + " {\"role\": \"assistant\", \"content\": [{\"type\": \"text\", \"text\": \"A cat.\"}]},"
        + " {\"role\": \"assistant\", \"content\": null, \"tool_calls\": [{\"id\": \"c1\", \"type\": \"custom\","
        + " \"custom\": {\"name\": \"grep\", \"input\": \"cat\"}}]}, {\"role\": \"tool\", \"tool_call_id\": \"c1\","
        + " \"content\": [{\"type\": \"text\", \"text\": \"found\"}]}]"));

    assertThat(ResponsesFormat.toItems(chat)).isEqualTo(WireFixtures.JSON.readTree("[{\"type\": \"message\", \"role\": \"system\","
        + " \"content\": [{\"type\": \"input_text\", \"text\": \"Be brief.\"}]}, {\"type\": \"message\", \"role\": \"user\","
        + " \"content\": [{\"type\": \"input_text\", \"text\": \"What is this?\"}, {\"type\": \"input_image\","
        + " \"image_url\": \"https://example.com/a.png\", \"detail\": \"auto\"}]}, {\"type\": \"message\", \"role\": \"assistant\","
        + " \"content\": \"A cat.\"}, {\"type\": \"custom_tool_call\", \"call_id\": \"c1\", \"name\": \"grep\", \"input\": \"cat\"},"
        + " {\"type\": \"custom_tool_call_output\", \"call_id\": \"c1\", \"output\": [{\"type\": \"input_text\","
        + " \"text\": \"found\"}]}]"));
    Message audio = ChatCompletionsFormat.toMessage(WireFixtures.JSON.readTree("{\"role\": \"user\", \"content\":"
        + " [{\"type\": \"input_audio\", \"input_audio\": {\"data\": \"UklGR\", \"format\": \"wav\"}}]}"));
    assertThatThrownBy(() -> ResponsesFormat.toItems(audio)).isInstanceOf(WireFormatException.class)
        .hasMessageContaining("no Responses form");
  }
}
