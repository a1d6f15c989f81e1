package io.sculptor.tools.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.model.ToolSpec;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The name, description and parameters of one tool, and the two schemas made from them.
 *
 * @param name the function name
 * @param description the description shown to the model
 * @param parameters the parameters, in schema order
 */
public record ToolDefinition(String name, String description, List<Parameter> parameters) {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** Copies the list. */
  public ToolDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    parameters = List.copyOf(parameters);
  }

  /** {@return the parameter called {@code name}, or null} */
  public Parameter parameter(String parameterName) {
    for (Parameter p : parameters) {
      if (p.name().equals(parameterName)) {
        return p;
      }
    }
    return null;
  }

  /** {@return the names of all parameters, quoted and comma-separated} */
  public String parameterList() {
    return parameters.stream().map(p -> '"' + p.name() + '"').collect(Collectors.joining(", "));
  }

  /**
   * {@return the spec}: the paper's schema, or for {@code strict} the variant for providers' strict
   * function calling, in which every property is required, optional ones accept null (meaning the
   * default) and {@code default} is left out because strict modes refuse it.
   */
  public ToolSpec spec(boolean strict) {
    ObjectNode schema = JSON.objectNode();
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = JSON.arrayNode();
    for (Parameter p : parameters) {
      ObjectNode property = properties.putObject(p.name());
      boolean nullable = strict && !p.required();
      if (nullable) {
        property.putArray("type").add(p.typeName()).add("null");
      } else {
        property.put("type", p.typeName());
      }
      if (!p.allowed().isEmpty()) {
        ArrayNode values = property.putArray("enum");
        p.allowed().forEach(values::add);
        if (nullable) {
          values.addNull();
        }
      }
      if (p.defaultValue() != null && !strict) {
        if (p.defaultValue() instanceof Integer i) {
          property.put("default", i);
        } else {
          property.put("default", p.defaultValue().toString());
        }
      }
      if (p.minimum() != null) {
        property.put("minimum", p.minimum());
      }
      if (p.maximum() != null) {
        property.put("maximum", p.maximum());
      }
      property.put("description", p.description());
      if (p.required() || strict) {
        required.add(p.name());
      }
    }
    schema.set("required", required);
    schema.put("additionalProperties", false);
    return ToolSpec.of(name, description, schema.toString()).withStrict(strict);
  }
}
