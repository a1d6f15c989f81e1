package io.sculptor.report;

import io.sculptor.report.internal.EvalPage;
import io.sculptor.report.internal.RunPage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes self-contained HTML reports: one file that opens in any browser with no server and no
 * network. The style sheet and the one small script are inline, charts are SVG drawn here, and a
 * Content-Security-Policy lets the page load nothing and run nothing but its own script. Every
 * text from the run (messages, tool arguments and results, summaries, queries) is HTML-escaped.
 *
 * <p>The report of a {@link RunRecording} shows a summary (answer, stop reason, prompt and
 * uncached prompt tokens, tool counts and their entropy), a chart of view against original tokens
 * per model call with the uncached prompt tokens and the policy applications, the steps with their
 * tool calls and results, and, for the selected step, the view as the model saw it beside the
 * original conversation, folded and summarized spans marked and linked to their fragment, search
 * hits linked to where they are. The report of {@link EvalResults} shows, per task, the table and
 * the charts of score and context tokens against the size, one line per condition.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class HtmlReport {
  private HtmlReport() {}

  /** {@return the report of {@code run} as an HTML document} */
  public static String render(RunRecording run) {
    return RunPage.render(Objects.requireNonNull(run, "run"));
  }

  /** {@return the report of {@code results} as an HTML document} */
  public static String render(EvalResults results) {
    return EvalPage.render(Objects.requireNonNull(results, "results"));
  }

  /**
   * Writes the report of {@code run} to {@code out}, which it does not close.
   *
   * @throws UncheckedIOException if writing fails
   */
  public static void write(RunRecording run, Writer out) {
    write(render(run), out);
  }

  /**
   * Writes the report of {@code results} to {@code out}, which it does not close.
   *
   * @throws UncheckedIOException if writing fails
   */
  public static void write(EvalResults results, Writer out) {
    write(render(results), out);
  }

  /**
   * Writes the report of {@code run} to the file {@code path} in UTF-8, replacing it.
   *
   * @throws UncheckedIOException if writing fails
   */
  public static void write(RunRecording run, Path path) {
    write(render(run), path);
  }

  /**
   * Writes the report of {@code results} to the file {@code path} in UTF-8, replacing it.
   *
   * @throws UncheckedIOException if writing fails
   */
  public static void write(EvalResults results, Path path) {
    write(render(results), path);
  }

  private static void write(String html, Writer out) {
    try {
      Objects.requireNonNull(out, "out").write(html);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(String html, Path path) {
    try {
      Files.writeString(Objects.requireNonNull(path, "path"), html, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("the report could not be written to [" + path + "]: " + e.getMessage(), e);
    }
  }
}
