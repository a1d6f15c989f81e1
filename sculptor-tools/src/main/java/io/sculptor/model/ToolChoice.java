package io.sculptor.model;

import io.sculptor.core.internal.Preconditions;

/**
 * Whether and which tool the model must call in a request.
 *
 * @since 0.1
 */
public sealed interface ToolChoice {
  /** {@return the model decides (the providers' default)} */
  static ToolChoice auto() {
    return Mode.AUTO;
  }

  /** {@return the model must call at least one tool (the paper's first-step setting)} */
  static ToolChoice required() {
    return Mode.REQUIRED;
  }

  /** {@return the model must not call tools} */
  static ToolChoice none() {
    return Mode.NONE;
  }

  /** {@return the model must call the function named {@code name}} */
  static ToolChoice function(String name) {
    return new Function(name);
  }

  /** The three modes that name no function. */
  enum Mode implements ToolChoice {
    /** The model decides. */
    AUTO,
    /** The model must call a tool. */
    REQUIRED,
    /** The model must not call a tool. */
    NONE;

    /** {@return the wire name: {@code auto}, {@code required} or {@code none}} */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The model must call one named function.
   *
   * @param name the function name
   */
  record Function(String name) implements ToolChoice {
    /** Checks that the name is not null or empty. */
    public Function {
      Preconditions.notEmpty(name, "function name");
    }
  }
}
