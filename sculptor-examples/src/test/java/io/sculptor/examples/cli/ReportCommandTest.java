package io.sculptor.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.report.RunRecording;
import io.sculptor.store.ContextSnapshots;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportCommandTest {
  @TempDir
  Path directory;

  @Test
  void reportDemo_recordsARun_savesIt_andWritesItsReport() throws Exception {
    Path html = directory.resolve("demo.html");
    Path json = directory.resolve("demo.json");
    Cli demo = Cli.run("report", "--demo", "--save-run", json.toString(), "-o", html.toString());
    assertThat(demo.code()).as(demo.err()).isZero();
    assertThat(demo.out()).startsWith("demo.html: 5 model calls, answered; at the last call the view held ")
        .contains("recording: demo.json");
    RunRecording recording = RunRecording.fromJson(Files.readString(json));
    assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("<li class=\"step\" id=\"step-5\"");

    Path again = directory.resolve("again.html");
    Cli report = Cli.run("report", json.toString(), "-o", again.toString());
    assertThat(report.code()).as(report.err()).isZero();
    assertThat(Files.readString(again)).isEqualTo(Files.readString(html));
    assertThat(recording.steps()).hasSize(5);
  }

  @Test
  void evalHtml_writesTheOfflineEvaluationsTableAndCharts() throws Exception {
    Path html = directory.resolve("eval.html");
    Cli eval = Cli.run("eval", "pi-llm", "--sizes", "4,64", "--html", html.toString());
    assertThat(eval.code()).as(eval.err()).isZero();
    assertThat(eval.err()).contains("report: " + html);
    String page = Files.readString(html);
    assertThat(page).contains("<h1>sculptor eval pi-llm</h1>", "id=\"score-chart-0\"", "id=\"context-chart-0\"");
    for (String mode : new String[] {"scripted agent", "full context", "truncation"}) {
      assertThat(page).contains("<path class=\"line c", "data-series=\"" + mode + "\" data-x=\"64\"");
      assertThat(page).contains("<tr data-size=\"64\" data-condition=\"" + mode + "\">");
    }
    Files.copy(html, Path.of("target", "eval-report.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "truncated | {\"format\": \"sculptor-run\", \"version\": 1, \"steps\": [ | run recording is not valid JSON (Unexpected end-of-input",
      "foreign  | {\"format\": \"something-else\"}                             | not a run recording: field [format] is [\"something-else\"]",
      "array    | []                                                         | run recording must be a JSON object, got [[]]"})
  void report_ofAFileThatIsNoRunRecording_failsWithOneLineAndExit2(String name, String content, String message)
      throws Exception {
    Path file = directory.resolve(name + ".json");
    Files.writeString(file, content);
    Cli run = Cli.run("report", file.toString(), "-o", directory.resolve("out.html").toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("sculptor report: " + file + ": " + message).endsWith("\n");
    assertThat(run.err().strip()).doesNotContain("\n");
    assertThat(directory.resolve("out.html")).doesNotExist();
  }

  @Test
  void report_ofAStateSnapshot_namesWhatItIs() throws Exception {
    Path file = directory.resolve("state.json");
    Files.writeString(file, ContextSnapshots.toJson(ContextState.of(Conversation.of(Message.user("hi")))));
    Cli run = Cli.run("report", file.toString(), "-o", directory.resolve("out.html").toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("not a run recording: field [format] is [\"sculptor-context-state\"]");
  }

  @Test
  void report_withoutARunOrWithBoth_isABadArgument() {
    assertThat(Cli.run("report", "-o", "x.html").err()).startsWith("sculptor report: give either RUN.json or --demo");
    assertThat(Cli.run("report", "--demo", "run.json", "-o", "x.html").code()).isEqualTo(2);
    assertThat(Cli.run("report", "missing.json", "-o", "x.html").err())
        .startsWith("sculptor report: missing.json: no such file: missing.json");
  }
}
