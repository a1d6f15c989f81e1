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
import io.sculptor.openai.internal.Json;
import io.sculptor.tools.SculptorTools;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChatCompletionsFormatTest {
  @Test
  void anotherAdaptersExtensions_areNeverWrittenAsWireFields() {
    ObjectNode thinking = Json.object().put("type", "thinking").put("thinking", "…").put("signature", "sig");
    Message read = Message.assistant("The build failed.").withExtensions(Map.of(
        "sculptor.anthropic.blocks", Json.array().add(thinking), "x_vendor", Json.NODES.textNode("kept")));

    ObjectNode chat = ChatCompletionsFormat.toJson(read);
    List<ObjectNode> items = ResponsesFormat.toItems(read);

    assertThat(chat.get("x_vendor").asText()).isEqualTo("kept");
    assertThat(chat.toString()).doesNotContain("sculptor.", "signature");
    assertThat(items).allSatisfy(item -> assertThat(item.toString()).doesNotContain("sculptor.", "signature"));
  }

  @Test
  void toMessages_referenceShapes_roundTripToEqualJson() {
    JsonNode wire = WireFixtures.json("chat-messages.json");
    List<Message> messages = ChatCompletionsFormat.toMessages(wire);
    assertThat(messages).extracting(Message::role)
        .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
    assertThat(messages.get(1).content()).isEqualTo("What is in this image?");
    assertThat(messages.get(1).name()).contains("alice");
    assertThat(messages.get(2).toolCalls()).containsExactly(
        new ToolCall("call_abc123", "describe_image", "{\"detail\": \"high\""));
    assertThat(messages.get(4).extensions()).containsKeys("reasoning_content", "refusal", "audio");
    assertThat(ChatCompletionsFormat.toJson(messages)).isEqualTo(wire);
  }

  @Test
  void toJson_changedTextOfContentParts_keepsImagePart() {
    Message read = ChatCompletionsFormat.toMessage(WireFixtures.json("chat-messages.json").get(1));
    JsonNode written = ChatCompletionsFormat.toJson(read.withContent("[fragment f1a2b3 folded]"));
    assertThat(written.get("content")).hasSize(2);
    assertThat(written.get("content").get(0).get("text").asText()).isEqualTo("[fragment f1a2b3 folded]");
    assertThat(written.get("content").get(1).get("type").asText()).isEqualTo("image_url");
  }

  @Test
  void toJson_nullContentOfToolCallMessage_isKeptNull() {
    Message read = ChatCompletionsFormat.toMessage(WireFixtures.json("chat-messages.json").get(2));
    assertThat(read.content()).isEmpty();
    assertThat(ChatCompletionsFormat.toJson(read).get("content").isNull()).isTrue();
  }

  @Test
  void toJson_messagesMadeInJava_haveTheStandardShape() throws Exception {
    Message call = Message.assistant("", List.of(new ToolCall("call_1", "fold_fragment", "{\"fragment_id\":\"f1a2b3\"}")));
    assertThat(WireFixtures.JSON.writeValueAsString(ChatCompletionsFormat.toJson(call))).isEqualTo(
        "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"fold_fragment\",\"arguments\":\"{\\\"fragment_id\\\":\\\"f1a2b3\\\"}\"}}]}");
    assertThat(WireFixtures.JSON.writeValueAsString(ChatCompletionsFormat.toJson(Message.tool("call_1", "done"))))
        .isEqualTo("{\"role\":\"tool\",\"content\":\"done\",\"tool_call_id\":\"call_1\"}");
  }

  @Test
  void response_referenceToolCalls_parsesCallsUsageAndKeepsUnknownFields() {
    ChatResponse response = ChatCompletionsFormat.response(WireFixtures.json("chat-completion-tool-calls.json"));
    assertThat(response.message().toolCalls()).extracting(ToolCall::name)
        .containsExactly("fold_fragment", "get_current_weather");
    assertThat(response.usage().promptTokens()).isEqualTo(82);
    assertThat(response.usage().completionTokens()).isEqualTo(17);
    assertThat(response.finishReason()).contains("tool_calls");
    assertThat(response.message().extensions()).containsKeys("refusal", "annotations");
    ObjectNode sent = WireFixtures.json("chat-completion-tool-calls.json").get("choices").get(0).get("message").deepCopy();
    sent.remove("annotations");
    assertThat(ChatCompletionsFormat.toJson(response.message())).as("all but what only responses have").isEqualTo(sent);
  }

  @Test
  void request_buildsModelMessagesToolsChoiceAndExtras() {
    ObjectNode extra = WireFixtures.JSON.createObjectNode().put("temperature", 0);
    ObjectNode body = ChatCompletionsFormat.request("gpt-4o-mini",
        ChatRequest.of(List.of(Message.user("hi")), SculptorTools.specs(), ToolChoice.required()), extra);
    assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(body.get("tool_choice").asText()).isEqualTo("required");
    assertThat(body.get("tools")).hasSize(6);
    assertThat(body.get("tools").get(0).get("type").asText()).isEqualTo("function");
    assertThat(body.get("tools").get(0).get("function").get("name").asText()).isEqualTo("fragment_context");
    assertThat(body.get("temperature").asInt()).isZero();
    assertThat(ChatCompletionsFormat.toolChoice(ToolChoice.function("fold_fragment")).toString())
        .isEqualTo("{\"type\":\"function\",\"function\":{\"name\":\"fold_fragment\"}}");
    ObjectNode noTools = ChatCompletionsFormat.request("m", ChatRequest.of(List.of(Message.user("hi")), List.of(),
        ToolChoice.auto()), WireFixtures.JSON.createObjectNode());
    assertThat(noTools.has("tools")).isFalse();
    assertThat(noTools.has("tool_choice")).isFalse();
  }

  @Test
  void strictTools_carryStrictFlag() {
    JsonNode tools = ChatCompletionsFormat.tools(SculptorTools.strictSpecs());
    assertThat(tools.get(0).get("function").get("strict").asBoolean()).isTrue();
    assertThat(ChatCompletionsFormat.tools(SculptorTools.specs()).get(0).get("function").has("strict")).isFalse();
  }

  static Stream<Arguments> invalidMessages() {
    return Stream.of(
        arguments("{\"content\": \"x\"}", "[message.role]"),
        arguments("{\"role\": \"tool\", \"content\": \"x\"}", "[message.tool_call_id]"),
        arguments("{\"role\": \"robot\", \"content\": \"x\"}", "[robot]"),
        arguments("{\"role\": \"user\", \"content\": 5}", "[message.content]"),
        arguments("{\"role\": \"tool\", \"tool_call_id\": \"c1\", \"content\": null}", "[message.content] is null"),
        arguments("{\"role\": \"user\"}", "[message.content] is missing"),
        arguments("{\"role\": \"system\", \"content\": null}", "[message.content] is null"),
        arguments("{\"role\": \"user\", \"content\": \"x\", \"name\": 7}", "[message.name]"),
        arguments("{\"role\": \"user\", \"content\": \"x\", \"tool_calls\": [{\"id\": \"c1\"}]}", "[message.tool_calls]"),
        arguments(call("{\"type\": \"function\", \"function\": {\"name\": \"f\", \"arguments\": \"{}\"}}"),
            "[message.tool_calls[0].id]"),
        arguments(call("{\"id\": \"c1\", \"function\": {\"name\": \"f\", \"arguments\": 5}}"),
            "[message.tool_calls[0].function.arguments]"),
        arguments(call("{\"id\": \"c1\", \"type\": \"function\", \"function\": {\"name\": \"f\"}}"),
            "[message.tool_calls[0].function.arguments]"),
        arguments(call("{\"id\": \"c1\", \"type\": \"function\", \"function\": {\"arguments\": \"{}\"}}"),
            "[message.tool_calls[0].function.name]"),
        arguments(call("{\"id\": \"c1\"}"), "[message.tool_calls[0].type] is missing"),
        arguments(call("{\"id\": \"c1\", \"type\": 3}"), "[message.tool_calls[0].type]"),
        arguments(call("{\"id\": \"c1\", \"type\": \"custom\", \"custom\": {\"name\": \"grep\"}}"),
            "[message.tool_calls[0].custom.input]"),
        arguments("{\"role\": \"user\", \"content\": [{\"type\": \"video\", \"video\": {}}]}",
            "[message.content[0].type] is [video]"),
        arguments("{\"role\": \"system\", \"content\": [{\"type\": \"image_url\", \"image_url\": {\"url\": \"u\"}}]}",
            "[message.content[0].type] is [image_url]"),
        arguments("{\"role\": \"user\", \"content\": [{\"type\": \"text\"}]}", "[message.content[0].text]"),
        arguments("{\"role\": \"user\", \"content\": [{\"type\": \"image_url\", \"image_url\": \"u\"}]}",
            "[message.content[0].image_url]"));
  }

  private static String call(String call) {
    return "{\"role\": \"assistant\", \"content\": null, \"tool_calls\": [" + call + "]}";
  }

  @ParameterizedTest
  @MethodSource("invalidMessages")
  void toMessage_inputTheApiWouldRefuse_failsNamingThePath(String json, String named) {
    assertThatThrownBy(() -> ChatCompletionsFormat.toMessage(WireFixtures.JSON.readTree(json)))
        .isInstanceOf(WireFormatException.class).hasMessageContaining(named);
  }

  @Test
  void toMessages_andResponse_nameThePathOfTheProblem() throws Exception {
    assertThatThrownBy(() -> ChatCompletionsFormat.toMessages(WireFixtures.JSON.readTree(
        "[{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"user\", \"content\": 5}]")))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("[messages[1].content]");
    assertThatThrownBy(() -> ChatCompletionsFormat.response(WireFixtures.JSON.readTree("{\"choices\": []}")))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("choices");
    assertThatThrownBy(() -> ChatCompletionsFormat.response(WireFixtures.JSON.readTree("{\"choices\": [{\"message\":"
        + call("{\"id\": \"c1\", \"type\": \"function\", \"function\": {\"name\": \"f\", \"arguments\": true}}")
        + "}]}")))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("[choices[0].message.tool_calls[0].function.arguments]");
  }

  @Test
  void toMessage_argumentsAsAJsonObjectAndNoType_isNormalizedAndNeverSentBackAsItCame() throws Exception {
    JsonNode wire = WireFixtures.JSON.readTree(call(
        "{\"id\": \"c1\", \"function\": {\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}}"));

    Message read = ChatCompletionsFormat.toMessage(wire);

    assertThat(read.toolCalls()).containsExactly(new ToolCall("c1", "get_weather", "{\"city\":\"Paris\"}"));
    JsonNode written = ChatCompletionsFormat.toJson(read).get("tool_calls").get(0);
    assertThat(written.get("type").asText()).isEqualTo("function");
    assertThat(written.get("function").get("arguments").isTextual()).isTrue();
    assertThat(written.get("function").get("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
  }

  @Test
  void toMessage_emptyOrNullToolCalls_areNoCalls() throws Exception {
    for (String calls : List.of("[]", "null")) {
      Message read = ChatCompletionsFormat.toMessage(WireFixtures.JSON.readTree(
          "{\"role\": \"assistant\", \"content\": \"Done.\", \"tool_calls\": " + calls + "}"));
      assertThat(read.toolCalls()).isEmpty();
      assertThat(ChatCompletionsFormat.toJson(read).has("tool_calls")).as(calls).isFalse();
    }
  }

  @Test
  void customToolCall_isReadAsTheApplicationsAndWrittenBackUntouched() throws Exception {
    JsonNode wire = WireFixtures.JSON.readTree(call("{\"id\": \"call_c1\", \"type\": \"custom\", \"custom\":"
        + " {\"name\": \"run_sql\", \"input\": \"SELECT 1\"}}, {\"id\": \"call_x1\", \"type\": \"future_kind\","
        + " \"future_kind\": {\"name\": \"probe\", \"payload\": [1, 2]}}"));

    Message read = ChatCompletionsFormat.toMessage(wire);

    assertThat(read.toolCalls()).containsExactly(new ToolCall("call_c1", "run_sql", "SELECT 1"),
        new ToolCall("call_x1", "probe", "{\"name\":\"probe\",\"payload\":[1,2]}"));
    assertThat(ChatCompletionsFormat.toJson(read)).isEqualTo(wire);
    ArrayNode answered = ChatCompletionsFormat.toJson(List.of(read, Message.tool("call_c1", "1 row")));
    assertThat(answered.get(1).get("tool_call_id").asText()).isEqualTo("call_c1");
  }

  @Test
  void toJson_assistantFromAResponse_leavesOutAnnotationsAndSendsAudioById() throws Exception {
    Message read = ChatCompletionsFormat.toMessage(WireFixtures.JSON.readTree("{\"role\": \"assistant\", \"content\": \"Hi\","
        + " \"refusal\": null, \"annotations\": [{\"type\": \"url_citation\"}], \"audio\": {\"id\": \"audio_1\","
        + " \"data\": \"UklGR...\", \"expires_at\": 1, \"transcript\": \"Hi\"}}"));

    assertThat(read.extensions()).containsKeys("annotations", "audio");
    assertThat(ChatCompletionsFormat.toJson(read)).isEqualTo(WireFixtures.JSON.readTree(
        "{\"role\": \"assistant\", \"content\": \"Hi\", \"refusal\": null, \"audio\": {\"id\": \"audio_1\"}}"));
  }

  @Test
  void toJson_partsReadFromTheResponsesApi_areTranslated() throws Exception {
    Message user = ResponsesFormat.toMessage(WireFixtures.JSON.readTree("{\"type\": \"message\", \"role\": \"user\","
        + " \"content\": [{\"type\": \"input_text\", \"text\": \"What is this?\"}, {\"type\": \"input_image\","
        + " \"image_url\": \"https://example.com/a.png\", \"detail\": \"low\"}, {\"type\": \"input_file\","
        + " \"file_id\": \"file-1\"}], \"id\": \"msg_1\"}"));

    assertThat(ChatCompletionsFormat.toJson(user)).isEqualTo(WireFixtures.JSON.readTree("{\"role\": \"user\", \"content\":"
        + " [{\"type\": \"text\", \"text\": \"What is this?\"}, {\"type\": \"image_url\", \"image_url\":"
        + " {\"url\": \"https://example.com/a.png\", \"detail\": \"low\"}}, {\"type\": \"file\", \"file\":"
        + " {\"file_id\": \"file-1\"}}]}"));
    Message byFileId = ResponsesFormat.toMessage(WireFixtures.JSON.readTree("{\"role\": \"user\", \"content\":"
        + " [{\"type\": \"input_image\", \"file_id\": \"file-2\"}]}"));
    assertThatThrownBy(() -> ChatCompletionsFormat.toJson(byFileId)).isInstanceOf(WireFormatException.class)
        .hasMessageContaining("file-2").hasMessageContaining("no Chat Completions form");
  }

  @Test
  void response_metadata_isRead() throws Exception {
    JsonNode body = WireFixtures.JSON.readTree("{\"id\": \"chatcmpl-9\", \"object\": \"chat.completion\","
        + " \"model\": \"gpt-4o-2024-08-06\", \"system_fingerprint\": \"fp_abc\", \"choices\": ["
        + "{\"index\": 0, \"message\": {\"role\": \"assistant\", \"content\": \"A\"}, \"finish_reason\": \"stop\"},"
        + "{\"index\": 1, \"message\": {\"role\": \"assistant\", \"content\": \"B\"}, \"finish_reason\": \"length\"}],"
        + " \"usage\": {\"prompt_tokens\": 1200, \"completion_tokens\": 300, \"prompt_tokens_details\":"
        + " {\"cached_tokens\": 1024}, \"completion_tokens_details\": {\"reasoning_tokens\": 256}}}");

    ChatResponse response = ChatCompletionsFormat.response(body);

    assertThat(response.responseId()).contains("chatcmpl-9");
    assertThat(response.model()).contains("gpt-4o-2024-08-06");
    assertThat(response.systemFingerprint()).contains("fp_abc");
    assertThat(response.finishReasons()).containsExactly("stop", "length");
    assertThat(response.usage()).isEqualTo(Usage.of(1200, 300, 1024, 0, 256));
  }
}
