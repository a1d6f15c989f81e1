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
 * @param maxLength the most characters a string value may have; 0 for integers
 */
public record Parameter(String name, boolean integer, boolean required, Object defaultValue,
    Integer minimum, Integer maximum, List<String> allowed, String description, String example,
    int maxLength) {
  /** The most characters of a marker or a search query the model may send. */
  public static final int MAX_TEXT_LENGTH = 1_000;
  /** The most characters of a summary focus the model may send. */
  public static final int MAX_FOCUS_LENGTH = 500;
  /** The most characters of a fragment or search result id the model may send. */
  public static final int MAX_ID_LENGTH = 100;
  /** The most characters of a branch's prompt or a return message the model may send. */
  public static final int MAX_MESSAGE_LENGTH = 10_000;

  /** Copies the list and checks the names. */
  public Parameter {
    Objects.requireNonNull(name, "name");
    allowed = List.copyOf(allowed);
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(example, "example");
  }

  /** {@return a required string parameter of at most {@code maxLength} characters} */
  public static Parameter requiredString(String name, String description, String example,
      int maxLength) {
    return new Parameter(name, false, true, null, null, null, List.of(), description, example,
        maxLength);
  }

  /** {@return an optional string parameter limited to {@code allowed}} */
  public static Parameter choice(String name, List<String> allowed, String defaultValue,
      String description) {
    return new Parameter(name, false, false, defaultValue, null, null, allowed, description,
        '"' + defaultValue + '"', allowed.stream().mapToInt(String::length).max().orElse(0));
  }

  /** {@return an optional integer parameter within bounds} */
  public static Parameter integer(String name, int defaultValue, int minimum, int maximum,
      String description) {
    return new Parameter(name, true, false, defaultValue, minimum, maximum, List.of(), description,
        Integer.toString(defaultValue), 0);
  }

  /** {@return the JSON type name, {@code "integer"} or {@code "string"}} */
  public String typeName() {
    return integer ? "integer" : "string";
  }
}
