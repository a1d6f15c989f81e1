package io.sculptor.springai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local OpenAI-compatible chat completions server on 127.0.0.1 that plays the model with a
 * script (what it answers depends only on the messages it is sent) and keeps every request.
 */
final class ScriptedOpenAiServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTED = Pattern.compile("^- (f[0-9a-z]{5}): ", Pattern.MULTILINE);
  private static final Pattern INSIDE = Pattern.compile("inside (f[0-9a-z]{5})");

  final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  ScriptedOpenAiServer(Function<JsonNode, ObjectNode> script) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
      requests.add(request);
      byte[] answer = JSON.writeValueAsBytes(script.apply(request.get("messages")));
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
  }

  /** {@return the base URL, as OpenAI's is {@code https://api.openai.com/v1}} */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** A long stream of key updates and a question about it. */
  static String stream() {
    StringBuilder text = new StringBuilder("UPDATES\n");
    for (int i = 0; i < 400; i++) {
      text.append("key").append(i % 20).append(": value").append(i).append('\n');
    }
    return text.append("END\nWhat is the current value of key7?").toString();
  }

  /**
   * The model that fragments and folds the long message, searches it while calling the
   * application's weather tool, restores what the search pointed to, and answers; "Hi" it greets.
   */
  static ObjectNode foldSearchRestore(JsonNode messages) {
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

  static String toolNameOf(JsonNode messages, String callId) {
    for (JsonNode m : messages) {
      for (JsonNode c : m.path("tool_calls")) {
        if (c.path("id").asText().equals(callId)) {
          return c.path("function").path("name").asText();
        }
      }
    }
    return "";
  }

  static String contentOfResult(JsonNode messages, String callId) {
    for (JsonNode m : messages) {
      if (m.path("tool_call_id").asText().equals(callId)) {
        return m.path("content").asText();
      }
    }
    return "";
  }

  static ObjectNode call(String id, String name, String arguments) {
    ObjectNode call = JSON.createObjectNode().put("id", id).put("type", "function");
    call.putObject("function").put("name", name).put("arguments", arguments);
    return call;
  }

  static ObjectNode calls(ObjectNode... calls) {
    ObjectNode message = JSON.createObjectNode().put("role", "assistant");
    message.putNull("content");
    ArrayNode list = message.putArray("tool_calls");
    for (ObjectNode c : calls) {
      list.add(c);
    }
    return completion(message, "tool_calls");
  }

  static ObjectNode answer(String text) {
    return completion(JSON.createObjectNode().put("role", "assistant").put("content", text), "stop");
  }

  private static ObjectNode completion(ObjectNode message, String finish) {
    ObjectNode completion = JSON.createObjectNode().put("id", "chatcmpl-local").put("object", "chat.completion")
        .put("created", 1).put("model", "gpt-4o-mini");
    completion.putArray("choices").addObject().put("index", 0).put("finish_reason", finish).set("message", message);
    completion.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5).put("total_tokens", 15);
    return completion;
  }

  /** Every tool message answers a call of an earlier assistant message, and every call is answered. */
  static void assertValidToolPairs(JsonNode messages) {
    Set<String> open = new HashSet<>();
    for (JsonNode m : messages) {
      for (JsonNode c : m.path("tool_calls")) {
        open.add(c.path("id").asText());
      }
      if (m.path("role").asText().equals("tool")) {
        assertThat(open.remove(m.path("tool_call_id").asText())).as("tool result %s answers a call", m).isTrue();
      }
    }
    assertThat(open).as("unanswered calls in %s", messages).isEmpty();
  }
}
