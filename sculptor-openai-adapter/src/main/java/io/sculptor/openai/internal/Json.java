package io.sculptor.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.openai.WireFormatException;
import java.util.Locale;

/** The shared JSON mapper and small helpers for reading wire JSON with clear errors. */
public final class Json {
  /** The mapper; thread-safe once configured. */
  public static final ObjectMapper MAPPER = JsonMapper.builder().build();
  /** The node factory. */
  public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

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
