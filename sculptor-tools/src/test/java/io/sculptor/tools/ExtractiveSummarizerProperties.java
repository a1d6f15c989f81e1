package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever the text — tool output, prose, noise — a summary stays within its bound, is made of the
 * source's own lines and sentences in their original order, and is the same on every run. The
 * statistics prove that runs reach summaries that keep an error line, that keep nothing but a cut
 * line, and sources that are shorter than the bound.
 */
class ExtractiveSummarizerProperties {
  private static final List<String> LINES = List.of(
      "tests/test_cases.py::test_case_07 PASSED [ 14%]",
      "FAILED tests/test_cases.py::test_case_37 - AssertionError: assert 3 == 4",
      "\tat com.example.Service.run(Service.java:57)",
      "\tat java.base/java.lang.Thread.run(Thread.java:1583)",
      "java.lang.IllegalStateException: queue is full",
      "[ERROR] Tests run: 7, Failures: 1, Errors: 0, Skipped: 0",
      "[INFO] BUILD SUCCESS",
      "src/main.rs:34:20 - error[E0382]: borrow of moved value",
      "  \"state\": \"open\",",
      "-replicaCount: 3",
      "+replicaCount: 4",
      "diff --git a/values.yaml b/values.yaml",
      "The pool reaches its limit and calls block until a connection is free. Default: 10.",
      "=====================================",
      "    ^~~~~",
      "",
      "ok  \tgithub.com/acme/relay/internal/codec\t0.019s");

  @Property(tries = 400)
  void summary_isBoundedOrderedAndMadeOfTheSource(@ForAll("texts") String text, @ForAll("focuses") String focus,
      @ForAll @IntRange(min = 80, max = 1200) int maxCharacters) {
    ExtractiveSummarizer summarizer = ExtractiveSummarizer.withMaxCharacters(maxCharacters);
    String summary = summarizer.summarize(text, focus);

    long bound = Math.min(maxCharacters, Math.max(Math.min(160, text.length() / 2L), text.length() / 4L));
    assertThat(summary.length()).isLessThanOrEqualTo((int) Math.max(2, bound));
    assertThat(summarizer.summarize(text, focus)).isEqualTo(summary);
    int from = 0;
    boolean cut = summary.endsWith("…");
    for (String line : summary.split("\n", -1)) {
      if (summary.isEmpty()) {
        break;
      }
      String part = cut && summary.endsWith(line) ? line.substring(0, line.length() - 1) : line;
      int at = text.indexOf(part, from);
      assertThat(at).as("'%s' is in the source after what came before", part).isGreaterThanOrEqualTo(0);
      from = at + part.length();
    }
    Statistics.label("outcome").collect(summary.isEmpty() ? "empty" : cut ? "cut line"
        : summary.contains("FAILED") || summary.contains("error") ? "keeps an error" : "other");
    Statistics.label("source").collect(text.length() <= bound ? "within the bound" : "longer than the bound");
  }

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> line = Arbitraries.oneOf(Arbitraries.of(LINES),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(300),
        Arbitraries.strings().withChars("ab .\t-:0").ofMinLength(200).ofMaxLength(2000));
    return line.list().ofMaxSize(120).map(lines -> String.join("\n", lines));
  }

  @Provide
  Arbitrary<String> focuses() {
    return Arbitraries.of("", "facts, decisions and open questions", "failing tests", "connection pool size",
        "replicaCount");
  }
}
