package io.sculptor.examples.eval.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generated repository: deterministic, one planted bug per file that exactly one test catches. */
class RepositoryTest {
  @Test
  void generate_isDeterministic_andSeedsDiffer() {
    assertThat(Repository.generate(3, 6, 42).files()).isEqualTo(Repository.generate(3, 6, 42).files());
    assertThat(Repository.generate(3, 6, 42).bugs()).isEqualTo(Repository.generate(3, 6, 42).bugs());
    assertThat(Repository.generate(3, 6, 43).files()).isNotEqualTo(Repository.generate(3, 6, 42).files());
  }

  @Test
  void eachBug_failsExactlyItsTest_andTheCorrectLinePassesThemAll() {
    Repository repository = Repository.generate(12, 8, 7);
    assertThat(repository.files()).hasSize(24);
    assertThat(repository.bugs()).hasSize(12);
    TestRunner.Run before = TestRunner.run(repository.files(), testFiles(repository), false);
    assertThat(before.outcomes()).hasSize(12 * 8);
    assertThat(before.outcomes().stream().filter(o -> o.status() != TestRunner.Status.PASSED)
        .map(TestRunner.Outcome::id)).containsExactlyElementsOf(repository.bugs().stream()
            .map(Repository.Bug::testId).toList());
    Map<String, String> fixed = new LinkedHashMap<>(repository.files());
    for (Repository.Bug bug : repository.bugs()) {
      String[] lines = fixed.get(bug.sourcePath()).split("\n", -1);
      assertThat(lines[bug.line() - 1]).isEqualTo(bug.buggy()).isNotEqualTo(bug.correct());
      assertThat(Slips.of(bug.buggy())).anySatisfy(e -> assertThat(e.apply(bug.buggy())).isEqualTo(bug.correct()));
      lines[bug.line() - 1] = bug.correct();
      fixed.put(bug.sourcePath(), String.join("\n", lines));
    }
    TestRunner.Run after = TestRunner.run(fixed, testFiles(repository), false);
    assertThat(after.passed()).isEqualTo(12 * 8);
    assertThat(after.log()).contains("collected 96 items").contains("= 96 passed =").doesNotContain("FAILED");
  }

  @Test
  void generate_refusesSizesOutOfRange() {
    assertThatThrownBy(() -> Repository.generate(0, 8, 1)).hasMessage("need 1 to 48 files of 2 to 10 functions,"
        + " got [0, 8]");
    assertThatThrownBy(() -> Repository.generate(49, 8, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Repository.generate(4, 11, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  private static List<String> testFiles(Repository repository) {
    return repository.files().keySet().stream().filter(p -> p.startsWith("tests/")).toList();
  }
}
