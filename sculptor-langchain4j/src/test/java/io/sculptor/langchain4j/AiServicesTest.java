package io.sculptor.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import io.sculptor.core.Message;
import io.sculptor.testing.LocalOpenAiServer;
import io.sculptor.testing.LocalOpenAiServer.Reply;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real LangChain4j {@code AiServices} assistant over LangChain4j's own OpenAI chat model, pointed
 * at a local OpenAI-compatible server that plays the model: it fragments and folds the long
 * message, searches it and calls the application's tool, restores what the search pointed to, and
 * answers. The assertions read the exact requests the server received.
 */
class AiServicesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTED = Pattern.compile("^- (f[0-9a-z]{5}): ", Pattern.MULTILINE);
  private static final Pattern INSIDE = Pattern.compile("inside (f[0-9a-z]{5})");

  interface Assistant {
    String chat(@MemoryId String user, @UserMessage String message);
  }

  static final class WeatherTools {
    final List<String> cities = new CopyOnWriteArrayList<>();

    @Tool("Current weather in a city")
    String weather(String city) {
      cities.add(city);
      return "14 °C and cloudy in " + city;
    }
  }

  private LocalOpenAiServer server;

  @BeforeEach
  void start() {
    server = LocalOpenAiServer.start(request -> Reply.ok(play(request.get("messages"))));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String stream() {
    StringBuilder text = new StringBuilder("UPDATES\n");
    for (int i = 0; i < 400; i++) {
      text.append("key").append(i % 20).append(": value").append(i).append('\n');
    }
    return text.append("END\nWhat is the current value of key7?").toString();
  }

  /** The scripted model: what it answers depends only on the conversation it is sent. */
  private static ObjectNode play(JsonNode messages) {
    JsonNode last = messages.get(messages.size() - 1);
    if (last.path("role").asText().equals("user")) {
      return last.path("content").asText().equals("Hi")
          ? answer("Hello, Bob.")
          : calls(call("c1", "fragment_context",
              "{\"start_marker\": \"UPDATES\", \"end_marker\": \"END\", \"num_fragments\": 4}"));
    }
    String lastTool = toolNameOf(messages, last.path("tool_call_id").asText());
    switch (lastTool) {
      case "fragment_context": {
        Matcher ids = LISTED.matcher(last.path("content").asText());
        List<String> listed = new ArrayList<>();
        while (ids.find()) {
          listed.add(ids.group(1));
        }
        return calls(call("c2", "fold_fragment", "{\"fragment_id\": \"" + listed.get(0) + "\"}"),
            call("c3", "fold_fragment", "{\"fragment_id\": \"" + listed.get(1) + "\"}"));
      }
      case "fold_fragment":
        return calls(call("c4", "search_context", "{\"query\": \"key7: value7\\n\"}"),
            call("c5", "weather", "{\"city\": \"Oslo\"}"));
      case "weather": {
        String found = contentOfResult(messages, "c4");
        Matcher inside = INSIDE.matcher(found);
        return inside.find() ? calls(call("c6", "restore_fragment", "{\"fragment_id\": \"" + inside.group(1) + "\"}"))
            : answer("The search found nothing folded: " + found);
      }
      case "restore_fragment":
        return answer("The current value of key7 is value387.");
      default:
        return answer("unexpected tool " + lastTool);
    }
  }

  private static String toolNameOf(JsonNode messages, String callId) {
    for (JsonNode m : messages) {
      for (JsonNode c : m.path("tool_calls")) {
        if (c.path("id").asText().equals(callId)) {
          return c.path("function").path("name").asText();
        }
      }
    }
    return "";
  }

  private static String contentOfResult(JsonNode messages, String callId) {
    for (JsonNode m : messages) {
      if (m.path("tool_call_id").asText().equals(callId)) {
        return m.path("content").asText();
      }
    }
    return "";
  }

  private static ObjectNode call(String id, String name, String arguments) {
    ObjectNode call = JSON.createObjectNode().put("id", id).put("type", "function");
    call.putObject("function").put("name", name).put("arguments", arguments);
    return call;
  }

  private static ObjectNode calls(ObjectNode... calls) {
    ObjectNode message = JSON.createObjectNode().put("role", "assistant");
    message.putNull("content");
    ArrayNode list = message.putArray("tool_calls");
    for (ObjectNode c : calls) {
      list.add(c);
    }
    return completion(message, "tool_calls");
  }

  private static ObjectNode answer(String text) {
    return completion(JSON.createObjectNode().put("role", "assistant").put("content", text), "stop");
  }

  private static ObjectNode completion(ObjectNode message, String finish) {
    ObjectNode completion = JSON.createObjectNode().put("id", "chatcmpl-local").put("object", "chat.completion")
        .put("created", 1).put("model", "gpt-4o-mini");
    completion.putArray("choices").addObject().put("index", 0).put("finish_reason", finish).set("message", message);
    completion.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5).put("total_tokens", 15);
    return completion;
  }

  @Test
  void aiServices_modelFoldsSearchesRestoresAndAnswers_throughItsOwnToolLoop() {
    SculptorChatMemoryProvider memories = SculptorChatMemoryProvider.builder().build();
    WeatherTools weather = new WeatherTools();
    OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(server.baseUrl())
        .apiKey("sk-local").modelName("gpt-4o-mini").build();
    // snippet:langchain4j
    Assistant assistant = AiServices.builder(Assistant.class)
        .chatModel(model)
        .chatMemoryProvider(memories)              // a reversible memory per memory id
        .toolProvider(memories.toolProvider())     // the six Sculptor tools, on that memory
        .tools(weather)                            // the application's own @Tool methods
        .build();
    // end-snippet

    String answer = assistant.chat("alice", stream());
    String bob = assistant.chat("bob", "Hi");
    List<JsonNode> requests = server.requests();

    assertThat(answer).isEqualTo("The current value of key7 is value387.");
    assertThat(bob).isEqualTo("Hello, Bob.");
    assertThat(weather.cities).containsExactly("Oslo");
    List<JsonNode> alice = requests.subList(0, 5);
    for (JsonNode request : requests) {
      assertValidToolPairs(request.get("messages"));
    }
    assertThat(alice.get(0).get("tools")).extracting(t -> t.path("function").path("name").asText())
        .contains("fragment_context", "fold_fragment", "restore_fragment", "search_context", "weather");
    String folded = alice.get(2).get("messages").get(0).get("content").asText();
    assertThat(folded).contains("folded: ").contains("restore_fragment f").hasSizeLessThan(stream().length());
    String restoredView = alice.get(4).get("messages").get(0).get("content").asText();
    assertThat(restoredView).contains("key7: value7\n").hasSizeGreaterThan(folded.length());
    Message original = memories.get("alice").state().original().get(0);
    assertThat(original.content()).isEqualTo(stream());
    assertThat(memories.get("alice").state().original().size()).isEqualTo(12);
    assertThat(requests.get(5).get("messages")).hasSize(1);
    assertThat(requests.get(5).toString()).doesNotContain("fragment f");
    assertThat(memories.get("bob").state().original().size()).isEqualTo(2);
  }

  /** Every tool message answers a call of an earlier assistant message, and every call is answered. */
  private static void assertValidToolPairs(JsonNode messages) {
    Set<String> open = new HashSet<>();
    for (JsonNode m : messages) {
      for (JsonNode c : m.path("tool_calls")) {
        open.add(c.path("id").asText());
      }
      if (m.path("role").asText().equals("tool")) {
        assertThat(open.remove(m.path("tool_call_id").asText())).as("tool result %s answers a call", m).isTrue();
      }
    }
    JsonNode last = messages.get(messages.size() - 1);
    assertThat(open).as("unanswered calls before %s", last).isEmpty();
  }
}
