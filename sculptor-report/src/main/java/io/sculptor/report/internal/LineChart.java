package io.sculptor.report.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleFunction;

/**
 * A chart of a few series over categories (model calls, sizes), drawn as inline SVG: lines with a
 * point per value, or bars. Each point carries its series, category and value in {@code data-}
 * attributes and a {@code <title>} (the browser's tooltip), and may link somewhere.
 *
 * <p>Mutable while it is built, not thread-safe. Not an API.
 */
public final class LineChart {
  private static final int WIDTH = 760;
  private static final int HEIGHT = 300;
  private static final int LEFT = 72;
  private static final int RIGHT = 16;
  private static final int TOP = 46;
  private static final int BOTTOM = 44;

  private final String id;
  private final String title;
  private final String xLabel;
  private final List<String> categories;
  private final DoubleFunction<String> format;
  private final List<Series> series = new ArrayList<>();
  private final List<Integer> markers = new ArrayList<>();
  private String markerLabel = "";
  private List<String> links = List.of();
  private double yMax = Double.NaN;

  private record Series(String name, double[] values, boolean bars) {}

  /**
   * Starts a chart.
   *
   * @param id the element id of the {@code <svg>}
   * @param title the heading inside the chart
   * @param xLabel what the categories are
   * @param categories the labels along the x axis
   * @param format formats a value for the y axis and the tooltips
   */
  public LineChart(String id, String title, String xLabel, List<String> categories, DoubleFunction<String> format) {
    this.id = Objects.requireNonNull(id, "id");
    this.title = Objects.requireNonNull(title, "title");
    this.xLabel = Objects.requireNonNull(xLabel, "xLabel");
    this.categories = List.copyOf(categories);
    this.format = Objects.requireNonNull(format, "format");
  }

  /** Adds a line; a NaN value leaves a gap. */
  public LineChart line(String name, double[] values) {
    series.add(new Series(name, values.clone(), false));
    return this;
  }

  /** Adds bars, drawn behind the lines. */
  public LineChart bars(String name, double[] values) {
    series.add(new Series(name, values.clone(), true));
    return this;
  }

  /** Marks categories with a dashed vertical line named {@code label} in the legend. */
  public LineChart markers(String label, List<Integer> categoryIndexes) {
    this.markerLabel = label;
    markers.addAll(categoryIndexes);
    return this;
  }

  /** Makes each category's points link to the matching {@code href}. */
  public LineChart links(List<String> hrefs) {
    this.links = List.copyOf(hrefs);
    return this;
  }

  /** Fixes the top of the y axis, as for shares from 0 to 1. */
  public LineChart yMax(double value) {
    this.yMax = value;
    return this;
  }

