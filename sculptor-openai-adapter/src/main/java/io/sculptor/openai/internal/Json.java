package io.sculptor.openai.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.openai.WireFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Reads and writes JSON for the whole adapter, and small helpers for reading wire JSON with clear
 * errors. The mapper stays private: a public {@link ObjectMapper} could be reconfigured by any
 * caller, for every other user. Stateless and thread-safe.
 */
public final class Json {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final ObjectReader READER = MAPPER.reader();
  private static final ObjectWriter WRITER = MAPPER.writer();

  /** The node factory; immutable. */
  public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  /**
   * {@return the JSON tree of {@code json}}, a missing node when it holds only whitespace
   *
   * @throws JsonProcessingException when {@code json} is not JSON
   */
  public static JsonNode read(String json) throws JsonProcessingException {
    return READER.readTree(json);
  }

  /**
   * {@return the JSON tree of the UTF-8 (or UTF-16/32, detected) bytes {@code json}}, a missing
   * node when they hold only whitespace
   *
   * @throws JsonProcessingException when {@code json} is not JSON
   */
  public static JsonNode read(byte[] json) throws JsonProcessingException {
    try {
      return READER.readTree(json);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("reading a byte array failed", e);
    }
  }

  /** {@return {@code node} as compact JSON text} */
  public static String write(JsonNode node) {
    try {
      return WRITER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  /** {@return {@code node} as compact JSON in UTF-8} */
  public static byte[] writeBytes(JsonNode node) {
    try {
      return WRITER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  /**
   * {@return {@code value} (a string, number, boolean, map, list, record… or null) as a JSON tree}
   *
   * @throws IllegalArgumentException when Jackson cannot write {@code value}
   */
  public static JsonNode toTree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** {@return the JSON schema of {@code spec}'s arguments as a new tree} */
  public static ObjectNode schema(io.sculptor.model.ToolSpec spec) {
    try {
      return (ObjectNode) MAPPER.readTree(spec.parametersJson());
    } catch (JsonProcessingException e) {
      // ToolSpec.of accepted only a JSON object, so this cannot happen.
      throw new IllegalStateException("schema of tool [" + spec.name() + "] is not JSON", e);
    }
  }

  /** {@return a new empty object node} */
  public static ObjectNode object() {
    return NODES.objectNode();
  }

  /** {@return a new empty array node} */
  public static ArrayNode array() {
    return NODES.arrayNode();
  }

  /** {@return {@code node} as an object} Throws {@link WireFormatException} otherwise. */
  public static ObjectNode requireObject(JsonNode node, String what) {
    if (node == null || !node.isObject()) {
      throw new WireFormatException(String.format(Locale.ROOT, "%s must be a JSON object, got [%s]",
          what, describe(node)));
    }
    return (ObjectNode) node;
  }

  /** {@return the text field {@code field} of {@code node}} Throws when missing or not text. */
  public static String requireText(JsonNode node, String field, String what) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new WireFormatException(String.format(Locale.ROOT,
          "%s needs a string \"%s\", got [%s]", what, field, describe(value)));
    }
    return value.textValue();
  }

  /** {@return a short description of a node for error messages} */
  public static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    String text = node.toString();
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }
}
