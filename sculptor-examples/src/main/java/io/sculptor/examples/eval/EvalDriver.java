package io.sculptor.examples.eval;

import java.util.List;

/**
 * Who answers the tasks. A new provider is one more constant here and one more case where the
 * command line builds its chat model.
 */
public enum EvalDriver {
  /** The offline scripted agent, with the full-context and truncation baselines: retention, no accuracy. */
  OFFLINE("offline"),
  /** A model behind an OpenAI-compatible Chat Completions endpoint: accuracy with and without the tools. */
  OPENAI("openai"),
  /** A model behind Anthropic's Messages API: accuracy with and without the tools. */
  ANTHROPIC("anthropic");

  private final String cliName;

  EvalDriver(String cliName) {
    this.cliName = cliName;
  }

  /** {@return the name on the command line} */
  public String cliName() {
    return cliName;
  }

  /** {@return whether the driver needs no model (and so measures retention, never accuracy)} */
  public boolean offline() {
    return this == OFFLINE;
  }

  /** {@return the modes the driver runs each task in; {@code noTools} keeps only a model's baseline} */
  public List<Evaluation.Mode> modes(boolean noTools) {
    if (offline()) {
      return List.of(Evaluation.Mode.SCRIPTED, Evaluation.Mode.FULL_CONTEXT, Evaluation.Mode.TRUNCATION);
    }
    return noTools ? List.of(Evaluation.Mode.NO_TOOLS) : List.of(Evaluation.Mode.TOOLS, Evaluation.Mode.NO_TOOLS);
  }

  /** {@return the driver named {@code name} on the command line, or {@code null}} */
  public static EvalDriver byCliName(String name) {
    for (EvalDriver driver : values()) {
      if (driver.cliName.equals(name)) {
        return driver;
      }
    }
    return null;
  }

  /** {@return the command-line names of all drivers, for messages} */
  public static String names() {
    return String.join(", ", java.util.Arrays.stream(values()).map(EvalDriver::cliName).toList());
  }
}
