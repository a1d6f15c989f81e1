package io.sculptor.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A provider-neutral function-calling tool: a name, a description for the model and a JSON
 * schema of its parameters. Adapters turn it into a provider's wire format.
 *
 * <p>Value semantics, immutable, thread-safe: the schema is copied on the way in and out.
 *
 * @param name the function name
 * @param description what the tool does, written for the model
 * @param parameters the JSON schema of the arguments object
 * @param strict whether the schema follows the rules of providers' strict function calling
 *     (every property required, optional ones nullable, no additional properties)
 * @since 0.1
 */
public record ToolSpec(String name, String description, ObjectNode parameters, boolean strict) {
  /** Checks the components and copies the schema. */
  public ToolSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    parameters = Objects.requireNonNull(parameters, "parameters").deepCopy();
  }

  /** {@return a copy of the JSON schema of the arguments object} */
  @Override
  public ObjectNode parameters() {
    return parameters.deepCopy();
  }
}
