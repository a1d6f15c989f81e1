package io.sculptor.examples.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The benchmarks' own graders, rule by rule, on answers a model gives. */
class GradersTest {
  private static final Map<String, String> TRUTH = truth();

  private static Map<String, String> truth() {
    Map<String, String> truth = new LinkedHashMap<>();
    truth.put("bird", "emu");
    truth.put("fruit", "plum");
    truth.put("African place", "Lagos");
    truth.put("dessert", "ginger ale");
    return truth;
  }

  @Test
  void piLlm_readsTheVerbalAnswerOfItsQuestion() {
    assertThat(Graders.piLlm("The current value of bird is emu.\nThe current value of fruit is plum.\n"
        + "The current value of African place is Lagos.\nThe current value of dessert is ginger ale.", TRUTH))
        .isEqualTo(1.0);
    assertThat(Graders.piLlmPairs("Sure. The current value of bird is emu; the latest value of fruit was plum."))
        .containsEntry("bird", "emu").containsEntry("fruit", "plum");
  }

  @Test
  void piLlm_readsKeyColonValueLines_andTheVerbalReadingWins() {
    assertThat(Graders.piLlm("bird: emu\nfruit: fig\n**African place**: Lagos", TRUTH)).isEqualTo(0.5);
    assertThat(Graders.piLlmPairs("bird: wren\nThe current value of bird is emu.")).containsEntry("bird", "emu");
  }

  @Test
  void piLlm_isExactAndCaseSensitive_likeTheDataSetsGrader() {
    assertThat(Graders.piLlm("The current value of bird is Emu.", TRUTH)).isZero();
    assertThat(Graders.piLlm("The current value of bird is emu.", TRUTH)).isEqualTo(0.25);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"''", "Error: rate limited", "error code 429", "an error happened: bird: emu"})
  void piLlm_emptyOrErrorAnswers_scoreZero(String answer) {
    assertThat(Graders.piLlm(answer, TRUTH)).isZero();
    assertThat(Graders.piLlmPairs(answer)).isNull();
  }

  @Test
  void mrcr_needsTheRandomStringFirst_thenScoresSimilarity() {
    String gold = "aYooSG8CQgOf tapirs I sing,\nquiet tapirs crossed by the river";
    assertThat(Graders.mrcr(gold, gold, "aYooSG8CQg")).isEqualTo(1.0);
    assertThat(Graders.mrcr(gold.substring(10), gold, "aYooSG8CQg")).isZero();
    assertThat(Graders.mrcr(" " + gold, gold, "aYooSG8CQg")).as("no stripping, as in OpenAI's grade").isZero();
    assertThat(Graders.mrcr("aYooSG8CQg", gold, "aYooSG8CQg")).isZero();
    assertThat(Graders.mrcr("aYooSG8CQgOf tapirs I sing", gold, "aYooSG8CQg"))
        .isEqualTo(SequenceMatcher.ratio("Of tapirs I sing", gold.substring(10)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "So the oldest relative is \\boxed{Kevin Le}.|1.0",
      "\\boxed{\\text{Kevin Le}}|1.0",
      "\\boxed{{Kevin Le}}|1.0",
      "\\boxed{'Kevin   Le'}|1.0",
      "First \\boxed{Jeff White}, then on reflection \\boxed{Kevin Le}|1.0",
      "Kevin Le|0.0",
      "\\boxed{Kevin}|0.0",
      "\\fbox{Kevin Le}|0.0",
      "\\boxed{Kevin Le|0.0"})
  void needleBench_takesTheLastBoxedAnswer_cleaned(String answer, double score) {
    assertThat(Graders.needleBench(answer, "Kevin Le")).isEqualTo(score);
  }
}
