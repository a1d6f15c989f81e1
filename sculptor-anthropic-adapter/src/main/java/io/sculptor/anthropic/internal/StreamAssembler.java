package io.sculptor.anthropic.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.anthropic.AnthropicFormatException;
import io.sculptor.model.ChatStreamListener;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the whole Messages API {@code message} object from the events of a stream, as the API
 * would have returned it without streaming, and forwards the deltas to a listener: text to
 * {@link ChatStreamListener#onText}, thinking to {@link ChatStreamListener#onReasoning}, the start
 * of each {@code tool_use} block to {@link ChatStreamListener#onToolCall}. {@code input_json_delta}
 * pieces are joined and parsed when their block stops; {@code signature_delta} sets the thinking
 * block's signature. {@code ping} and event or delta types it does not know are ignored, as the
 * API's versioning policy asks of clients. An {@code error} event throws {@link ErrorEvent}.
 *
 * <p>Not thread-safe: one assembler per stream.
 */
public final class StreamAssembler {
  /** The stream carried an {@code error} event. */
  public static final class ErrorEvent extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient JsonNode error;

    ErrorEvent(JsonNode error) {
      super("error event " + Wire.shown(error));
      this.error = error;
    }

    /** {@return the event's {@code error} object, {@code {"type", "message"}}} */
    public JsonNode error() {
      return error;
    }
  }

  private final ChatStreamListener listener;
  private ObjectNode message;
  private final TreeMap<Integer, ObjectNode> blocks = new TreeMap<>();
  private final Map<Integer, StringBuilder> json = new HashMap<>();
  private final Map<String, String> unparsedInputs = new LinkedHashMap<>();
  private boolean stopped;
  private boolean delivered;

  /** Creates an assembler that forwards deltas to {@code listener}. */
  public StreamAssembler(ChatStreamListener listener) {
    this.listener = listener;
  }

  /**
   * Takes the next event.
   *
   * @throws AnthropicFormatException if its data is not the JSON its type needs
   * @throws ErrorEvent if it is an {@code error} event
   */
  public void accept(SseDecoder.Event event) {
    String type = event.name();
    if (type.equals("ping")) {
      return;
    }
    JsonNode data;
    try {
      data = Wire.read(event.data());
    } catch (JsonProcessingException e) {
      throw new AnthropicFormatException("event [" + type + "] holds no JSON: [" + e.getOriginalMessage() + "]");
    }
    switch (type) {
      case "error" -> throw new ErrorEvent(data.path("error"));
      case "message_start" -> {
        message = Wire.object(data.get("message"), "message_start.message").deepCopy();
        message.set("content", Wire.array());
      }
      case "content_block_start" -> {
        ObjectNode block = Wire.object(data.get("content_block"), "content_block_start.content_block").deepCopy();
        blocks.put(index(data), block);
        if ("tool_use".equals(Wire.stringOrNull(block.get("type")))) {
          delivered = true;
          listener.onToolCall(Wire.string(block, "id", "a tool_use block"), Wire.string(block, "name", "a tool_use block"));
        }
      }
      case "content_block_delta" -> delta(index(data), Wire.object(data.get("delta"), "content_block_delta.delta"));
      case "content_block_stop" -> stop(index(data));
      case "message_delta" -> {
        ObjectNode started = started(type);
        if (data.get("delta") instanceof ObjectNode delta) {
          started.setAll(delta);
        }
        if (data.get("usage") instanceof ObjectNode usage) {
          JsonNode known = started.get("usage");
          if (known instanceof ObjectNode knownUsage) {
            knownUsage.setAll(usage);
          } else {
            started.set("usage", usage.deepCopy());
          }
        }
      }
      case "message_stop" -> {
        started(type);
        stopped = true;
      }
      default -> {
        // A new event type: ignored, as the API's versioning policy asks.
      }
    }
  }

  /** {@return whether a delta or tool call has reached the listener} */
  public boolean delivered() {
    return delivered;
  }

  /**
   * {@return the whole message}
   *
   * @throws AnthropicFormatException if the stream ended before {@code message_stop}
   */
  public ObjectNode message() {
    if (!stopped) {
      throw new AnthropicFormatException("the stream ended before [message_stop]"
          + (message == null ? " and before [message_start]" : ""));
    }
    ArrayNode content = Wire.array();
    blocks.values().forEach(content::add);
    message.set("content", content);
    return message;
  }

  /**
   * {@return the {@code input_json_delta} text of each {@code tool_use} block, by id, that is not a
   * JSON object} (such as arguments cut off by {@code max_tokens}); the message has {@code {}} there
   */
  public Map<String, String> unparsedInputs() {
    return unparsedInputs;
  }

  private ObjectNode started(String type) {
    if (message == null) {
      throw new AnthropicFormatException("event [" + type + "] came before [message_start]");
    }
    return message;
  }

  private static int index(JsonNode data) {
    JsonNode index = data.get("index");
    if (index == null || !index.canConvertToInt()) {
      throw new AnthropicFormatException("a content block event needs an integer \"index\", got [" + Wire.shown(index) + "]");
    }
    return index.intValue();
  }

  private ObjectNode block(int index) {
    ObjectNode block = blocks.get(index);
    if (block == null) {
      throw new AnthropicFormatException("a delta for content block [" + index + "], which did not start");
    }
    return block;
  }

  private void delta(int index, ObjectNode delta) {
    ObjectNode block = block(index);
    switch (String.valueOf(Wire.stringOrNull(delta.get("type")))) {
      case "text_delta" -> {
        String text = Wire.string(delta, "text", "a text_delta");
        block.put("text", block.path("text").asText("") + text);
        if (!text.isEmpty()) {
          delivered = true;
          listener.onText(text);
        }
      }
      case "thinking_delta" -> {
        String thinking = Wire.string(delta, "thinking", "a thinking_delta");
        block.put("thinking", block.path("thinking").asText("") + thinking);
        if (!thinking.isEmpty()) {
          delivered = true;
          listener.onReasoning(thinking);
        }
      }
      case "signature_delta" -> block.put("signature", block.path("signature").asText("")
          + Wire.string(delta, "signature", "a signature_delta"));
      case "input_json_delta" -> json.computeIfAbsent(index, i -> new StringBuilder())
          .append(Wire.string(delta, "partial_json", "an input_json_delta"));
      case "citations_delta" -> {
        JsonNode citations = block.get("citations");
        ArrayNode list = citations instanceof ArrayNode array ? array : block.putArray("citations");
        list.add(delta.path("citation").deepCopy());
      }
      default -> {
        // A new delta type: ignored.
      }
    }
  }

  private void stop(int index) {
    ObjectNode block = block(index);
    StringBuilder pieces = json.remove(index);
    if (pieces == null) {
      return;
    }
    String text = pieces.toString();
    JsonNode input = null;
    try {
      input = text.isBlank() ? Wire.object() : Wire.read(text);
    } catch (JsonProcessingException e) {
      // kept below as the raw arguments
    }
    if (input != null && input.isObject()) {
      block.set("input", input);
    } else {
      block.set("input", Wire.object());
      if (block.get("id") != null) {
        unparsedInputs.put(block.get("id").asText(), text);
      }
    }
  }
}
