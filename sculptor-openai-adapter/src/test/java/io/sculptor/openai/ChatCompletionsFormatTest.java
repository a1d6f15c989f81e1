package io.sculptor.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ToolChoice;
import io.sculptor.tools.SculptorTools;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatCompletionsFormatTest {
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
    assertThat(ChatCompletionsFormat.toJson(response.message()))
        .isEqualTo(WireFixtures.json("chat-completion-tool-calls.json").get("choices").get(0).get("message"));
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

  @Test
  void toMessage_malformed_failsNamingTheProblem() {
    assertThatThrownBy(() -> ChatCompletionsFormat.toMessage(WireFixtures.JSON.readTree("{\"content\": \"x\"}")))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("\"role\"");
    assertThatThrownBy(() -> ChatCompletionsFormat.toMessage(WireFixtures.JSON.readTree("{\"role\": \"tool\", \"content\": \"x\"}")))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("tool_call_id");
    assertThatThrownBy(() -> ChatCompletionsFormat.toMessage(WireFixtures.JSON.readTree("{\"role\": \"robot\"}")))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("[robot]");
    assertThatThrownBy(() -> ChatCompletionsFormat.toMessages(WireFixtures.JSON.readTree("[{\"role\": \"user\", \"content\": 5}]")))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("message [0]");
    assertThatThrownBy(() -> ChatCompletionsFormat.response(WireFixtures.JSON.readTree("{\"choices\": []}")))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("choices");
  }
}
