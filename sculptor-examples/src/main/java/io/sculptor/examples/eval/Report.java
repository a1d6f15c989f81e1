package io.sculptor.examples.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Formats evaluation rows as a table for people or as JSON for machines. */
public final class Report {
  private Report() {}

  /** {@return the rows as a text table with a heading that says what the score means} */
  public static String table(EvalTask.Family family, String driver, List<Evaluation.Row> rows) {
    StringBuilder out = new StringBuilder();
    boolean offline = rows.stream().anyMatch(r -> r.mode() == Evaluation.Mode.OFFLINE);
    out.append(family.cliName()).append(", ").append(driver).append(" driver: ");
    out.append(offline
        ? "retention = share of the facts the gold answer needs that are still visible when the model answers"
            + " (no model runs, so no accuracy is claimed)"
        : "accuracy = mean score of the model's answers (" + scoring(family) + ")");
    out.append('\n');
    String variant = switch (family) {
      case PI_LLM -> "keys";
      case NEEDLE -> "chain";
      case MRCR -> "identical";
    };
    String[] header = {family.sizeUnit(), variant, "mode", "samples", offline ? "retention" : "accuracy",
        "tokens full", "tokens sent", "reduction", "tool calls"};
    List<String[]> lines = rows.stream().map(r -> new String[] {
        number(r.config().size()), Integer.toString(r.config().variant()), r.mode().label(),
        Integer.toString(r.samples()), String.format(Locale.ROOT, "%.1f%%", 100 * r.score()),
        number(Math.round(r.tokensFull())), number(Math.round(r.tokensSent())),
        String.format(Locale.ROOT, "%.1f%%", 100 * r.reduction()), calls(r.toolCalls())
            + (r.stepCapHits() > 0 ? " (step cap: " + r.stepCapHits() + ")" : "")}).toList();
    int[] widths = new int[header.length];
    for (int c = 0; c < header.length; c++) {
      widths[c] = header[c].length();
      for (String[] line : lines) {
        widths[c] = Math.max(widths[c], line[c].length());
      }
    }
    appendLine(out, header, widths);
    for (String[] line : lines) {
      appendLine(out, line, widths);
    }
    return out.toString();
  }

  /** {@return the rows as pretty-printed JSON} */
  public static String json(EvalTask.Family family, String driver, List<Evaluation.Row> rows) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("task", family.cliName());
    root.put("driver", driver);
    root.put("sizeUnit", family.sizeUnit());
    ArrayNode array = root.putArray("rows");
    for (Evaluation.Row r : rows) {
      ObjectNode row = array.addObject();
      row.put("size", r.config().size());
      row.put("variant", r.config().variant());
      row.put("mode", r.mode().label());
      row.put("samples", r.samples());
      row.put("scoreName", r.mode().scoreName());
      row.put("score", r.score());
      row.put("tokensFull", r.tokensFull());
      row.put("tokensSent", r.tokensSent());
      row.put("reduction", r.reduction());
      ObjectNode calls = row.putObject("toolCalls");
      r.toolCalls().forEach(calls::put);
      row.put("stepCapHits", r.stepCapHits());
    }
    try {
      return mapper.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String scoring(EvalTask.Family family) {
    return switch (family) {
      case PI_LLM -> "correct keys / keys, case-insensitive exact match";
      case NEEDLE -> "exact match of the eldest relative";
      case MRCR -> "0 without the prefix, else difflib's similarity ratio";
    };
  }

  private static String calls(Map<String, Double> calls) {
    if (calls.isEmpty()) {
      return "-";
    }
    return calls.entrySet().stream().map(e -> e.getKey() + " " + trim(e.getValue())).collect(Collectors.joining(", "));
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String number(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  private static void appendLine(StringBuilder out, String[] cells, int[] widths) {
    for (int c = 0; c < cells.length; c++) {
      boolean last = c == cells.length - 1;
      String cell = cells[c];
      if (last) {
        out.append(cell);
      } else {
        out.append(" ".repeat(widths[c] - cell.length())).append(cell).append("  ");
      }
    }
    out.append('\n');
  }
}
