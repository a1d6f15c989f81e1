package io.sculptor.examples.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The offline driver through the real protocol: retention and context reduction, never accuracy. */
class OfflineEvaluationTest {
  private static Evaluation evaluation() {
    return new Evaluation(1, 42, 20, line -> { });
  }

  @Test
  void piLlm_256UpdatesPerKey_keepsEveryLatestValueInUnder15PercentOfTheTokens() {
    List<Evaluation.Row> rows = evaluation().run(List.of(new Evaluation.Config(EvalTask.Family.PI_LLM, 256, 46)),
        List.of(Evaluation.Mode.OFFLINE), f -> new OfflineDriver());
    Evaluation.Row row = rows.get(0);
    assertThat(row.score()).isEqualTo(1.0);
    assertThat(row.tokensSent() / row.tokensFull()).isLessThan(0.15);
    assertThat(row.toolCalls()).containsEntry("fragment_context", 1.0).containsEntry("fold_fragment", 19.0);
  }

  @Test
  void piLlm_fewUpdates_restoresUntilEveryKeyIsVisible() {
    Evaluation.Row row = evaluation().run(List.of(new Evaluation.Config(EvalTask.Family.PI_LLM, 4, 46)),
        List.of(Evaluation.Mode.OFFLINE), f -> new OfflineDriver()).get(0);
    assertThat(row.score()).isEqualTo(1.0);
    assertThat(row.toolCalls()).containsKey("restore_fragment");
    assertThat(row.stepCapHits()).isZero();
  }

  @Test
  void needleAndMrcr_keepWhatTheAnswerNeedsAndShrinkTheContext() {
    List<Evaluation.Row> rows = evaluation().run(List.of(
            new Evaluation.Config(EvalTask.Family.NEEDLE, 16_000, 4),
            new Evaluation.Config(EvalTask.Family.MRCR, 16_000, 4)),
        List.of(Evaluation.Mode.OFFLINE), f -> new OfflineDriver());
    assertThat(rows).allSatisfy(row -> {
      assertThat(row.score()).as(row.toString()).isEqualTo(1.0);
      assertThat(row.reduction()).as(row.toString()).isGreaterThan(0.5);
      assertThat(row.stepCapHits()).isZero();
    });
    assertThat(rows.get(0).toolCalls()).containsKey("search_context");
  }
}
