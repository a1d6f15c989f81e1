package io.sculptor.tools.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sculptor.tools.ToolErrorCode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checked arguments of one tool call, with defaults applied. Made by
 * {@link #parse(ToolDefinition, String)}, which refuses anything the schema does not allow.
 */
public final class Arguments {
  // Numbers with a fraction or an exponent are read as doubles, never as BigDecimal: a model may
  // write 1e2147483647, whose BigDecimal cannot even be printed, while a double is just infinite.
  // Integers of any length stay exact (BigInteger), bounded by Jackson's number-length limit.
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private final Map<String, Object> values;

  private Arguments(Map<String, Object> values) {
    this.values = values;
  }

  /** {@return the string argument {@code name}} */
  public String string(String name) {
    return (String) values.get(name);
  }

  /** {@return the integer argument {@code name}} */
  public int integer(String name) {
    return (Integer) values.get(name);
  }

  /**
   * Why arguments were refused.
   *
   * @param code the error code
   * @param message the explanation for the model
   */
  public record Refusal(ToolErrorCode code, String message) {}

  /**
   * Either arguments or a refusal.
   *
   * @param arguments the checked arguments, or null
   * @param refusal the refusal, or null
   */
  public record Parsed(Arguments arguments, Refusal refusal) {}

  /** {@return the checked arguments of {@code raw} for {@code tool}, or why they are refused} */
  public static Parsed parse(ToolDefinition tool, String raw) {
    JsonNode root;
    String text = raw == null ? "" : raw.strip();
    if (text.isEmpty()) {
      text = "{}";
    }
    try (JsonParser parser = MAPPER.createParser(text)) {
      root = MAPPER.readTree(parser);
      if (root == null) {
        return refuse(ToolErrorCode.INVALID_JSON, "The arguments are not valid JSON. " + example(tool));
      }
      if (parser.nextToken() != null) {
        return refuse(ToolErrorCode.INVALID_JSON,
            "The arguments have text after the JSON object. " + example(tool));
      }
    } catch (JsonProcessingException e) {
      return refuse(ToolErrorCode.INVALID_JSON, String.format(Locale.ROOT,
          "The arguments are not valid JSON (%s at line %d, column %d). %s",
          e.getOriginalMessage().split("\n")[0], e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          e.getLocation() == null ? 0 : e.getLocation().getColumnNr(), example(tool)));
    } catch (java.io.IOException e) {
      return refuse(ToolErrorCode.INVALID_JSON, "The arguments could not be read. " + example(tool));
    }
    if (!root.isObject()) {
      return refuse(ToolErrorCode.NOT_AN_OBJECT, String.format(Locale.ROOT,
          "The arguments must be a JSON object, got %s. %s", describe(root), example(tool)));
    }
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (tool.parameter(name) == null) {
        unknown.add('"' + name + '"');
      }
    }
    if (!unknown.isEmpty()) {
      return refuse(ToolErrorCode.UNKNOWN_ARGUMENT, String.format(Locale.ROOT,
          "Unknown parameter%s %s. %s accepts only: %s.", unknown.size() == 1 ? "" : "s",
          String.join(", ", unknown), tool.name(), tool.parameterList()));
    }
    Map<String, Object> values = new HashMap<>();
    for (Parameter p : tool.parameters()) {
      JsonNode node = root.get(p.name());
      if (node == null || node.isNull() && !p.required()) {
        if (p.required()) {
          return refuse(ToolErrorCode.MISSING_ARGUMENT, String.format(Locale.ROOT,
              "Missing required parameter \"%s\" (%s, e.g. %s). %s", p.name(), p.typeName(),
              p.example(), example(tool)));
        }
        values.put(p.name(), p.defaultValue());
        continue;
      }
      Object value = p.integer() ? integer(p, node) : string(p, node);
      if (value instanceof Refusal refusal) {
        return new Parsed(null, refusal);
      }
      values.put(p.name(), value);
    }
    return new Parsed(new Arguments(values), null);
  }

  private static Object integer(Parameter p, JsonNode node) {
    boolean inRange;
    if (node.isIntegralNumber()) {
      BigInteger number = node.bigIntegerValue();
      inRange = number.compareTo(BigInteger.valueOf(p.minimum())) >= 0
          && number.compareTo(BigInteger.valueOf(p.maximum())) <= 0;
    } else if (node.isNumber() && isWhole(node.doubleValue())) {
      double number = node.doubleValue();
      inRange = number >= p.minimum() && number <= p.maximum();
    } else {
      return new Refusal(ToolErrorCode.WRONG_TYPE, String.format(Locale.ROOT,
          "Parameter \"%s\" must be an integer from %d to %d, got %s.", p.name(), p.minimum(),
          p.maximum(), describe(node)));
    }
    if (!inRange) {
      return new Refusal(ToolErrorCode.OUT_OF_RANGE, String.format(Locale.ROOT,
          "Parameter \"%s\" must be from %d to %d, got %s. Leave it out to use the default, %s.",
          p.name(), p.minimum(), p.maximum(), shorten(node.asText()), p.defaultValue()));
    }
    return node.isIntegralNumber() ? node.intValue() : (int) node.doubleValue();
  }

  /** Infinite values count as whole, so that they are refused as out of range, not as fractions. */
  private static boolean isWhole(double value) {
    return Double.isInfinite(value) || value == Math.rint(value);
  }

  private static Object string(Parameter p, JsonNode node) {
    if (!node.isTextual()) {
      return new Refusal(ToolErrorCode.WRONG_TYPE, String.format(Locale.ROOT,
          "Parameter \"%s\" must be a string, got %s.", p.name(), describe(node)));
    }
    String value = node.textValue();
    if (value.length() > p.maxLength()) {
      return new Refusal(ToolErrorCode.OUT_OF_RANGE, String.format(Locale.ROOT,
          "Parameter \"%s\" may have at most %,d characters, got %,d. Send a shorter %s.", p.name(),
          p.maxLength(), value.length(), p.name().replace('_', ' ')));
    }
    if (!p.allowed().isEmpty() && !p.allowed().contains(value)) {
      return new Refusal(ToolErrorCode.NOT_ALLOWED, String.format(Locale.ROOT,
          "Parameter \"%s\" must be one of %s, got \"%s\".", p.name(),
          String.join(", ", p.allowed().stream().map(a -> '"' + a + '"').toList()), shorten(value)));
    }
    return value;
  }

  private static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NULL -> "null";
      case BOOLEAN -> "a boolean (" + node.asText() + ")";
      case NUMBER -> "a number (" + shorten(node.asText()) + ")";
      case STRING -> "a string (\"" + shorten(node.textValue()) + "\")";
      default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  private static String shorten(String text) {
    return Texts.clip(text, 40);
  }

  private static String example(ToolDefinition tool) {
    StringBuilder example = new StringBuilder("Send a JSON object such as {");
    boolean first = true;
    for (Parameter p : tool.parameters()) {
      if (p.required()) {
        example.append(first ? "" : ", ").append('"').append(p.name()).append("\": ").append(p.example());
        first = false;
      }
    }
    return example.append("}.").toString();
  }

  private static Parsed refuse(ToolErrorCode code, String message) {
    return new Parsed(null, new Refusal(code, message));
  }
}
