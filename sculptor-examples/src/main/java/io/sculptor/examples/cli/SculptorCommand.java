package io.sculptor.examples.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code sculptor} command line: {@code eval}, {@code tools}, {@code compact} and
 * {@code restore}. Bad arguments print a one-line reason and exit with 2; runtime failures print a
 * clear message and exit with 1; {@code compact} exits with 3 when it cannot meet the budget.
 */
@Command(name = "sculptor", mixinStandardHelpOptions = true, version = "sculptor 0.1.0",
    description = "Active context management for LLM agents: evaluate it, print the tool schemas, compact a"
        + " conversation reversibly, restore it.",
    subcommands = {EvalCommand.class, ToolsCommand.class, CompactCommand.class, RestoreCommand.class, ReportCommand.class},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:success", "1:runtime failure: an unreadable or invalid input, an unwritable output, a"
        + " failing model or store", "2:bad arguments, or no command", SculptorCommand.BUDGET_NOT_MET
        + ":compact could not meet --max-tokens (see --best-effort)"})
public final class SculptorCommand implements Callable<Integer> {
  /** The exit code of {@code compact} when the view cannot be made to fit the budget. */
  static final String BUDGET_NOT_MET = "3";

  @Spec
  CommandSpec spec;

  private final InputStream in;

  private SculptorCommand(InputStream in) {
    this.in = in;
  }

  /**
   * Runs the program and exits with its code when that is not 0.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    int code = run(args, System.in, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8));
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Runs the program with the given streams and an empty standard input.
   *
   * @param args the command line
   * @param out standard output
   * @param err standard error
   * @return the exit code, as {@link #run(String[], InputStream, PrintWriter, PrintWriter)} gives it
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, InputStream.nullInputStream(), out, err);
  }

  /**
   * Runs the program with the given streams.
   *
   * @param args the command line
   * @param in standard input, read where a file name is {@code -}
   * @param out standard output
   * @param err standard error
   * @return the exit code: 0, 1 for runtime failures, 2 for bad arguments, 3 when {@code compact}
   *     cannot meet its budget
   */
  public static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err) {
    CommandLine line = new CommandLine(new SculptorCommand(in));
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

  /** {@return standard input as the program was given it} */
  static InputStream standardInput(CommandSpec spec) {
    return ((SculptorCommand) spec.root().userObject()).in;
  }

  private static String oneLine(String message) {
    return message.replace('\n', ' ').replace("\r", "").strip();
  }

  /** Without a command there is nothing to do: the usage goes to standard error, and the exit code is 2. */
  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("sculptor: no command given");
    spec.commandLine().usage(err);
    return 2;
  }
}
