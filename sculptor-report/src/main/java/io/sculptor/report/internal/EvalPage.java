package io.sculptor.report.internal;

import io.sculptor.report.EvalResults;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * The HTML page of an evaluation: per task, a table of its rows and the paper's two charts, score
 * and context tokens against the size, one line per condition (and variant), so that the run with
 * the tools, the one without and the baselines are read side by side.
 *
 * <p>Stateless and thread-safe. Not an API.
 */
public final class EvalPage {
  private EvalPage() {}

  /** {@return the page of {@code results}} */
  public static String render(EvalResults results) {
    StringBuilder body = new StringBuilder();
    body.append("<h1>").append(Html.escape(results.title())).append("</h1>\n");
    if (!results.description().isEmpty()) {
      body.append("<p class=\"muted\">").append(Html.escape(results.description())).append("</p>\n");
    }
    Map<String, List<EvalResults.Row>> byTask = new LinkedHashMap<>();
    results.rows().forEach(r -> byTask.computeIfAbsent(r.task(), t -> new ArrayList<>()).add(r));
    if (byTask.isEmpty()) {
      body.append("<p>No results.</p>\n");
    }
    int t = 0;
    for (Map.Entry<String, List<EvalResults.Row>> e : byTask.entrySet()) {
      task(e.getKey(), e.getValue(), t++, body);
    }
    return Html.page(results.title(), Html.STYLE, body.toString(), "");
  }

  private static void task(String task, List<EvalResults.Row> rows, int index, StringBuilder out) {
    String unit = rows.get(0).sizeUnit();
    String scoreName = rows.get(0).scoreName();
    out.append("<section class=\"task\" id=\"task-").append(index).append("\" data-task=\"").append(Html.escape(task))
        .append("\">\n<h2>").append(Html.escape(task)).append("</h2>\n");
    TreeSet<Long> sizes = new TreeSet<>();
    Map<String, Map<Long, EvalResults.Row>> series = new LinkedHashMap<>();
    // The variant names a line only when the task has several.
    boolean variants = rows.stream().map(EvalResults.Row::variant).distinct().count() > 1;
    for (EvalResults.Row r : rows) {
      sizes.add(r.size());
      String name = r.condition() + (variants ? ", " + r.variant() : "");
      series.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(r.size(), r);
    }
    List<String> categories = sizes.stream().map(s -> Html.number(s)).toList();
    LineChart score = new LineChart("score-chart-" + index, scoreName + " against " + unit, unit, categories,
        Html::percent).yMax(1);
    LineChart context = new LineChart("context-chart-" + index, "context tokens against " + unit, unit, categories,
        Html::number);
    for (Map.Entry<String, Map<Long, EvalResults.Row>> s : series.entrySet()) {
      double[] scores = new double[sizes.size()];
      double[] tokens = new double[sizes.size()];
      int i = 0;
      for (long size : sizes) {
        EvalResults.Row r = s.getValue().get(size);
        scores[i] = r == null ? Double.NaN : r.score();
        tokens[i] = r == null ? Double.NaN : r.contextTokens();
        i++;
      }
      score.line(s.getKey(), scores);
      context.line(s.getKey(), tokens);
    }
    out.append("<div class=\"charts\">\n").append(score.svg()).append(context.svg()).append("</div>\n");
    out.append("<table class=\"results\"><tr><th class=\"num\">").append(Html.escape(unit))
        .append("</th><th>variant</th><th>condition</th><th class=\"num\">samples</th><th class=\"num\">")
        .append(Html.escape(scoreName)).append("</th><th class=\"num\">context tokens</th>"
            + "<th class=\"num\">prompt tokens, all calls</th><th class=\"num\">uncached prompt tokens</th></tr>\n");
    for (EvalResults.Row r : rows) {
      out.append("<tr data-size=\"").append(r.size()).append("\" data-condition=\"").append(Html.escape(r.condition()))
          .append("\"><td class=\"num\">").append(Html.number(r.size())).append("</td><td>")
          .append(Html.escape(r.variant())).append("</td><td>").append(Html.escape(r.condition()))
          .append("</td><td class=\"num\">").append(r.samples()).append("</td><td class=\"num score\">")
          .append(Html.percent(r.score())).append("</td><td class=\"num context\">").append(Html.number(r.contextTokens()))
          .append("</td><td class=\"num\">").append(optional(r.totalPromptTokens())).append("</td><td class=\"num\">")
          .append(optional(r.uncachedPromptTokens())).append("</td></tr>\n");
    }
    out.append("</table>\n</section>\n");
  }

  private static String optional(OptionalDouble value) {
    return value.isPresent() ? Html.number(value.getAsDouble()) : "-";
  }
}
