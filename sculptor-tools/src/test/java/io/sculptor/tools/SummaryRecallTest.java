package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The extractive summarizer on the corpus of real-shaped tool outputs: the corpus is sound, and the
 * recall of its must-keep lines at the default budget is at least 90% (the table, beside the
 * recorded baseline, is in {@code target/summary-recall.md} and in {@code docs/tools.md}).
 * Run with {@code -Dsculptor.recordBaseline=true} to record the baseline from the summarizer as it
 * is (only ever for the summarizer before a change that the table should compare with).
 */
class SummaryRecallTest {
  private static final List<SummaryCorpus.Case> CASES = SummaryCorpus.load();

  @Test
  void corpus_hasAtLeastThirtyCasesOfManyKinds() {
    assertThat(CASES).hasSizeGreaterThanOrEqualTo(30);
    Map<String, Long> kinds = CASES.stream().collect(Collectors.groupingBy(SummaryCorpus.Case::kind,
        Collectors.counting()));
    assertThat(kinds.keySet()).contains("pytest", "junit", "maven", "javac", "tsc", "rustc", "java-trace",
        "python-trace", "ls", "grep", "git-log", "json", "web-page");
  }

  @Test
  void corpus_everyCaseMarksWhatMustBeKept_andItIsInTheOutput() {
    for (SummaryCorpus.Case c : CASES) {
      assertThat(c.focus()).as(c.name()).isNotBlank();
      assertThat(c.mustKeep()).as(c.name()).isNotEmpty();
      for (String item : c.mustKeep()) {
        long marked = c.mustKeep().stream().filter(item::equals).count();
        assertThat(c.occurrencesInText(item)).as(c.name() + ": " + item).isGreaterThanOrEqualTo((int) marked);
      }
      assertThat(c.text()).as(c.name()).doesNotContain("«").doesNotContain("» ");
    }
  }

  @Test
  void keptIn_countsEachMarkedItemAsOftenAsTheSummaryHoldsIt() {
    SummaryCorpus.Case c = SummaryCorpus.parse("t", "kind: k\nfocus: f\n---\n» x = 1\nnoise\n» x = 1\nsee «the  end» now\n");
    assertThat(c.mustKeep()).containsExactly("x = 1", "x = 1", "the  end");
    assertThat(c.text()).isEqualTo("x = 1\nnoise\nx = 1\nsee the  end now\n");
    assertThat(c.keptIn("x = 1")).isEqualTo(1);
    assertThat(c.keptIn("x  =  1\nx = 1\nthe end")).isEqualTo(3);
    assertThat(c.keptIn("noise")).isZero();
  }

  @Test
  void recall_atTheDefaultBudget_isMeasuredForEveryCase() throws IOException {
    List<SummaryRecall.Row> rows = SummaryRecall.measure(CASES, ExtractiveSummarizer.create());
    if (Boolean.getBoolean("sculptor.recordBaseline")) {
      SummaryRecall.recordBaseline(rows, ExtractiveSummarizer.create().toString());
    }
    Map<String, Integer> baseline = SummaryRecall.baseline();
    assertThat(baseline.keySet()).as("baseline.tsv names every case").containsExactlyElementsOf(
        CASES.stream().map(SummaryCorpus.Case::name).toList());
    String table = SummaryRecall.table(rows, baseline);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "summary-recall.md"), table);
    Files.writeString(Path.of("target", "summary-recall-misses.txt"), SummaryRecall.misses(rows));
    for (SummaryRecall.Row row : rows) {
      assertThat(row.summary().length()).as(row.source().name()).isLessThanOrEqualTo(1000)
          .isLessThan(row.source().text().length());
    }
    assertThat(SummaryRecall.recall(rows)).as("recall of the must-keep lines; see target/summary-recall-misses.txt")
        .isGreaterThanOrEqualTo(0.90);
  }
}
