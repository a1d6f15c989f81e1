package io.sculptor.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.RoleFilter;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ToolChoice;
import io.sculptor.model.ToolSpec;
import io.sculptor.tools.SculptorTools;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The format against requests and responses shaped like the Messages API reference's examples. */
class MessagesFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode fixture(String name) {
    try (InputStream in = MessagesFormatTest.class.getResourceAsStream("/wire/" + name)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new AssertionError(name, e);
    }
  }

  @Test
  void request_severalToolResultsInOneUserMessage_becomeToolMessagesAndComeBackAsOne() {
    JsonNode request = fixture("request-tool-results.json");

    List<Message> messages = MessagesFormat.fromRequest(request);

    assertThat(messages).extracting(Message::role).containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT,
        Role.TOOL, Role.TOOL, Role.USER);
    assertThat(messages.get(0).content()).isEqualTo("You are a weather assistant.Answer in one sentence.");
    assertThat(messages.get(2).content()).isEqualTo("I'll check both cities.");
    assertThat(messages.get(2).toolCalls()).containsExactly(
        new ToolCall("toolu_01A09q90qw90lq917835lq9", "get_weather", "{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}"),
        new ToolCall("toolu_01B09q90qw90lq917835lq9", "get_weather", "{\"location\":\"Oslo, Norway\",\"unit\":\"celsius\"}"));
    assertThat(messages.get(3).toolCallId()).contains("toolu_01A09q90qw90lq917835lq9");
    assertThat(messages.get(3).content()).isEqualTo("15 degrees, sunny");
    assertThat(messages.get(4).content()).isEqualTo("Service unavailable for Oslo");
    assertThat(messages.get(5).content()).isEqualTo("Also, what should I wear?");

    ObjectNode written = MessagesFormat.request("claude-sonnet-4-5", ChatRequest.of(messages),
        JSON.createObjectNode().put("max_tokens", 1024));
    assertThat(written).isEqualTo(request);
  }

  @Test
  void foldingAnAssistantTurn_keepsThinkingBlocksAndSignaturesVerbatim() {
    JsonNode request = fixture("request-tool-results.json");
    List<Message> messages = MessagesFormat.fromRequest(request);
    ContextState state = ContextState.of(Conversation.of(messages));
    ContextState folded = state.fragmentMessages(2, 3, RoleFilter.ALL, 1).state();
    folded = folded.fragmentMessages(4, 5, RoleFilter.ALL, 1).state();
    folded = folded.fold(folded.fragments().get(0).id()).state();
    folded = folded.fold(folded.fragments().get(1).id()).state();

    ArrayNode wire = MessagesFormat.messages(folded.view().messages());

    JsonNode assistant = wire.get(1).get("content");
    JsonNode original = request.get("messages").get(1).get("content");
    assertThat(assistant.get(0)).isEqualTo(original.get(0));
    assertThat(assistant.get(1)).isEqualTo(original.get(1));
    assertThat(assistant.get(2).get("text").asText()).startsWith("[fragment ").contains("folded");
    assertThat(assistant.get(3)).isEqualTo(original.get(3));
    assertThat(assistant.get(4)).isEqualTo(original.get(4));
    JsonNode oslo = wire.get(2).get("content").get(1);
    assertThat(oslo.get("is_error").asBoolean()).isTrue();
    assertThat(oslo.get("content").get(0).get("text").asText()).startsWith("[fragment ");
    assertThat(oslo.get("content").get(1)).isEqualTo(request.get("messages").get(2).get("content").get(1)
        .get("content").get(1));
    assertThat(wire.get(2).get("content").get(0)).isEqualTo(request.get("messages").get(2).get("content").get(0));
  }

  @Test
  void response_keepsEveryBlockAndReportsUsageWithCacheReadsAndWrites() {
    ChatResponse response = MessagesFormat.response(fixture("response-thinking-tool-use.json"));

    assertThat(response.message().content()).isEqualTo("I'll look that up.");
    assertThat(response.message().toolCalls()).containsExactly(new ToolCall("toolu_01A09q90qw90lq917835lq9",
        "get_weather", "{\"location\":\"San Francisco, CA\"}"));
    assertThat(response.finishReason()).contains("tool_use");
    assertThat(response.responseId()).contains("msg_01Aq9w938a90dw8q");
    assertThat(response.model()).contains("claude-sonnet-4-5-20250929");
    assertThat(response.usage().promptTokens()).isEqualTo(2095 + 1200 + 30000);
    assertThat(response.usage().cachedPromptTokens()).isEqualTo(30000);
    assertThat(response.usage().cacheWriteTokens()).isEqualTo(1200);
    assertThat(response.usage().completionTokens()).isEqualTo(503);

    ArrayNode next = MessagesFormat.messages(List.of(Message.user("Weather?"), response.message(),
        Message.tool("toolu_01A09q90qw90lq917835lq9", "15 degrees")));
    assertThat(next.get(1).get("content")).isEqualTo(fixture("response-thinking-tool-use.json").get("content"));
    assertThat(next.get(2)).isEqualTo(JSON.createObjectNode().put("role", "user").set("content",
        JSON.createArrayNode().add(JSON.createObjectNode().put("type", "tool_result")
            .put("tool_use_id", "toolu_01A09q90qw90lq917835lq9").put("content", "15 degrees"))));
  }

  @Test
  void response_serverToolBlocksAndCitedTextSurviveAndTextIsConcatenated() {
    JsonNode body = fixture("response-web-search.json");

    ChatResponse response = MessagesFormat.response(body);

    assertThat(response.message().content()).isEqualTo("I'll search for when Claude Shannon was born.\n"
        + "Based on the search results, Claude Shannon was born on April 30, 1916, in Petoskey, Michigan");
    assertThat(response.message().toolCalls()).isEmpty();
    assertThat(MessagesFormat.messages(List.of(response.message())).get(0).get("content")).isEqualTo(body.get("content"));
  }

  @Test
  void newMessages_takeTheShapesTheApiExpects() {
    List<Message> messages = List.of(Message.system("Be brief."), Message.user("Hi"),
        Message.assistant("Checking.", List.of(new ToolCall("toolu_1", "fold_fragment", "{\"fragment_id\":\"f1a2b3\"}"),
            new ToolCall("toolu_2", "search_context", "{\"query\": "))),
        Message.tool("toolu_1", "Folded."), Message.tool("toolu_2", "Error: invalid JSON"), Message.user("Thanks"));

    ObjectNode body = MessagesFormat.request("claude-haiku-4-5", ChatRequest.of(messages, SculptorTools.specs(),
        ToolChoice.required()), JSON.createObjectNode().put("max_tokens", 512));

    assertThat(body.get("system").asText()).isEqualTo("Be brief.");
    assertThat(body.get("max_tokens").asInt()).isEqualTo(512);
    JsonNode wire = body.get("messages");
    assertThat(wire).hasSize(4);
    assertThat(wire.get(1).get("content").get(0)).isEqualTo(JSON.createObjectNode().put("type", "text").put("text", "Checking."));
    assertThat(wire.get(1).get("content").get(1).get("input").get("fragment_id").asText()).isEqualTo("f1a2b3");
    assertThat(wire.get(1).get("content").get(2).get("input")).isEqualTo(JSON.createObjectNode());
    assertThat(wire.get(2).get("content")).hasSize(2);
    assertThat(wire.get(3).get("content").asText()).isEqualTo("Thanks");
    assertThat(body.get("tool_choice")).isEqualTo(JSON.createObjectNode().put("type", "any"));
    assertThat(body.get("tools")).hasSize(6);
    assertThat(body.get("tools").get(0).get("name").asText()).isEqualTo("fragment_context");
    assertThat(body.get("tools").get(0).get("input_schema").get("type").asText()).isEqualTo("object");
    assertThat(body.get("tools").get(0).has("strict")).isFalse();
  }

  @Test
  void tools_strictSpecsSayStrictAndToolChoicesMapToTheApisFour() {
    JsonNode strict = MessagesFormat.tools(SculptorTools.strictSpecs());
    assertThat(strict).allSatisfy(tool -> assertThat(tool.get("strict").asBoolean()).isTrue());
    assertThat(strict.get(0).fieldNames()).toIterable().containsExactly("name", "description", "input_schema", "strict");
    assertThat(MessagesFormat.toolChoice(ToolChoice.auto()).toString()).isEqualTo("{\"type\":\"auto\"}");
    assertThat(MessagesFormat.toolChoice(ToolChoice.none()).toString()).isEqualTo("{\"type\":\"none\"}");
    assertThat(MessagesFormat.toolChoice(ToolChoice.function("fold_fragment")).toString())
        .isEqualTo("{\"type\":\"tool\",\"name\":\"fold_fragment\"}");
  }

  @Test
  void request_refusesParametersThatReplaceWhatTheFormatWrites() {
    assertThatThrownBy(() -> MessagesFormat.request("m", ChatRequest.of(List.of(Message.user("x"))),
        JSON.createObjectNode().put("system", "sneaky")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[system]");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "[{\"role\": \"system\", \"content\": \"x\"}]",
      "[{\"content\": \"x\"}]",
      "[{\"role\": \"user\", \"content\": 5}]",
      "[{\"role\": \"user\"}]",
      "[{\"role\": \"user\", \"content\": [{\"type\": \"tool_result\"}]}]",
      "[{\"role\": \"assistant\", \"content\": [{\"type\": \"tool_use\", \"name\": \"x\", \"input\": {}}]}]",
      "[{\"role\": \"user\", \"content\": [{\"type\": \"tool_result\", \"tool_use_id\": \"t\", \"content\": 7}]}]",
      "[\"hello\"]",
      "{\"role\": \"user\"}"})
  void malformedMessages_areRefusedNamingTheProblem(String messages) throws IOException {
    JsonNode wire = JSON.readTree(messages);
    assertThatThrownBy(() -> MessagesFormat.toMessages(null, wire))
        .isInstanceOf(AnthropicFormatException.class).hasMessageContaining("[");
  }

  @ParameterizedTest
  @ValueSource(strings = {"error-overloaded.json", "response-thinking-tool-use.json"})
  void response_refusesWhatIsNoAssistantMessage(String name) {
    ObjectNode body = fixture(name).deepCopy();
    if (body.has("content")) {
      body.remove("content");
    }
    assertThatThrownBy(() -> MessagesFormat.response(body)).isInstanceOf(AnthropicFormatException.class);
  }

  @Test
  void systemMessagesAnywhere_goToTheSystemParameterInOrder() {
    List<Message> messages = new ArrayList<>(List.of(Message.system("One."), Message.user("Hi"), Message.system("Two.")));

    JsonNode system = MessagesFormat.system(messages);

    assertThat(system.toString()).isEqualTo("[{\"type\":\"text\",\"text\":\"One.\"},{\"type\":\"text\",\"text\":\"Two.\"}]");
    assertThat(MessagesFormat.messages(messages)).hasSize(1);
    assertThat(MessagesFormat.system(List.of(Message.user("x")))).isNull();
    assertThat(ToolSpec.of("x", "y", "{}")).isNotNull();
  }
}
