package io.sculptor.tools;

import io.sculptor.tools.internal.ExtractiveSelection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recall of the must-keep lines of {@link SummaryCorpus} in the summaries of a summarizer at its
 * default budget, and the table of {@code docs/tools.md} that compares it with the recorded
 * baseline: what the summarizer kept before it learnt about code and logs.
 */
final class SummaryRecall {
  /** The baseline: for each case, the must-keep items the earlier summarizer kept. */
  static final Path BASELINE = SummaryCorpus.DIRECTORY.resolve("baseline.tsv");

  private SummaryRecall() {}

  /** What one summary kept of one case. */
  record Row(SummaryCorpus.Case source, String summary, int kept) {
    int mustKeep() {
      return source.mustKeep().size();
    }
  }

  /** {@return one row per case of the corpus, summarized by {@code summarizer} with each case's focus} */
  static List<Row> measure(List<SummaryCorpus.Case> cases, Summarizer summarizer) {
    return cases.stream().map(c -> {
      String summary = summarizer.summarize(c.text(), c.focus());
      return new Row(c, summary, c.keptIn(summary));
    }).toList();
  }

  /** {@return the share of all must-keep items that the rows kept} */
  static double recall(List<Row> rows) {
    return (double) rows.stream().mapToInt(Row::kept).sum() / rows.stream().mapToInt(Row::mustKeep).sum();
  }

  /** {@return the recorded baseline: kept must-keep items per case name} */
  static Map<String, Integer> baseline() {
    Map<String, Integer> kept = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(BASELINE, StandardCharsets.UTF_8)) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] fields = line.split("\t");
          kept.put(fields[0], Integer.parseInt(fields[1]));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return kept;
  }

  /** Writes {@link #BASELINE} from {@code rows}. */
  static void recordBaseline(List<Row> rows, String summarizer) throws IOException {
    StringBuilder tsv = new StringBuilder("# case\tkept must-keep items, by ").append(summarizer).append('\n');
    rows.forEach(r -> tsv.append(r.source().name()).append('\t').append(r.kept()).append('\n'));
    Files.writeString(BASELINE, tsv, StandardCharsets.UTF_8);
  }

  /**
   * {@return for each case that lost a must-keep item: the items lost and every unit of the output
   * with its score, to see why}
   */
  static String misses(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    for (Row r : rows) {
      if (r.kept() < r.mustKeep()) {
        out.append("== ").append(r.source().name()).append(" (").append(r.kept()).append(" of ")
            .append(r.mustKeep()).append(" kept), lost:\n");
        for (String item : r.source().mustKeep()) {
          if (!r.summary().replaceAll("\\s+", " ").contains(item.replaceAll("\\s+", " "))) {
            out.append("   ").append(item).append('\n');
          }
        }
        int length = r.source().text().length();
        out.append(ExtractiveSelection.explain(r.source().text(), r.source().focus(),
            Math.min(1000, Math.max(Math.min(160, length / 2), length / 4)))).append('\n');
      }
    }
    return out.toString();
  }

  /** {@return a Markdown table of {@code rows} beside the baseline, with the totals} */
  static String table(List<Row> rows, Map<String, Integer> baseline) {
    StringBuilder table = new StringBuilder(
        "| case | kind | output chars | summary chars | must-keep | kept before | kept now |\n"
            + "|---|---|---:|---:|---:|---:|---:|\n");
    int before = 0;
    for (Row r : rows) {
      int was = baseline.get(r.source().name());
      before += was;
      table.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %d | %d | %d |%n", r.source().name(),
          r.source().kind(), r.source().text().length(), r.summary().length(), r.mustKeep(), was, r.kept()));
    }
    int total = rows.stream().mapToInt(Row::mustKeep).sum();
    int now = rows.stream().mapToInt(Row::kept).sum();
    table.append(String.format(Locale.ROOT, "| **all %d cases** | | %,d | %,d | %d | %d (%.1f%%) | %d (%.1f%%) |%n",
        rows.size(), rows.stream().mapToInt(r -> r.source().text().length()).sum(),
        rows.stream().mapToInt(r -> r.summary().length()).sum(), total, before, 100.0 * before / total, now,
        100.0 * now / total));
    return table.toString();
  }
}
