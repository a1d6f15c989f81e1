package io.sculptor.openai.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatStreamListener;
import io.sculptor.openai.WireFormatException;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads a streamed Responses API answer: its typed events up to the one that ends it. Text deltas
 * ({@code response.output_text.delta}) and reasoning deltas ({@code response.reasoning_text.delta},
 * {@code response.reasoning_summary_text.delta}) go to the listener, and so does the start of each
 * function or custom tool call ({@code response.output_item.added}). {@code response.completed} and
 * {@code response.incomplete} carry the whole response, which is the result (its output, should it
 * come empty, is made of the {@code response.output_item.done} items); {@code response.failed}
 * and {@code error} end the stream with the provider's failure.
 *
 * <p>One stream, one thread.
 */
public final class ResponseEvents {
  private final ChatStreamListener listener;
  private final Function<JsonNode, ChatModelException> errors;
  private final TreeMap<Integer, JsonNode> doneItems = new TreeMap<>();
  private ObjectNode response;

  /**
   * Creates a reader.
   *
   * @param listener receives the pieces
   * @param errors makes the failure for the provider's error object
   */
  public ResponseEvents(ChatStreamListener listener, Function<JsonNode, ChatModelException> errors) {
    this.listener = listener;
    this.errors = errors;
  }

  /**
   * {@return the whole response the stream ended with}
   *
   * @throws WireFormatException if an event is not JSON, or the stream ends before a response
   * @throws ChatModelException if the provider says the response failed, or the stream fails
   */
  public ObjectNode read(SseEvents events) {
    int number = 0;
    for (SseEvent event = events.next(); event != null; event = events.next()) {
      if (accept(event, number++)) {
        return response;
      }
    }
    throw new WireFormatException("the stream ended after [" + number + "] events, before response.completed");
  }

  /**
   * Takes one event.
   *
   * @return whether it ended the stream with a response, now {@link #response()}
   */
  public boolean accept(SseEvent event, int number) {
    JsonNode data;
    try {
      data = Json.read(event.data());
    } catch (JsonProcessingException e) {
      throw new WireFormatException("event [" + number + "] is not JSON: " + e.getOriginalMessage());
    }
    String type = data.path("type").asText(event.type());
    switch (type) {
      case "response.output_text.delta" -> text(data, listener::onText);
      case "response.reasoning_text.delta", "response.reasoning_summary_text.delta" -> text(data, listener::onReasoning);
      case "response.output_item.added" -> {
        JsonNode item = data.path("item");
        String itemType = item.path("type").asText();
        if ((itemType.equals("function_call") || itemType.equals("custom_tool_call"))
            && item.path("call_id").isTextual() && item.path("name").isTextual()) {
          listener.onToolCall(item.get("call_id").textValue(), item.get("name").textValue());
        }
      }
      case "response.output_item.done" -> {
        if (data.path("item").isObject()) {
          doneItems.put(data.path("output_index").asInt(doneItems.size()), data.get("item"));
        }
      }
      case "response.completed", "response.incomplete" -> {
        response = Json.requireObject(data.get("response"), "event [" + number + "] " + type + " response").deepCopy();
        JsonNode output = response.get("output");
        if ((output == null || output.isArray() && output.isEmpty()) && !doneItems.isEmpty()) {
          ArrayNode items = response.putArray("output");
          doneItems.values().forEach(items::add);
        }
        return true;
      }
      case "response.failed" -> throw errors.apply(data.path("response").path("error"));
      case "error" -> {
        if (data.path("error").isObject()) {
          throw errors.apply(data.get("error"));
        }
        // The event itself is the error: {"type": "error", "code", "message", "param"}; its type names the event.
        ObjectNode error = ((ObjectNode) data).deepCopy();
        error.remove("type");
        throw errors.apply(error);
      }
      default -> { }
    }
    return false;
  }

  private static void text(JsonNode data, java.util.function.Consumer<String> to) {
    JsonNode delta = data.get("delta");
    if (delta != null && delta.isTextual() && !delta.textValue().isEmpty()) {
      to.accept(delta.textValue());
    }
  }

  /** {@return the response the stream ended with, or null before it ended} */
  public ObjectNode response() {
    return response;
  }
}