  /** {@return the chart as an {@code <svg>} element} */
  public String svg() {
    double max = yMax;
    if (Double.isNaN(max)) {
      max = 0;
      for (Series s : series) {
        for (double v : s.values) {
          if (!Double.isNaN(v)) {
            max = Math.max(max, v);
          }
        }
      }
      max = niceCeiling(max);
    }
    int n = categories.size();
    double plotWidth = WIDTH - LEFT - RIGHT;
    double plotHeight = HEIGHT - TOP - BOTTOM;
    double step = plotWidth / Math.max(n, 1);
    StringBuilder out = new StringBuilder();
    out.append("<svg class=\"chart\" id=\"").append(Html.escape(id)).append("\"")
        .append(" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"").append(WIDTH)
        .append("\" height=\"").append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(Html.escape(title))
        .append("\">\n<title>").append(Html.escape(title)).append("</title>\n");
    out.append("<text x=\"").append(LEFT).append("\" y=\"16\" font-weight=\"bold\">").append(Html.escape(title))
        .append("</text>\n");
    // The y axis: five grid lines with their values.
    for (int t = 0; t <= 4; t++) {
      double value = max * t / 4;
      double y = TOP + plotHeight - plotHeight * t / 4;
      out.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>",
          LEFT, WIDTH - RIGHT, y, y));
      out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", LEFT - 6,
          y + 4, Html.escape(format.apply(value))));
    }
    out.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>", LEFT, LEFT,
        TOP, HEIGHT - BOTTOM));
    out.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>\n", LEFT,
        WIDTH - RIGHT, HEIGHT - BOTTOM, HEIGHT - BOTTOM));
    int labelEvery = Math.max(1, (int) Math.ceil(n / 24.0));
    for (int i = 0; i < n; i++) {
      if (i % labelEvery == 0) {
        out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
            x(i, step), HEIGHT - BOTTOM + 15, Html.escape(categories.get(i))));
      }
    }
    out.append(String.format(Locale.ROOT, "\n<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"muted\">%s</text>\n",
        LEFT + plotWidth / 2, HEIGHT - 8, Html.escape(xLabel)));
    for (int m : markers) {
      out.append(String.format(Locale.ROOT,
          "<line class=\"policy\" data-marker=\"%d\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"><title>%s</title></line>\n",
          m, x(m, step) - step / 2, x(m, step) - step / 2, TOP, HEIGHT - BOTTOM,
          Html.escape(markerLabel + " before " + categories.get(m))));
    }
    int barSeries = (int) series.stream().filter(Series::bars).count();
    int bar = 0;
    for (int s = 0; s < series.size(); s++) {
      Series line = series.get(s);
      if (!line.bars) {
        continue;
      }
      double barWidth = step * 0.6 / barSeries;
      for (int i = 0; i < Math.min(n, line.values.length); i++) {
        double v = line.values[i];
        if (Double.isNaN(v)) {
          continue;
        }
        double h = max == 0 ? 0 : plotHeight * Math.min(v, max) / max;
        double left = x(i, step) - step * 0.3 + bar * barWidth;
        openLink(out, i);
        out.append(String.format(Locale.ROOT,
            "<rect class=\"bar c%d\" data-series=\"%s\" data-x=\"%s\" data-value=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
                + " height=\"%.1f\"><title>%s</title></rect>", s % 6, Html.escape(line.name),
            Html.escape(categories.get(i)), plain(v), left, TOP + plotHeight - h, barWidth, h,
            Html.escape(line.name + " at " + categories.get(i) + ": " + format.apply(v))));
        closeLink(out, i);
      }
      out.append('\n');
      bar++;
    }
    for (int s = 0; s < series.size(); s++) {
      Series line = series.get(s);
      if (line.bars) {
        continue;
      }
      StringBuilder path = new StringBuilder();
      boolean pen = false;
      for (int i = 0; i < Math.min(n, line.values.length); i++) {
        double v = line.values[i];
        if (Double.isNaN(v)) {
          pen = false;
          continue;
        }
        path.append(pen ? " L" : (path.length() == 0 ? "M" : " M")).append(String.format(Locale.ROOT, "%.1f %.1f",
            x(i, step), y(v, max, plotHeight)));
        pen = true;
      }
      if (path.length() > 0) {
        out.append("<path class=\"line c").append(s % 6).append("\" data-series=\"").append(Html.escape(line.name))
            .append("\" d=\"").append(path).append("\"/>\n");
      }
      for (int i = 0; i < Math.min(n, line.values.length); i++) {
        double v = line.values[i];
        if (Double.isNaN(v)) {
          continue;
        }
        openLink(out, i);
        out.append(String.format(Locale.ROOT,
            "<circle class=\"point c%d\" data-series=\"%s\" data-x=\"%s\" data-value=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\">"
                + "<title>%s</title></circle>", s % 6, Html.escape(line.name), Html.escape(categories.get(i)), plain(v),
            x(i, step), y(v, max, plotHeight), Html.escape(line.name + " at " + categories.get(i) + ": "
                + format.apply(v))));
        closeLink(out, i);
      }
      out.append('\n');
    }
    // The legend, right-aligned under the title.
    double legendX = WIDTH - RIGHT;
    List<String> names = new ArrayList<>();
    List<String> classes = new ArrayList<>();
    for (int s = 0; s < series.size(); s++) {
      names.add(series.get(s).name);
      classes.add((series.get(s).bars ? "bar c" : "line c") + s % 6);
    }
    if (!markers.isEmpty()) {
      names.add(markerLabel);
      classes.add("policy");
    }
    for (int k = names.size() - 1; k >= 0; k--) {
      String name = names.get(k);
      legendX -= 7 * name.length() + 34;
      out.append(String.format(Locale.ROOT, "<g class=\"legend\"><line class=\"%s\" x1=\"%.1f\" x2=\"%.1f\" y1=\"30\""
          + " y2=\"30\" stroke-width=\"6\"/><text x=\"%.1f\" y=\"34\">%s</text></g>", classes.get(k), legendX,
          legendX + 18, legendX + 24, Html.escape(name)));
    }
    return out.append("\n</svg>\n").toString();
  }

  private void openLink(StringBuilder out, int i) {
    if (i < links.size()) {
      out.append("<a href=\"").append(Html.escape(links.get(i))).append("\">");
    }
  }

  private void closeLink(StringBuilder out, int i) {
    if (i < links.size()) {
      out.append("</a>");
    }
  }

  private static double x(int i, double step) {
    return LEFT + step * (i + 0.5);
  }

  private static double y(double v, double max, double plotHeight) {
    return TOP + plotHeight - (max == 0 ? 0 : plotHeight * Math.min(v, max) / max);
  }

  /** The value as written in {@code data-value}: an integer when it is one. */
  private static String plain(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4f", v);
  }

  /** {@return the smallest of 1, 2, 2.5 or 5 times a power of ten that is at least {@code value}} */
  static double niceCeiling(double value) {
    if (value <= 0) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * power >= value) {
        return m * power;
      }
    }
    return 10 * power;
  }
}
