package io.sculptor.examples.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long-horizon fix task, offline: the same repair agent on the same repository and step cap,
 * without branch and return and with them, beside a terse-return ablation and truncation.
 */
class FixEvaluationTest {
  private static final List<Evaluation.Mode> MODES = Evaluation.fixModes(EvalDriver.OFFLINE);

  @TempDir
  Path directory;

  private static List<Evaluation.Row> run(int files, int maxSteps) {
    return new Evaluation(maxSteps, 1, line -> { }).run(
        Evaluation.generate(List.of(new Evaluation.Config(EvalTask.Family.FIX, files, 8)), 1, 1), MODES,
        ScriptedRepairAgent::new, ScriptedRepairAgent.MODEL, null);
  }

  private static List<Evaluation.Row> eightFiles;

  /** The 8-file run, made once: the tests below read different columns of it. */
  private static synchronized List<Evaluation.Row> eightFiles() {
    if (eightFiles == null) {
      eightFiles = run(8, 400);
    }
    return eightFiles;
  }

  private static Evaluation.Row row(List<Evaluation.Row> rows, Evaluation.Mode mode) {
    return rows.stream().filter(r -> r.mode() == mode).findFirst().orElseThrow();
  }

  private static double measure(Evaluation.Row row, String name) {
    return row.measures().get(name);
  }

  @Test
  void eightFiles_branchReturnKeepsTheActiveContextSmall_andEveryOutcomeVisible() {
    List<Evaluation.Row> rows = eightFiles();
    assertThat(rows).extracting(Evaluation.Row::mode).containsExactlyElementsOf(MODES);
    Evaluation.Row flat = row(rows, Evaluation.Mode.NO_BRANCH);
    Evaluation.Row branch = row(rows, Evaluation.Mode.BRANCH);
    assertThat(measure(flat, FixTasks.TESTS_PASSING)).isEqualTo(1.0);
    assertThat(measure(branch, FixTasks.TESTS_PASSING)).isEqualTo(1.0);
    assertThat(flat.toolCalls().get("apply_patch")).as("the same repairs").isEqualTo(branch.toolCalls()
        .get("apply_patch"));
    assertThat(branch.toolCalls()).containsEntry("branch", 8.0).containsEntry("return", 8.0);
    assertThat(flat.toolCalls()).doesNotContainKeys("branch", "return");

    assertThat(measure(branch, FixTasks.PEAK_CONTEXT)).isLessThan(0.5 * measure(flat, FixTasks.PEAK_CONTEXT));
    assertThat(measure(branch, FixTasks.MEAN_CONTEXT)).isLessThan(0.5 * measure(flat, FixTasks.MEAN_CONTEXT));
    assertThat(branch.finalContext()).isLessThan(0.35 * flat.finalContext());
    assertThat(branch.prompt()).as("all calls").isLessThan(0.65 * flat.prompt());
    assertThat(branch.uncachedPrompt()).as("a return changes its branch's messages: they are sent again")
        .isGreaterThan(flat.uncachedPrompt());
    assertThat(measure(flat, FixTasks.PEAK_CONTEXT)).isEqualTo(flat.finalContext());

    assertThat(flat.score()).isEqualTo(1.0);
    assertThat(branch.score()).isEqualTo(1.0);
    assertThat(measure(branch, FixTasks.OUTCOMES_VISIBLE)).isEqualTo(1.0);
    assertThat(measure(branch, FixTasks.OUTCOMES_RECOVERABLE)).isEqualTo(1.0);
  }

  @Test
  void foldingTheOldestOnTheSameBudget_keepsTheContextSmall_butHidesOutcomes_andDefeatsPrefixCaching() {
    Evaluation.Row branch = row(eightFiles(), Evaluation.Mode.BRANCH);
    Evaluation.Row fold = row(eightFiles(), Evaluation.Mode.FOLD_OLDEST);
    assertThat(measure(fold, FixTasks.TESTS_PASSING)).isEqualTo(1.0);
    assertThat(measure(fold, FixTasks.PEAK_CONTEXT)).as("the policy holds the budget, the branch run's peak")
        .isLessThanOrEqualTo(measure(branch, FixTasks.PEAK_CONTEXT));
    assertThat(measure(fold, FixTasks.MEAN_CONTEXT)).isGreaterThan(measure(branch, FixTasks.MEAN_CONTEXT));
    assertThat(measure(fold, FixTasks.OUTCOMES_VISIBLE)).isLessThan(0.5);
    assertThat(measure(fold, FixTasks.OUTCOMES_RECOVERABLE)).isEqualTo(1.0);
    assertThat(fold.uncachedPrompt()).as("every fold of an old message changes the prompt's prefix")
        .isGreaterThan(5 * branch.uncachedPrompt());
    assertThat(fold.toolCalls().get("run_tests")).as("the suite run again when its log was folded")
        .isGreaterThan(row(eightFiles(), Evaluation.Mode.NO_BRANCH).toolCalls().get("run_tests"));
  }

