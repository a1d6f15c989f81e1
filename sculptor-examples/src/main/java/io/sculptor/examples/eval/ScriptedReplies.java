package io.sculptor.examples.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.ToolCall;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the scripted agents share: the Chat Completions response body of a decision, and reading
 * and writing tool-call arguments. Thread-safe; holds no state.
 */
final class ScriptedReplies {
  static final ObjectMapper JSON = new ObjectMapper();

  private ScriptedReplies() {}

  /**
   * One tool call of the conversation and the result it got, as the view shows it (a marker when
   * the result is folded, empty when unanswered).
   *
   * @param name the tool
   * @param arguments the arguments as sent
   * @param result the result's text
   */
  record Exchange(String name, String arguments, String result) {}

  /** {@return every tool call of {@code view} with its result, in order} */
  static List<Exchange> exchanges(List<Message> view) {
    Map<String, String> results = new HashMap<>();
    for (Message m : view) {
      m.toolCallId().ifPresent(id -> results.put(id, m.content()));
    }
    List<Exchange> exchanges = new ArrayList<>();
    for (Message m : view) {
      for (ToolCall call : m.toolCalls()) {
        exchanges.add(new Exchange(call.name(), call.arguments(), results.getOrDefault(call.id(), "")));
      }
    }
    return exchanges;
  }

  /** {@return the content of every assistant message of {@code view}: the agent's notes, in order} */
  static List<String> notes(List<Message> view) {
    return view.stream().filter(m -> m.role() == Role.ASSISTANT).map(Message::content).toList();
  }

  /**
   * {@return a Chat Completions response body}: {@code text} as the assistant's content, and the
   * {@code calls} (each a tool name and its arguments) as its tool calls, numbered after {@code number}
   */
  static JsonNode completion(String model, int number, String text, List<String[]> calls) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", "scripted-" + number);
    body.put("object", "chat.completion");
    body.put("model", model);
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", text);
    if (calls.isEmpty()) {
      choice.put("finish_reason", "stop");
    } else {
      ArrayNode array = message.putArray("tool_calls");
      int n = 0;
      for (String[] call : calls) {
        ObjectNode c = array.addObject().put("id", "call_" + number + "_" + (n++)).put("type", "function");
        c.putObject("function").put("name", call[0]).put("arguments", call[1]);
      }
      choice.put("finish_reason", "tool_calls");
    }
    body.putObject("usage").put("prompt_tokens", 0).put("completion_tokens", 0).put("total_tokens", 0);
    return body;
  }

  /** The text of one field of a call's arguments, or empty when they are not a JSON object with it. */
  static String argument(String arguments, String field) {
    try {
      return JSON.readTree(arguments).path(field).asText("");
    } catch (JsonProcessingException e) {
      return "";
    }
  }

  /** {@return the arguments {@code name, value, name, value, …} as a JSON object} */
  static String args(Object... pairs) {
    ObjectNode node = JSON.createObjectNode();
    for (int i = 0; i < pairs.length; i += 2) {
      node.set((String) pairs[i], JSON.valueToTree(pairs[i + 1]));
    }
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
