package io.sculptor.examples.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline evaluation: the scripted agent beside two baselines on its token budget. */
class EvaluationTest {
  private static final List<Evaluation.Mode> OFFLINE = EvalDriver.OFFLINE.modes(false);

  @TempDir
  Path directory;

  private static List<Evaluation.Row> run(EvalTask.Family family, int size, int variant, int samples) {
    return new Evaluation(20, 1, line -> { }).run(
        Evaluation.generate(List.of(new Evaluation.Config(family, size, variant)), samples, 1), OFFLINE,
        ScriptedAgent::new, ScriptedAgent.MODEL, null);
  }

  private static Evaluation.Row row(List<Evaluation.Row> rows, Evaluation.Mode mode) {
    return rows.stream().filter(r -> r.mode() == mode).findFirst().orElseThrow();
  }

  @Test
  void piLlm256_agentKeepsEveryLatestValueInAFractionOfTheTokens_truncationGetsTheSameBudget() {
    List<Evaluation.Row> rows = run(EvalTask.Family.PI_LLM, 256, 46, 1);
    assertThat(rows).extracting(Evaluation.Row::mode).containsExactlyElementsOf(OFFLINE);
    Evaluation.Row agent = row(rows, Evaluation.Mode.SCRIPTED);
    Evaluation.Row full = row(rows, Evaluation.Mode.FULL_CONTEXT);
    Evaluation.Row truncation = row(rows, Evaluation.Mode.TRUNCATION);
    assertThat(agent.score()).isEqualTo(1.0);
    assertThat(agent.reduction()).isGreaterThan(0.8);
    assertThat(agent.toolCalls()).containsKeys("fragment_context", "fold_fragment", "search_context");
    assertThat(full.finalContext()).isEqualTo(full.taskTokens());
    assertThat(full.score()).isEqualTo(1.0);
    assertThat(truncation.finalContext()).isBetween(agent.finalContext() - 2, agent.finalContext());
    assertThat(agent.prompt()).as("all calls, schemas included").isGreaterThan(agent.taskTokens());
    assertThat(agent.uncachedPrompt()).isLessThan(agent.prompt()).isGreaterThan(agent.taskTokens());
    assertThat(full.prompt()).isEqualTo(full.uncachedPrompt()).isEqualTo(full.taskTokens() + 3);
  }

  @Test
  void retentionIsAMeasurement_theAgentLosesAnMrcrAnswerThatAFragmentBoundaryCuts() {
    Evaluation.Row agent = row(run(EvalTask.Family.MRCR, 16_000, 2, 3), Evaluation.Mode.SCRIPTED);
    assertThat(agent.samples()).isEqualTo(3);
    assertThat(agent.score()).isGreaterThan(0.0).isLessThan(1.0);
  }

  @Test
  void needle_truncationLosesTheNeedlesTheAgentFinds() {
    List<Evaluation.Row> rows = run(EvalTask.Family.NEEDLE, 16_000, 3, 2);
    assertThat(row(rows, Evaluation.Mode.SCRIPTED).score()).isEqualTo(1.0);
    assertThat(row(rows, Evaluation.Mode.TRUNCATION).score()).isLessThan(1.0);
  }