  @Test
  void retentionIsMeasured_terseReturnsHideTheOutcomes_searchRestoresThem_truncationLosesTheOldest() {
    List<Evaluation.Row> rows = eightFiles();
    Evaluation.Row terse = row(rows, Evaluation.Mode.TERSE_RETURN);
    Evaluation.Row truncation = row(rows, Evaluation.Mode.TRUNCATION);
    assertThat(measure(terse, FixTasks.OUTCOMES_VISIBLE)).isEqualTo(0.0);
    assertThat(measure(terse, FixTasks.OUTCOMES_RECOVERABLE)).isEqualTo(1.0);
    assertThat(measure(truncation, FixTasks.OUTCOMES_VISIBLE)).isGreaterThan(0.0).isLessThan(1.0);
    assertThat(measure(truncation, FixTasks.OUTCOMES_RECOVERABLE)).isEqualTo(measure(truncation,
        FixTasks.OUTCOMES_VISIBLE));
    assertThat(truncation.finalContext()).isBetween(row(rows, Evaluation.Mode.BRANCH).finalContext() - 2,
        row(rows, Evaluation.Mode.BRANCH).finalContext());
    assertThat(truncation.measures()).doesNotContainKeys(FixTasks.PEAK_CONTEXT, FixTasks.MEAN_CONTEXT);
  }

  @Test
  void aStepCapTooLow_leavesFilesUnfixed_andTheirOutcomesUnseen() {
    List<Evaluation.Row> rows = run(4, 20);
    Evaluation.Row branch = row(rows, Evaluation.Mode.BRANCH);
    assertThat(branch.stepCapHits()).isEqualTo(1);
    assertThat(measure(branch, FixTasks.TESTS_PASSING)).isLessThan(1.0);
    assertThat(measure(branch, FixTasks.OUTCOMES_VISIBLE)).isLessThan(1.0);
  }

  @Test
  void resultsFile_keepsTheMeasures_andARerunSkipsTheSamples() throws Exception {
    Path file = directory.resolve("fix.jsonl");
    List<EvalTask> tasks = Evaluation.generate(List.of(new Evaluation.Config(EvalTask.Family.FIX, 2, 4)), 1, 3);
    List<Evaluation.Row> first = new Evaluation(400, 1, line -> { }).run(tasks, MODES, ScriptedRepairAgent::new,
        ScriptedRepairAgent.MODEL, ResultsFile.open(file));
    assertThat(Files.readAllLines(file)).hasSize(5).allSatisfy(line -> assertThat(line).contains("\"measures\":{"));
    List<Evaluation.Row> again = new Evaluation(400, 1, line -> { }).run(tasks, MODES, () -> {
      throw new AssertionError("nothing to run");
    }, ScriptedRepairAgent.MODEL, ResultsFile.open(file));
    assertThat(again).isEqualTo(first);
  }

  @Test
  void report_labelsEveryMeasure_inTheTableAndTheJson() throws Exception {
    List<Evaluation.Row> rows = new Evaluation(400, 1, line -> { }).run(
        Evaluation.generate(List.of(new Evaluation.Config(EvalTask.Family.FIX, 2, 4)), 1, 3), MODES,
        ScriptedRepairAgent::new, ScriptedRepairAgent.MODEL, null);
    String table = Report.table(EvalTask.Family.FIX, "generated", "offline", rows);
    assertThat(table.lines().skip(1).findFirst().orElseThrow()).startsWith("files  functions/file  mode")
        .contains("tests passing  outcomes visible  recoverable  peak context  mean context  final context");
    assertThat(table).contains("truncation").contains("terse return");
    JsonNode json = TaskGenerator.JSON.readTree(Report.json(EvalTask.Family.FIX, "generated", "offline",
        ScriptedRepairAgent.MODEL, rows));
    for (String measure : Report.MEASURES.keySet()) {
      assertThat(json.path("columns").path(measure).asText()).as(measure).isNotEmpty();
      assertThat(json.path("rows").get(1).path(measure).isNumber()).as(measure).isTrue();
    }
    assertThat(json.path("rows").get(0).has("reduction")).isFalse();
    assertThat(json.path("rows").get(4).path("mode").asText()).isEqualTo("truncation");
    assertThat(json.path("rows").get(4).has(FixTasks.PEAK_CONTEXT)).isFalse();
  }
}
