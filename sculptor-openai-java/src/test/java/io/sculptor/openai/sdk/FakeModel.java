package io.sculptor.openai.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Answers in the shapes of the two OpenAI APIs, complete enough for the SDK to read. */
final class FakeModel {
  private static final Pattern FRAGMENT_ID = Pattern.compile("\\bf[0-9a-z]{5}\\b");

  private FakeModel() {}

  /** A chat completion whose message has {@code content} (null for none) and calls (id, name, arguments)*. */
  static String completion(String content, String... calls) {
    ObjectNode body = RecordingServer.STRICT.createObjectNode();
    body.put("id", "chatcmpl-1").put("object", "chat.completion").put("created", 1741569952).put("model", "gpt-4o-mini");
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0).putNull("logprobs").put("finish_reason", calls.length == 0 ? "stop" : "tool_calls");
    ObjectNode message = choice.putObject("message").put("role", "assistant").put("content", content);
    message.putNull("refusal");
    if (calls.length > 0) {
      ArrayNode toolCalls = message.putArray("tool_calls");
      for (int i = 0; i < calls.length; i += 3) {
        toolCalls.addObject().put("id", calls[i]).put("type", "function").putObject("function")
            .put("name", calls[i + 1]).put("arguments", calls[i + 2]);
      }
    }
    body.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 10).put("total_tokens", 110);
    return body.toString();
  }

  /** A Responses API response with a reasoning item, {@code text} (null for none) and calls (id, name, arguments)*. */
  static String response(String text, String... calls) {
    ObjectNode body = RecordingServer.STRICT.createObjectNode();
    body.put("id", "resp_1").put("object", "response").put("created_at", 1741569952).put("model", "gpt-4o-mini")
        .put("status", "completed").put("parallel_tool_calls", true).put("tool_choice", "auto");
    body.putArray("tools");
    body.putNull("error").putNull("incomplete_details").putNull("instructions").putNull("metadata")
        .putNull("temperature").putNull("top_p");
    ArrayNode output = body.putArray("output");
    output.addObject().put("type", "reasoning").put("id", "rs_" + (calls.length > 0 ? calls[0] : "text"))
        .putArray("summary");
    if (text != null) {
      ObjectNode message = output.addObject().put("type", "message").put("id", "msg_1").put("role", "assistant")
          .put("status", "completed");
      message.putArray("content").addObject().put("type", "output_text").put("text", text).putArray("annotations");
    }
    for (int i = 0; i < calls.length; i += 3) {
      output.addObject().put("type", "function_call").put("id", "fc_" + calls[i]).put("call_id", calls[i])
          .put("name", calls[i + 1]).put("arguments", calls[i + 2]).put("status", "completed");
    }
    body.putObject("usage").put("input_tokens", 100).put("output_tokens", 10).put("total_tokens", 110);
    return body.toString();
  }

  /** {@return the first fragment id named in {@code text}} */
  static String fragmentId(String text) {
    Matcher m = FRAGMENT_ID.matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException("no fragment id in [" + text + "]");
    }
    return m.group();
  }

  /** {@return the text of the last element of {@code array} under {@code field}} */
  static String lastText(JsonNode array, String field) {
    return array.get(array.size() - 1).path(field).asText();
  }
}
