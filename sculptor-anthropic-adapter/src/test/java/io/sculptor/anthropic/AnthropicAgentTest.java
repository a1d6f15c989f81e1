package io.sculptor.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.agent.ContextPolicy;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.FragmentStatus;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatStreamListener;
import io.sculptor.model.ToolChoice;
import io.sculptor.model.ToolSpec;
import io.sculptor.testing.LocalAnthropicServer;
import io.sculptor.testing.LocalAnthropicServer.Reply;
import io.sculptor.testing.LocalOpenAiServer;
import io.sculptor.testing.TestConversations;
import io.sculptor.testing.TestScripts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ContextAgent} running the six tools over {@link AnthropicChatModel} and a real local
 * server, end to end, whole and streamed: the model fragments, folds, searches, restores and
 * answers through the Messages API's {@code tool_use} and {@code tool_result} blocks.
 */
class AnthropicAgentTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FRAGMENT_ID = Pattern.compile("\\b(f[0-9a-z]{5})\\b");

  /** Fragments the updates, folds the first fragment the tool result names, then answers. */
  private static Function<JsonNode, Reply> script() {
    AtomicInteger calls = new AtomicInteger();
    return request -> switch (calls.getAndIncrement()) {
      case 0 -> Reply.toolUses(new ToolCall("toolu_1", "fragment_context", "{\"start_marker\": \""
          + TestConversations.UPDATES_BEGIN + "\", \"end_marker\": \"" + TestConversations.UPDATES_END
          + "\", \"num_fragments\": 4}"));
      case 1 -> {
        JsonNode messages = request.get("messages");
        JsonNode last = messages.get(messages.size() - 1).get("content");
        String result = last.get(0).get("content").toString();
        Matcher id = FRAGMENT_ID.matcher(result);
        if (!id.find()) {
          throw new AssertionError("no fragment id in " + result);
        }
        yield Reply.toolUses(new ToolCall("toolu_2", "fold_fragment", "{\"fragment_id\": \"" + id.group(1) + "\"}"));
      }
      default -> Reply.answer("The first quarter of the updates is folded.");
    };
  }

  @Test
  void sixTools_runOverAnthropic_streamedExactlyAsWhole() {
    ContextState state = ContextState.of(TestConversations.keyValueTask(6_000, 3));
    AgentRun whole;
    List<JsonNode> wholeRequests;
    try (LocalAnthropicServer server = LocalAnthropicServer.start(script())) {
      AnthropicChatModel model = AnthropicChatModel.builder().baseUrl(server.baseUrl()).noApiKey()
          .model("claude-test").build();
      whole = ContextAgent.builder(model).build().run(state);
      wholeRequests = server.requests();
    }
    StringBuilder streamedText = new StringBuilder();
    List<String> toolCalls = new java.util.ArrayList<>();
    AgentRun streamed;
    List<JsonNode> streamedRequests;
    try (LocalAnthropicServer server = LocalAnthropicServer.start(script())) {
      AnthropicChatModel model = AnthropicChatModel.builder().baseUrl(server.baseUrl()).noApiKey()
          .model("claude-test").build();
      streamed = ContextAgent.builder(model).build().run(state, new ChatStreamListener() {
        @Override
        public void onText(String delta) {
          streamedText.append(delta);
        }

        @Override
        public void onToolCall(String id, String name) {
          toolCalls.add(name);
        }
      });
      streamedRequests = server.requests();
    }

    assertThat(whole.answer()).isEqualTo("The first quarter of the updates is folded.");
    assertThat(whole.toolUsage().counts()).containsEntry("fragment_context", 1).containsEntry("fold_fragment", 1);
    assertThat(whole.state().fragments()).hasSize(4)
        .filteredOn(f -> f.status().equals(FragmentStatus.folded())).hasSize(1);
    assertThat(streamed.state()).isEqualTo(whole.state());
    assertThat(streamed.answer()).isEqualTo(whole.answer());
    assertThat(streamedText.toString()).isEqualTo(whole.answer());
    assertThat(toolCalls).containsExactly("fragment_context", "fold_fragment");
    assertThat(streamedRequests).allSatisfy(r -> assertThat(r.get("stream").asBoolean()).isTrue());
    assertThat(wholeRequests).noneSatisfy(r -> assertThat(r.path("stream").asBoolean()).isTrue());
    // the six tools in Anthropic's format, the system prompt top level, the fold in the third request
    assertThat(wholeRequests.get(0).get("tools")).extracting(t -> t.get("name").asText())
        .contains("fragment_context", "summarize_fragment", "fold_fragment", "restore_fragment", "search_context",
            "get_search_detail");
    assertThat(wholeRequests.get(0).get("tools").get(0).has("input_schema")).isTrue();
    assertThat(wholeRequests.get(2).toString().length()).isLessThan(wholeRequests.get(1).toString().length());
  }

  /**
   * Plays {@link TestScripts#foldSearchRestore} on the Messages API: the request is read with
   * {@link MessagesFormat}, shown to the script as chat messages, and its reply sent as blocks.
   */
  static LocalAnthropicServer.Reply foldSearchRestore(JsonNode request) {
    ArrayNode chat = JSON.createArrayNode();
    for (Message m : MessagesFormat.fromRequest(request)) {
      ObjectNode message = chat.addObject().put("role", m.role().wireName()).put("content", m.content());
      m.toolCallId().ifPresent(id -> message.put("tool_call_id", id));
      if (!m.toolCalls().isEmpty()) {
        ArrayNode calls = message.putArray("tool_calls");
        m.toolCalls().forEach(c -> calls.addObject().put("id", c.id()).putObject("function")
            .put("name", c.name()).put("arguments", c.arguments()));
      }
    }
    LocalOpenAiServer.Reply reply = TestScripts.foldSearchRestore(JSON.createObjectNode().set("messages", chat));
    JsonNode said;
    try {
      said = JSON.readTree(reply.body()).get("choices").get(0).get("message");
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    if (!said.has("tool_calls")) {
      return LocalAnthropicServer.Reply.answer(said.get("content").asText());
    }
    List<ToolCall> calls = new ArrayList<>();
    said.get("tool_calls").forEach(c -> calls.add(new ToolCall(c.get("id").asText(),
        c.get("function").get("name").asText(), c.get("function").get("arguments").asText())));
    return LocalAnthropicServer.Reply.toolUses(calls.toArray(ToolCall[]::new));
  }

  @Test
  void contextAgent_runsTheSixToolsOverTheMessagesApi() {
    try (LocalAnthropicServer server = LocalAnthropicServer.start(AnthropicAgentTest::foldSearchRestore)) {
      AnthropicChatModel model = AnthropicChatModelTest.model(server.baseUrl()).build();
      ContextAgent agent = ContextAgent.builder(model)
          .tool(ToolSpec.of("weather", "Current weather in a city.",
              "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}}"), arguments -> "4 °C, rain")
          .firstStepToolChoice(ToolChoice.required())
          .policy(ContextPolicy.foldStaleToolResults(8))
          .build();

      AgentRun run = agent.run(ContextState.of(Conversation.of(Message.system("You track key-value updates."),
          Message.user(TestScripts.keyUpdateQuestion()))));

      assertThat(run.answer()).isEqualTo("The current value of key7 is value387.");
      assertThat(run.stopReason()).isEqualTo(AgentRun.StopReason.ANSWERED);
      assertThat(run.toolUsage().counts()).containsEntry("fragment_context", 1).containsEntry("fold_fragment", 2)
          .containsEntry("search_context", 1).containsEntry("restore_fragment", 1).containsEntry("weather", 1);
      List<JsonNode> requests = server.requests();
      assertThat(requests).hasSize(5);
      assertThat(requests.get(0).get("tool_choice").get("type").asText()).isEqualTo("any");
      assertThat(requests.get(1).get("tool_choice").get("type").asText()).isEqualTo("auto");
      assertThat(requests.get(0).get("system").get(0).get("text").asText()).isEqualTo("You track key-value updates.");
      JsonNode last = requests.get(4).get("messages");
      // fold, fold in one assistant turn: both results in one user message, as the API requires
      JsonNode folds = last.get(4);
      assertThat(folds.get("role").asText()).isEqualTo("user");
      assertThat(folds.get("content")).hasSize(2)
          .allSatisfy(b -> assertThat(b.get("type").asText()).isEqualTo("tool_result"));
      assertThat(last.get(5).get("content").get(1).get("name").asText()).isEqualTo("weather");
      assertThat(last.get(6).get("content")).hasSize(2);
      for (JsonNode request : requests) {
        assertThat(toolUsesAnswered(request.get("messages"))).isTrue();
      }
      assertThat(run.usage().promptTokens()).isPositive();
      assertThat(run.usage().cachedPromptTokens()).isPositive();
    }
  }

  /** Every tool_use block is answered by a tool_result in the very next message, and nothing else is. */
  static boolean toolUsesAnswered(JsonNode messages) {
    for (int i = 0; i < messages.size(); i++) {
      List<String> uses = new ArrayList<>();
      List<String> results = new ArrayList<>();
      for (JsonNode block : messages.get(i).path("content")) {
        if (block.path("type").asText().equals("tool_use")) {
          uses.add(block.get("id").asText());
        }
      }
      if (uses.isEmpty()) {
        continue;
      }
      if (i + 1 >= messages.size()) {
        return false;
      }
      for (JsonNode block : messages.get(i + 1).path("content")) {
        if (block.path("type").asText().equals("tool_result")) {
          results.add(block.get("tool_use_id").asText());
        }
      }
      if (!results.equals(uses)) {
        return false;
      }
    }
    return true;
  }
}
