package io.sculptor.examples.eval.fix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The slips of a line, and that every slip can be undone by a slip. */
class SlipsTest {
  @Test
  void of_listsEachTokensSlips_leftToRight() {
    List<String> lines = Slips.of("    x = min(a, b * 10) - -c if a <= b else 0").stream()
        .map(e -> e.apply("    x = min(a, b * 10) - -c if a <= b else 0")).toList();
    assertThat(lines).containsExactly(
        "    x = max(a, b * 10) - -c if a <= b else 0",
        "    x = min(a, b // 10) - -c if a <= b else 0",
        "    x = min(a, b * 11) - -c if a <= b else 0",
        "    x = min(a, b * 9) - -c if a <= b else 0",
        "    x = min(a, b * 10) + -c if a <= b else 0",
        "    x = min(a, b * 10) - -c if a < b else 0",
        "    x = min(a, b * 10) - -c if a >= b else 0",
        "    x = min(a, b * 10) - -c if a <= b else 1");
  }

  @Test
  void of_ignoresWhatIsNotCode() {
    assertThat(Slips.of("def f(a, b):")).isEmpty();
    assertThat(Slips.of("    # a - b")).isEmpty();
    assertThat(Slips.of("    \"\"\"Docstring with 3 - 2.\"\"\"")).isEmpty();
    assertThat(Slips.of("    Used for invoices; amount must not be negative.")).isEmpty();
  }

  @Test
  void everySlip_isUndoneByASlipOfTheResult() {
    String line = "    y = max(a - 3, b) // 7 if a > b else a * 2 + 1";
    for (Slips.Edit edit : Slips.of(line)) {
      String slipped = edit.apply(line);
      assertThat(Slips.of(slipped)).as(slipped).anySatisfy(back -> assertThat(back.apply(slipped)).isEqualTo(line));
    }
  }
}
