package io.sculptor.openai;

import static org.assertj.core.api.Assertions.assertThat;

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
    assertThat(ResponsesFormat.toItems(messages)).isEqualTo(items);
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
}
