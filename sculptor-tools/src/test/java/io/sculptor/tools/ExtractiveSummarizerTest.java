package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void withMaxCharacters_tooSmall_throwsNamingTheValue() {
    assertThatThrownBy(() -> ExtractiveSummarizer.withMaxCharacters(10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[10]");
  }
}
