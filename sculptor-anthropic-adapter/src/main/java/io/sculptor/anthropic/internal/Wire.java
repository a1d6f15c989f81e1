package io.sculptor.anthropic.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.anthropic.AnthropicFormatException;
import java.io.IOException;
import java.util.Locale;

/**
 * JSON for the Anthropic adapter: one private mapper (a shared public one could be reconfigured by
 * any caller) and checks that read wire JSON with errors naming the field. Stateless, thread-safe.
 */
public final class Wire {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  /** The node factory; immutable. */
  public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Wire() {}

  /**
   * {@return the tree of the UTF-8 JSON {@code bytes}}, a missing node when they are blank
   *
   * @throws JsonProcessingException when they are not JSON
   */
  public static JsonNode read(byte[] bytes) throws JsonProcessingException {
    try {
      return MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("reading bytes in memory failed", e);
    }
  }

  /**
   * {@return the tree of the JSON text {@code text}}, a missing node when it is blank
   *
   * @throws JsonProcessingException when it is not JSON
   */
  public static JsonNode read(String text) throws JsonProcessingException {
    return MAPPER.readTree(text);
  }

  /** {@return {@code node} as compact UTF-8 JSON} */
  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  /** {@return {@code value} (string, number, map, list, record… or null) as a tree} */
  public static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** {@return a new empty object} */
  public static ObjectNode object() {
    return NODES.objectNode();
  }

  /** {@return a new empty array} */
  public static ArrayNode array() {
    return NODES.arrayNode();
  }

  /** {@return {@code node} as an object} Throws {@link AnthropicFormatException} naming {@code what}. */
  public static ObjectNode object(JsonNode node, String what) {
    if (node == null || !node.isObject()) {
      throw new AnthropicFormatException(String.format(Locale.ROOT, "%s must be a JSON object, got [%s]",
          what, shown(node)));
    }
    return (ObjectNode) node;
  }

  /** {@return the string field {@code field} of {@code node}} Throws when absent or not a string. */
  public static String string(JsonNode node, String field, String what) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new AnthropicFormatException(String.format(Locale.ROOT, "%s needs a string \"%s\", got [%s]",
          what, field, shown(value)));
    }
    return value.textValue();
  }

  /** {@return the string {@code node} holds, or null when it is absent, null or not a string} */
  public static String stringOrNull(JsonNode node) {
    return node != null && node.isTextual() ? node.textValue() : null;
  }

  /** {@return at most 60 characters of {@code node} as JSON, for messages} */
  public static String shown(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    String text = node.toString();
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }
}
