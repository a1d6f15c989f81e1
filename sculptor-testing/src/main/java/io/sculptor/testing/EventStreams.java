package io.sculptor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes a whole answer as the stream of server-sent events OpenAI sends for it, so that a client
 * that assembles the stream gets the same answer back: a chat completion as
 * {@code chat.completion.chunk} events ending with {@code data: [DONE]}, a Responses API response
 * as its typed events ending with {@code response.completed}. Text and arguments are cut into
 * pieces of a few characters, never inside a character.
 */
final class EventStreams {
  /** Characters (code points) per text piece: small, so that every answer streams in several. */
  private static final int PIECE = 4;

  private final ObjectMapper json;

  EventStreams(ObjectMapper json) {
    this.json = json;
  }

  /**
   * {@return the SSE body for {@code completion}}: per choice, a first chunk with the role and
   * every message field (strings in pieces over later chunks, tool calls by index with their
   * arguments in pieces), a chunk with the finish reason, then a chunk with the usage and no
   * choices, then {@code [DONE]}
   */
  String chatCompletion(JsonNode completion) {
    StringBuilder out = new StringBuilder();
    JsonNode choices = completion.path("choices");
    for (JsonNode choice : choices) {
      int index = choice.path("index").asInt(0);
      JsonNode message = choice.path("message");
      List<ObjectNode> deltas = new ArrayList<>();
      ObjectNode first = json.createObjectNode();
      deltas.add(first);
      for (Iterator<Map.Entry<String, JsonNode>> it = message.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getKey().equals("tool_calls")) {
          continue;
        }
        JsonNode value = field.getValue();
        if (!value.isTextual()) {
          first.set(field.getKey(), value);
          continue;
        }
        List<String> pieces = pieces(value.textValue());
        first.put(field.getKey(), pieces.get(0));
        for (String piece : pieces.subList(1, pieces.size())) {
          deltas.add(json.createObjectNode().put(field.getKey(), piece));
        }
      }
      JsonNode calls = message.path("tool_calls");
      for (int k = 0; k < calls.size(); k++) {
        JsonNode call = calls.get(k);
        String type = call.path("type").asText("function");
        String textField = type.equals("custom") ? "input" : "arguments";
        JsonNode payload = call.path(type);
        List<String> pieces = pieces(payload.path(textField).asText(""));
        ObjectNode start = json.createObjectNode().put("index", k);
        call.properties().forEach(f -> {
          if (!f.getKey().equals(type)) {
            start.set(f.getKey(), f.getValue());
          }
        });
        ObjectNode startPayload = start.putObject(type);
        payload.properties().forEach(f -> startPayload.set(f.getKey(), f.getValue()));
        startPayload.put(textField, pieces.get(0));
        deltas.add(json.createObjectNode().set("tool_calls", json.createArrayNode().add(start)));
        for (String piece : pieces.subList(1, pieces.size())) {
          ObjectNode more = json.createObjectNode().put("index", k);
          more.putObject(type).put(textField, piece);
          deltas.add(json.createObjectNode().set("tool_calls", json.createArrayNode().add(more)));
        }
      }
      for (ObjectNode delta : deltas) {
        data(out, chunk(completion, index, delta, null, null));
      }
      data(out, chunk(completion, index, json.createObjectNode(), choice.path("finish_reason"), choice.get("logprobs")));
    }
    if (completion.has("usage")) {
      ObjectNode last = base(completion);
      last.putArray("choices");
      last.set("usage", completion.get("usage"));
      data(out, last);
    }
    out.append("data: [DONE]\n\n");
    return out.toString();
  }

  private ObjectNode base(JsonNode completion) {
    ObjectNode chunk = json.createObjectNode();
    completion.properties().forEach(f -> {
      if (!f.getKey().equals("choices") && !f.getKey().equals("usage")) {
        chunk.set(f.getKey(), f.getValue());
      }
    });
    chunk.put("object", "chat.completion.chunk");
    return chunk;
  }

  private ObjectNode chunk(JsonNode completion, int index, ObjectNode delta, JsonNode finish, JsonNode logprobs) {
    ObjectNode chunk = base(completion);
    ObjectNode choice = chunk.putArray("choices").addObject().put("index", index);
    choice.set("delta", delta);
    choice.set("logprobs", logprobs == null ? json.nullNode() : logprobs);
    choice.set("finish_reason", finish == null || finish.isMissingNode() ? json.nullNode() : finish);
    chunk.putNull("usage");
    return chunk;
  }

  /**
   * {@return the SSE body for the Responses API {@code response}}: {@code response.created} with
   * an empty output, then per output item {@code response.output_item.added}, its deltas (text per
   * content part, function-call arguments, custom-call input, reasoning summary text) and
   * {@code response.output_item.done}, then {@code response.completed} with the whole response
   * (or {@code response.incomplete} or {@code response.failed}, as its status says)
   */
  String response(JsonNode response) {
    List<ObjectNode> events = new ArrayList<>();
    ObjectNode created = ((ObjectNode) response).deepCopy();
    created.put("status", "in_progress");
    created.putArray("output");
    events.add(event("response.created").set("response", created));
    JsonNode output = response.path("output");
    for (int i = 0; i < output.size(); i++) {
      JsonNode item = output.get(i);
      String itemId = item.path("id").asText("item_" + i);
      ObjectNode added = ((ObjectNode) item).deepCopy();
      switch (item.path("type").asText()) {
        case "message" -> added.putArray("content");
        case "function_call" -> added.put("arguments", "");
        case "custom_tool_call" -> added.put("input", "");
        case "reasoning" -> added.putArray("summary");
        default -> { }
      }
      if (added.has("status")) {
        added.put("status", "in_progress");
      }
      events.add(event("response.output_item.added").put("output_index", i).set("item", added));
      switch (item.path("type").asText()) {
        case "message" -> {
          JsonNode parts = item.path("content");
          for (int j = 0; j < parts.size(); j++) {
            JsonNode part = parts.get(j);
            if (part.path("type").asText().equals("output_text")) {
              for (String piece : pieces(part.path("text").asText())) {
                events.add(event("response.output_text.delta").put("item_id", itemId).put("output_index", i)
                    .put("content_index", j).put("delta", piece));
              }
              events.add(event("response.output_text.done").put("item_id", itemId).put("output_index", i)
                  .put("content_index", j).put("text", part.path("text").asText()));
            }
            events.add(event("response.content_part.done").put("item_id", itemId).put("output_index", i)
                .put("content_index", j).set("part", part));
          }
        }
        case "function_call", "custom_tool_call" -> {
          boolean function = item.path("type").asText().equals("function_call");
          String field = function ? "arguments" : "input";
          String kind = function ? "response.function_call_arguments" : "response.custom_tool_call_input";
          for (String piece : pieces(item.path(field).asText())) {
            events.add(event(kind + ".delta").put("item_id", itemId).put("output_index", i).put("delta", piece));
          }
          events.add(event(kind + ".done").put("item_id", itemId).put("output_index", i)
              .put(field, item.path(field).asText()));
        }
        case "reasoning" -> {
          JsonNode summary = item.path("summary");
          for (int j = 0; j < summary.size(); j++) {
            for (String piece : pieces(summary.get(j).path("text").asText())) {
              events.add(event("response.reasoning_summary_text.delta").put("item_id", itemId).put("output_index", i)
                  .put("summary_index", j).put("delta", piece));
            }
          }
        }
        default -> { }
      }
      events.add(event("response.output_item.done").put("output_index", i).set("item", item));
    }
    String status = response.path("status").asText("completed");
    String last = status.equals("failed") ? "response.failed"
        : status.equals("incomplete") ? "response.incomplete" : "response.completed";
    events.add(event(last).set("response", response));
    StringBuilder out = new StringBuilder();
    for (int n = 0; n < events.size(); n++) {
      ObjectNode event = events.get(n);
      event.put("sequence_number", n);
      out.append("event: ").append(event.get("type").asText()).append('\n');
      data(out, event);
    }
    return out.toString();
  }

  private ObjectNode event(String type) {
    return json.createObjectNode().put("type", type);
  }

  private void data(StringBuilder out, JsonNode event) {
    try {
      out.append("data: ").append(json.writeValueAsString(event)).append("\n\n");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("an event cannot be written as JSON", e);
    }
  }

  /** {@return {@code text} in pieces of {@value #PIECE} code points; one empty piece for ""} */
  static List<String> pieces(String text) {
    List<String> pieces = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = text.offsetByCodePoints(start, Math.min(PIECE, text.codePointCount(start, text.length())));
      pieces.add(text.substring(start, end));
      start = end;
    }
    if (pieces.isEmpty()) {
      pieces.add("");
    }
    return pieces;
  }
}
