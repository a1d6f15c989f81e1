package io.sculptor.tools.internal;

import java.util.List;
import java.util.Objects;

/**
 * One parameter of a tool, from which both its JSON schema and the checks of its arguments are
 * made, so that the two cannot disagree.
 *
 * @param name the JSON property name
 * @param integer whether the value is an integer (otherwise a string)
 * @param required whether the model must send it
 * @param defaultValue the value used when it is absent, or null
 * @param minimum the smallest integer allowed, or null
 * @param maximum the largest integer allowed, or null
 * @param allowed the allowed strings, or empty for any
 * @param description the description shown to the model
 * @param example an example value shown in error messages
 */
public record Parameter(String name, boolean integer, boolean required, Object defaultValue,
    Integer minimum, Integer maximum, List<String> allowed, String description, String example) {
  /** Copies the list and checks the names. */
  public Parameter {
    Objects.requireNonNull(name, "name");
    allowed = List.copyOf(allowed);
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(example, "example");
  }

  /** {@return a required string parameter} */
  public static Parameter requiredString(String name, String description, String example) {
    return new Parameter(name, false, true, null, null, null, List.of(), description, example);
  }

  /** {@return an optional string parameter limited to {@code allowed}} */
  public static Parameter choice(String name, List<String> allowed, String defaultValue,
      String description) {
    return new Parameter(name, false, false, defaultValue, null, null, allowed, description,
        '"' + defaultValue + '"');
  }

  /** {@return an optional integer parameter within bounds} */
  public static Parameter integer(String name, int defaultValue, int minimum, int maximum,
      String description) {
    return new Parameter(name, true, false, defaultValue, minimum, maximum, List.of(), description,
        Integer.toString(defaultValue));
  }

  /** {@return the JSON type name, {@code "integer"} or {@code "string"}} */
  public String typeName() {
    return integer ? "integer" : "string";
  }
}
