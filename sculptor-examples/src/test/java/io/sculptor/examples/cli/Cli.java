package io.sculptor.examples.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the command line in-process and captures what it prints. */
record Cli(int code, String out, String err) {
  static Cli run(String... args) {
    return runWithInput(InputStream.nullInputStream(), args);
  }

  /** Runs the command line with {@code input} as its standard input. */
  static Cli withInput(String input, String... args) {
    return runWithInput(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), args);
  }

  private static Cli runWithInput(InputStream in, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SculptorCommand.run(args, in, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Cli(code, out.toString(), err.toString());
  }
}
