package io.sculptor.examples.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code sculptor} command line: {@code eval}, {@code tools}, {@code compact} and
 * {@code restore}. Bad arguments print a one-line reason and exit with 2; runtime failures print a
 * clear message and exit with 1.
 */
@Command(name = "sculptor", mixinStandardHelpOptions = true, version = "sculptor 0.1.0",
    description = "Active context management for LLM agents: evaluate it, print the tool schemas, compact a"
        + " conversation reversibly, restore it.",
    subcommands = {EvalCommand.class, ToolsCommand.class, CompactCommand.class, RestoreCommand.class, ReportCommand.class})
public final class SculptorCommand implements Runnable {
  @Spec
  CommandSpec spec;

  /**
   * Runs the program and exits with its code when that is not 0.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    int code = run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8));
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Runs the program with the given streams.
   *
   * @param args the command line
   * @param out standard output
   * @param err standard error
   * @return the exit code: 0, 1 for runtime failures, 2 for bad arguments
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine line = new CommandLine(new SculptorCommand());
    line.setOut(out);
    line.setErr(err);
    line.setParameterExceptionHandler((e, arguments) -> {
      CommandLine failing = e.getCommandLine();
      err.println(failing.getCommandSpec().qualifiedName() + ": " + oneLine(e.getMessage())
          + " (see '" + failing.getCommandSpec().qualifiedName() + " --help')");
      err.flush();
      return 2;
    });
    line.setExecutionExceptionHandler((e, failing, parsed) -> {
      err.println(failing.getCommandSpec().qualifiedName() + ": " + oneLine(e.getMessage() == null
          ? e.getClass().getSimpleName() : e.getMessage()));
      err.flush();
      return 1;
    });
    int code = line.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  private static String oneLine(String message) {
    return message.replace('\n', ' ').replace("\r", "").strip();
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
