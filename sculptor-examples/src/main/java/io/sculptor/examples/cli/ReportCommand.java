package io.sculptor.examples.cli;

import io.sculptor.examples.ReportExamples;
import io.sculptor.report.HtmlReport;
import io.sculptor.report.RecordedStep;
import io.sculptor.report.RecordingException;
import io.sculptor.report.RunRecording;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sculptor report}: writes the self-contained HTML report of a recorded run, or of a
 * demonstration run it records first. A file that is not a run recording is a bad argument (exit 2).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write a self-contained HTML report of a recorded agent run (a JSON file written by RunRecorder):"
        + " what the model saw at every step, beside the original conversation.")
final class ReportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "RUN.json", description = "a run recording, or - for standard input")
  String run;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "REPORT.html", description = "the report to write")
  Path output;

  @Option(names = "--demo", description = "record a demonstration run instead: the paper's fragment, fold, search and"
      + " restore strategy, played by a local OpenAI-compatible server over HTTP")
  boolean demo;

  @Option(names = "--save-run", paramLabel = "RUN.json", description = "with --demo: also write the recording")
  Path saveRun;

  @Override
  public Integer call() throws Exception {
    if (demo == (run != null) || (saveRun != null && !demo)) {
      throw new ParameterException(spec.commandLine(), "give either RUN.json or --demo (with --save-run, if wanted)");
    }
    RunRecording recording;
    if (demo) {
      recording = ReportExamples.demo();
      if (saveRun != null) {
        Files.writeString(saveRun, recording.toJson());
      }
    } else {
      try {
        recording = RunRecording.fromJson(Conversations.readText(run, spec));
      } catch (RecordingException | IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), run + ": " + e.getMessage());
      }
    }
    HtmlReport.write(recording, output);
    RecordedStep last = recording.steps().get(recording.steps().size() - 1);
    PrintWriter out = spec.commandLine().getOut();
    out.println(String.format(Locale.ROOT, "%s: %d model calls, %s; at the last call the view held %,d of %,d tokens;"
        + " prompt tokens %,d, uncached %,d", output.getFileName(), recording.steps().size(),
        recording.stopReason().name().toLowerCase(Locale.ROOT), last.viewTokens(), last.originalTokens(),
        recording.totalPromptTokens(), recording.uncachedPromptTokens()));
    if (saveRun != null) {
      out.println("recording: " + saveRun.getFileName());
    }
    return 0;
  }
}
