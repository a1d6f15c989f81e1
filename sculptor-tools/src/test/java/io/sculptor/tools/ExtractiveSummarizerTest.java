package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ExtractiveSummarizerTest {
  private static final String REPORT = String.join("\n",
      "The meeting opened at nine with a review of the quarter.",
      "Revenue grew by four percent, below the plan of six.",
      "The team decided to move the launch to March.",
      "Lunch was served in the east wing.",
      "Security audit findings: two critical issues in the login service.",
      "The login service will be patched before the launch.",
      "Parking rules change next month.",
      "The meeting closed at noon.");

  @Test
  void summarize_focus_prefersSentencesAboutIt() {
    String summary = ExtractiveSummarizer.create().summarize(REPORT, "login security");
    assertThat(summary).contains("Security audit findings").contains("login service will be patched")
        .doesNotContain("Lunch").doesNotContain("Parking");
    assertThat(summary.length()).isLessThan(REPORT.length());
  }

  @Test
  void summarize_isDeterministicAndKeepsOriginalOrder() {
    ExtractiveSummarizer summarizer = ExtractiveSummarizer.create();
    String first = summarizer.summarize(REPORT, "launch");
    assertThat(summarizer.summarize(REPORT, "launch")).isEqualTo(first);
    assertThat(first.indexOf("decided to move")).isLessThan(first.indexOf("patched before the launch"));
  }

  @Test
  void summarize_longSource_isBoundedByMaxCharacters() {
    String source = (REPORT + "\n").repeat(200);
    assertThat(ExtractiveSummarizer.withMaxCharacters(300).summarize(source, "launch").length())
        .isLessThanOrEqualTo(300);
  }

  @Test
  void summarize_singleLongSentence_isCutAtAWordWithEllipsis() {
    String sentence = "word ".repeat(400).strip();
    String summary = ExtractiveSummarizer.create().summarize(sentence, "");
    assertThat(summary).endsWith("word…").hasSizeLessThanOrEqualTo(500);
  }

  @Test
  void summarize_blankSource_givesEmptySummary() {
    assertThat(ExtractiveSummarizer.create().summarize(" \n\n ", "x")).isEmpty();
  }

  @Test
  void summarize_codeThenTestRun_keepsTheFailureNotTheBoilerplate() {
    StringBuilder transcript = new StringBuilder("$ cat src/inventory/orders.py\n");
    for (String line : List.of("from decimal import Decimal", "from dataclasses import dataclass, field",
        "from typing import List, Optional", "", "@dataclass", "class Item:", "    name: str", "    quantity: int",
        "    price: Decimal", "", "@dataclass", "class Order:", "    items: List[Item] = field(default_factory=list)",
        "    discount: Optional[str] = None", "", "    def total(self) -> Decimal:",
        "        return sum(i.price * i.quantity for i in self.items)")) {
      transcript.append(line).append('\n');
    }
    transcript.append("$ pytest -v tests/test_cases.py\n");
    for (int i = 1; i <= 40; i++) {
      transcript.append(String.format(Locale.ROOT, "tests/test_cases.py::test_case_%02d %s [%3d%%]%n", i,
          i == 37 ? "FAILED" : "PASSED", i * 100 / 40));
    }
    transcript.append(">       assert order.total() == Decimal(\"35.10\")\n")
        .append("E       AssertionError: assert Decimal('39.00') == Decimal('35.10')\n")
        .append("tests/test_cases.py:412: AssertionError\n")
        .append("FAILED tests/test_cases.py::test_case_37 - AssertionError: assert Decimal('39.00') == Decimal('35.10')\n")
        .append("========================= 1 failed, 39 passed in 2.31s =========================\n");

    String summary = ExtractiveSummarizer.create().summarize(transcript.toString(), "facts, decisions and open questions");

    assertThat(summary).contains("FAILED tests/test_cases.py::test_case_37 - AssertionError")
        .contains("tests/test_cases.py:412: AssertionError").contains("1 failed, 39 passed")
        .doesNotContain("PASSED").doesNotContain("import");
  }

  @Test
  void summarize_javaStackTrace_keepsTheExceptionAndTheApplicationFrame() {
    StringBuilder trace = new StringBuilder("java.lang.IllegalStateException: ledger is closed\n");
    for (int i = 0; i < 30; i++) {
      trace.append("\tat org.springframework.aop.framework.ReflectiveMethodInvocation.proceed(ReflectiveMethodInvocation.java:")
          .append(180 + i).append(")\n");
    }
    trace.append("\tat com.acme.billing.LedgerService.post(LedgerService.java:88)\n");
    for (int i = 0; i < 20; i++) {
      trace.append("\tat java.base/java.lang.reflect.Method.invoke(Method.java:").append(500 + i).append(")\n");
    }

    String summary = ExtractiveSummarizer.create().summarize(trace.toString(), "");

    assertThat(summary).contains("java.lang.IllegalStateException: ledger is closed")
        .contains("at com.acme.billing.LedgerService.post(LedgerService.java:88)")
        .doesNotContain("springframework").doesNotContain("java.base");
  }

  @Test
  void summarize_largeAndPathologicalInputs_stayWithinTheBound() {
    // Limits, not timings: each of these is summarized in one linear pass whatever its shape.
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < 200_000; i++) {
      log.append(i == 123_456 ? "ERROR: disk quota exceeded on /var/lib/data (used 100%)" : "INFO request " + i + " ok")
          .append('\n');
    }
    String hugeLine = "a".repeat(2_000_000);
    String dashes = "-".repeat(1_000_000) + "\n" + "=".repeat(500_000) + " x " + "=".repeat(500_000);
    String digitsAndDots = "0.".repeat(400_000) + "\n" + "from 1 to 2 ".repeat(50_000);
    ExtractiveSummarizer summarizer = ExtractiveSummarizer.create();

    assertThat(summarizer.summarize(log.toString(), "errors")).contains("ERROR: disk quota exceeded")
        .hasSizeLessThanOrEqualTo(1000);
    assertThat(summarizer.summarize(hugeLine, "a")).hasSizeLessThanOrEqualTo(1000).endsWith("…");
    assertThat(summarizer.summarize(dashes, "")).hasSizeLessThanOrEqualTo(1000);
    assertThat(summarizer.summarize(digitsAndDots, "from")).hasSizeLessThanOrEqualTo(1000);
  }

  @Test
  void withMaxCharacters_tooSmall_throwsNamingTheValue() {
    assertThatThrownBy(() -> ExtractiveSummarizer.withMaxCharacters(10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[10]");
  }
}
