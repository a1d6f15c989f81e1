package io.sculptor.examples.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sculptor.examples.eval.FixEvaluation.Mode;
import io.sculptor.examples.eval.FixEvaluation.Row;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FixEvaluationTest {
  @Test
  void branchReturn_keepsEveryOutcomeInAFractionOfTheContext_foldingAndTerseReturnsLoseThem() {
    Map<Mode, Row> rows = new FixEvaluation(6, 12, 7).run().stream()
        .collect(Collectors.toMap(Row::mode, Function.identity()));

    assertThat(rows.values()).allSatisfy(r -> assertThat(r.filesFixed()).isEqualTo(6));
    Row whole = rows.get(Mode.NO_TOOLS);
    Row branch = rows.get(Mode.BRANCH_RETURN);
    assertThat(whole.retention()).isEqualTo(1.0);
    assertThat(branch.retention()).isEqualTo(1.0);
    assertThat(branch.finalContext()).isLessThan(whole.finalContext() / 2);
    assertThat(branch.meanContext()).isLessThan(whole.meanContext() / 2);
    // the same budget without branches: the oldest outcomes are folded away
    assertThat(rows.get(Mode.FOLD_OLDEST).peakContext()).isLessThanOrEqualTo(branch.peakContext());
    assertThat(rows.get(Mode.FOLD_OLDEST).retention()).isLessThan(1.0);
    // what the return message does not say is not remembered
    assertThat(rows.get(Mode.BRANCH_TERSE).retention()).isZero();
    assertThat(FixEvaluation.table(List.copyOf(rows.values()))).contains("retention", "uncached prompt");
  }

  @Test
  void tools_workOnTheFiles_andRefuseWhatTheyCannotDo() {
    FixTask task = FixTask.generate(2, 4, 1);
    String file = task.fileNames().get(0);
    String log = task.runTests("{\"path\": \"" + file + "\"}");
    assertThat(log).contains("FAILED", "must read: ", "Tests for " + file + ": 3 passed, 1 failed");
    String expected = log.substring(log.indexOf("must read: ") + 11, log.indexOf('\n', log.indexOf("must read: ")));
    String planted = expected.substring(0, expected.lastIndexOf(" + ")) + " - "
        + expected.substring(expected.lastIndexOf(" + ") + 3);
    assertThat(task.readFile("{\"path\": \"" + file + "\"}")).contains(planted);

    assertThat(task.applyPatch("{\"path\": \"" + file + "\", \"old\": \"" + planted + "\", \"new\": \"" + expected + "\"}"))
        .startsWith("Patched " + file + " line ");
    assertThat(task.runTests("{\"path\": \"" + file + "\"}")).contains(task.outcomeFacts(file).get(0));
    assertThat(task.allPass()).isFalse();

    assertThatThrownBy(() -> task.readFile("{\"path\": \"Nope.java\"}")).hasMessageContaining("no such file: Nope.java");
    assertThatThrownBy(() -> task.applyPatch("{\"path\": \"" + file + "\", \"old\": \"  }\", \"new\": \"x\"}"))
        .hasMessageContaining("exactly once");
    assertThatThrownBy(() -> task.runTests("not json")).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> FixTask.generate(13, 4, 1)).hasMessageContaining("fileCount");
  }
}
