package io.sculptor.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.StateSnapshot;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  private static final ScriptedRuns.Scripted SCRIPTED = ScriptedRuns.foldSearchRestore();
  private static final String RUN_PAGE = HtmlReport.render(SCRIPTED.recording());
  private static final String EVAL_PAGE = HtmlReport.render(EvalFixtures.offline());

  @Test
  void render_escapesHostileText_soThatTheOnlyScriptIsTheReportsOwn() {
    assertThat(RUN_PAGE).doesNotContain("<img src=x", "<script>window.pwned", "onerror=\"window");
    assertThat(RUN_PAGE).contains("&lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;img src=x"
        + " onerror=&quot;window.pwned=2&quot;&gt; &amp; &#39;q&#39;");
    assertThat(count(RUN_PAGE, "<script")).isEqualTo(1);
    assertThat(count(EVAL_PAGE, "<script")).isZero();
    assertThat(EVAL_PAGE).contains("<h1>Offline evaluation &lt;script&gt;alert(1)&lt;/script&gt;</h1>");
  }

  @Test
  void render_allowsOnlyItsOwnStyleAndScript_byHash() throws Exception {
    Matcher policy = Pattern.compile("Content-Security-Policy\" content=\"([^\"]+)\"").matcher(RUN_PAGE);
    assertThat(policy.find()).isTrue();
    String script = between(RUN_PAGE, "<script>", "</script>");
    String style = between(RUN_PAGE, "<style>", "</style>");
    assertThat(policy.group(1)).isEqualTo("default-src 'none'; img-src data:; style-src '" + sha256(style)
        + "'; script-src '" + sha256(script) + "'");
    assertThat(RUN_PAGE).doesNotContain("http://", "https://", " src=\"", "<link");
  }

  @Test
  void render_drawsOnePointPerModelCall_withTheRecordedTokens() {
    for (RecordedStep step : SCRIPTED.recording().steps()) {
      assertThat(RUN_PAGE).contains("data-series=\"view tokens\" data-x=\"" + step.step() + "\" data-value=\""
          + step.viewTokens() + "\"");
      assertThat(RUN_PAGE).contains("data-series=\"original tokens\" data-x=\"" + step.step() + "\" data-value=\""
          + step.originalTokens() + "\"");
      assertThat(RUN_PAGE).contains("<li class=\"step\" id=\"step-" + step.step() + "\"");
      assertThat(RUN_PAGE).contains("<section class=\"view\" id=\"view-" + step.step() + "\"");
    }
    long policies = SCRIPTED.recording().steps().stream().filter(s -> s.policy().isPresent()).count();
    assertThat(count(RUN_PAGE, "<line class=\"policy\" data-marker=")).isEqualTo(policies);
  }

  @Test
  void render_linksEveryMarkerOfAStep_toTheFragmentThatHidesIt() {
    RecordedStep third = SCRIPTED.recording().steps().get(2);
    String view = between(RUN_PAGE, "<section class=\"view\" id=\"view-3\"", "</section>");
    long hidden = 0;
    for (StateSnapshot.FragmentRecord f : third.state().fragments()) {
      if (f.status().hidesOriginal()) {
        hidden++;
        assertThat(view).contains("<a class=\"marker " + f.status() + "\" href=\"#frag-" + f.id().value() + "\"");
        assertThat(RUN_PAGE).contains("<tr id=\"frag-" + f.id().value() + "\">");
      }
    }
    assertThat(hidden).isGreaterThanOrEqualTo(2);
    assertThat(count(view, "<a class=\"marker ")).isEqualTo(hidden);
  }

  @Test
  void render_marksEverySearchHit_inTheOriginal_andLinksItFromTheHitTable() {
    StateSnapshot last = SCRIPTED.recording().steps().get(4).state();
    assertThat(last.searchHits()).isNotEmpty();
    for (StateSnapshot.SearchHitRecord h : last.searchHits()) {
      String id = h.id().value();
      assertThat(RUN_PAGE).contains("<a class=\"tag hit-at\" id=\"at-" + id + "\" href=\"#hit-" + id + "\"");
      assertThat(RUN_PAGE).contains("<tr id=\"hit-" + id + "\">").contains("<a href=\"#at-" + id + "\">message "
          + h.messageIndex());
    }
  }

  @Test
  void render_showsToolCountsEntropyAndPromptTotals() {
    RunRecording r = SCRIPTED.recording();
    assertThat(RUN_PAGE).contains("<span id=\"tool-entropy\">" + String.format(java.util.Locale.ROOT, "%.3f",
        r.toolUsage().entropyBits()) + "</span>");
    assertThat(RUN_PAGE).contains("<dd id=\"total-prompt-tokens\">" + String.format(java.util.Locale.ROOT, "%,d",
        r.totalPromptTokens()) + "</dd>");
    assertThat(RUN_PAGE).contains("<span id=\"uncached-prompt-tokens\">" + String.format(java.util.Locale.ROOT, "%,d",
        r.uncachedPromptTokens()) + "</span>");
    r.toolUsage().counts().forEach((tool, n) -> assertThat(RUN_PAGE).contains("<tr data-tool=\"" + tool + "\"><td>"
        + tool + "</td><td class=\"num\">" + n + "</td>"));
  }

  @Test
  void render_ofAnEvaluation_drawsScoreAndContextAgainstSize_perCondition() {
    assertThat(EVAL_PAGE).contains("id=\"score-chart-0\"", "id=\"context-chart-0\"", "id=\"score-chart-1\"");
    assertThat(EVAL_PAGE).contains("data-series=\"truncation\" data-x=\"256\" data-value=\"0.1000\"");
    assertThat(EVAL_PAGE).contains("data-series=\"full context\" data-x=\"64\" data-value=\"19640\"");
    assertThat(EVAL_PAGE).contains("data-series=\"tools\" data-x=\"16,000\" data-value=\"4000\"");
    assertThat(count(EVAL_PAGE, "<tr data-size=")).isEqualTo(EvalFixtures.offline().rows().size());
  }

  @Test
  void write_toAPathOrAWriter_writesTheRenderedPage(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("run.html");
    HtmlReport.write(SCRIPTED.recording(), file);
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(RUN_PAGE);
    StringWriter out = new StringWriter();
    HtmlReport.write(EvalFixtures.offline(), out);
    assertThat(out.toString()).isEqualTo(EVAL_PAGE);
  }

  private static String between(String text, String from, String to) {
    int start = text.indexOf(from) + from.length();
    return text.substring(start, text.indexOf(to, start));
  }

  private static long count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }

  private static String sha256(String text) throws Exception {
    return "sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
        .digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