  @Test
  void tasksReadFromTheirDataSetRows_runLikeTheGeneratedOnes() {
    // The benchmarks' families; fix generates its repositories and has no data set.
    for (EvalTask.Family family : List.of(EvalTask.Family.PI_LLM, EvalTask.Family.NEEDLE, EvalTask.Family.MRCR)) {
      List<EvalTask> generated = Evaluation.generate(List.of(new Evaluation.Config(family,
          family == EvalTask.Family.PI_LLM ? 16 : 4000, family == EvalTask.Family.PI_LLM ? 46 : 2)), 1, 7);
      Path file = directory.resolve(family.cliName() + ".jsonl");
      Datasets.write(generated, file);
      List<EvalTask> read = Datasets.read(family, file);
      Evaluation evaluation = new Evaluation(20, 1, line -> { });
      Evaluation.Row fromRows = evaluation.run(read, OFFLINE, ScriptedAgent::new, ScriptedAgent.MODEL, null).get(0);
      Evaluation.Row fromGenerator = evaluation.run(generated, OFFLINE, ScriptedAgent::new, ScriptedAgent.MODEL, null)
          .get(0);
      assertThat(fromRows.score()).as(family.toString()).isEqualTo(fromGenerator.score());
      assertThat(fromRows.finalContext()).isEqualTo(fromGenerator.finalContext());
      assertThat(fromRows.uncachedPrompt()).isEqualTo(fromGenerator.uncachedPrompt());
    }
  }

  @Test
  void resultsFile_recordsEachSample_andARerunSkipsThem() throws Exception {
    Path file = directory.resolve("results.jsonl");
    List<EvalTask> tasks = Evaluation.generate(List.of(new Evaluation.Config(EvalTask.Family.NEEDLE, 2000, 2)), 2, 1);
    List<String> progress = new ArrayList<>();
    List<Evaluation.Row> first = new Evaluation(20, 2, progress::add).run(tasks, OFFLINE, ScriptedAgent::new,
        ScriptedAgent.MODEL, ResultsFile.open(file));
    assertThat(Files.readAllLines(file)).hasSize(6);
    assertThat(progress).hasSize(2);
    List<Evaluation.Row> again = new Evaluation(20, 1, progress::add).run(tasks, OFFLINE, () -> {
      throw new AssertionError("nothing to run");
    }, ScriptedAgent.MODEL, ResultsFile.open(file));
    assertThat(again).isEqualTo(first);
    assertThat(Files.readAllLines(file)).hasSize(6);
  }

  @Test
  void resultsFile_dropsALastLineCutShort_andRefusesAForeignFile() throws Exception {
    Path file = directory.resolve("cut.jsonl");
    List<EvalTask> tasks = Evaluation.generate(List.of(new Evaluation.Config(EvalTask.Family.NEEDLE, 2000, 2)), 1, 1);
    new Evaluation(20, 1, line -> { }).run(tasks, OFFLINE, ScriptedAgent::new, ScriptedAgent.MODEL,
        ResultsFile.open(file));
    List<String> lines = Files.readAllLines(file);
    Files.writeString(file, lines.get(0) + "\n" + lines.get(1) + "\n" + lines.get(2).substring(0, 40));
    ResultsFile reopened = ResultsFile.open(file);
    assertThat(reopened.samples(ScriptedAgent.MODEL)).hasSize(2);
    assertThat(Files.readString(file)).isEqualTo(lines.get(0) + "\n" + lines.get(1) + "\n");
    Path foreign = Files.writeString(directory.resolve("foreign.jsonl"), "{\"hello\": 1}\n");
    assertThatThrownBy(() -> ResultsFile.open(foreign)).isInstanceOf(EvaluationException.class)
        .hasMessageStartingWith("foreign.jsonl line 1 is not a result record");
  }

  @Test
  void aFailingSample_stopsTheRun_withWhatWasSavedAndHowToResume() {
    Path file = directory.resolve("failing.jsonl");
    List<EvalTask> tasks = Evaluation.generate(List.of(new Evaluation.Config(EvalTask.Family.NEEDLE, 2000, 2)), 2, 1);
    assertThatThrownBy(() -> new Evaluation(20, 1, line -> { }).run(tasks, EvalDriver.OPENAI.modes(false),
        () -> request -> {
          throw new IllegalStateException("the endpoint is down");
        }, "broken-model", ResultsFile.open(file)))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("task " + tasks.get(0).id() + " failed: ")
        .hasMessageContaining("the same command resumes from there");
    assertThat(ResultsFile.open(file).samples("broken-model")).isEqualTo(Map.of());
  }
}
