package io.sculptor.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A provider-neutral function-calling tool: a name, a description for the model and the JSON
 * schema of its arguments object, held as JSON text — the form LangChain4j, Spring AI and the
 * provider SDKs take too, so that an application never builds a JSON tree by hand. Adapters turn
 * it into a provider's wire format.
 *
 * <p>Value semantics, immutable, thread-safe. The schema is kept in a compact canonical form
 * (no insignificant whitespace, fields in the order given), so two specs whose schemas differ only
 * in formatting are equal.
 *
 * @since 0.1
 */
public final class ToolSpec {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private final String name;
  private final String description;
  private final String parametersJson;
  private final boolean strict;

  private ToolSpec(String name, String description, String parametersJson, boolean strict) {
    this.name = name;
    this.description = description;
    this.parametersJson = parametersJson;
    this.strict = strict;
  }

  /**
   * {@return a spec for a tool with the JSON schema {@code parametersJson}}
   *
   * @param name the function name: 1 to 64 letters, digits, {@code _} or {@code -}, as providers
   *     require
   * @param description what the tool does, written for the model
   * @param parametersJson the JSON schema of the arguments object, e.g.
   *     {@code {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}
   * @throws IllegalArgumentException if the name is not allowed or the schema is not a JSON object
   */
  public static ToolSpec of(String name, String description, String parametersJson) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(parametersJson, "parametersJson");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("tool name must be 1 to 64 letters, digits, '_' or '-', got ["
          + name + "]");
    }
    JsonNode schema;
    try {
      schema = JSON.readTree(parametersJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("schema of tool [" + name + "] is not valid JSON: "
          + e.getOriginalMessage(), e);
    }
    if (schema == null || !schema.isObject()) {
      throw new IllegalArgumentException("schema of tool [" + name + "] must be a JSON object, got ["
          + (schema == null ? "nothing" : schema.getNodeType()) + "]");
    }
    return new ToolSpec(name, description, schema.toString(), false);
  }

  /** {@return the function name} */
  public String name() {
    return name;
  }

  /** {@return what the tool does, written for the model} */
  public String description() {
    return description;
  }

  /** {@return the JSON schema of the arguments object, as compact JSON text} */
  public String parametersJson() {
    return parametersJson;
  }

  /**
   * {@return whether the schema follows the rules of providers' strict function calling} (every
   * property required, optional ones nullable, no additional properties); adapters then ask the
   * provider to enforce it
   */
  public boolean strict() {
    return strict;
  }

  /** {@return this spec marked as strict or not; {@code this} when nothing changes} */
  public ToolSpec withStrict(boolean value) {
    return value == strict ? this : new ToolSpec(name, description, parametersJson, value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ToolSpec s && name.equals(s.name) && description.equals(s.description)
        && parametersJson.equals(s.parametersJson) && strict == s.strict;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, description, parametersJson, strict);
  }

  @Override
  public String toString() {
    return "ToolSpec[" + name + (strict ? ", strict" : "") + "]";
  }
}
