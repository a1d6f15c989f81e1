package io.sculptor.examples.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Formats evaluation rows as a table for people or as JSON for machines, every column labelled. */
public final class Report {
  /** What each token column counts, as printed under the table and put in the JSON. */
  static final Map<String, String> COLUMNS = Map.of(
      "taskTokens", "tokens of the whole task with its system prompt",
      "finalContextTokens", "tokens of the context the model answers from (the paper's metric)",
      "promptTokensAllCalls", "prompt tokens summed over every model call, tool schemas and priming included",
      "uncachedPromptTokens", "of those, the tokens after the first position that differs from the previous call's"
          + " prompt: what ideal prefix caching cannot serve");

  /** What each further measure of the fix family counts, in the order of the table's columns. */
  static final Map<String, String> MEASURES = orderedMeasures();

  private Report() {}

  private static Map<String, String> orderedMeasures() {
    Map<String, String> measures = new java.util.LinkedHashMap<>();
    measures.put(FixTasks.TESTS_PASSING, "share of the repository's tests that pass on the files as the run left them");
    measures.put(FixTasks.OUTCOMES_VISIBLE, "share of the files whose outcome (its failing test's status line and"
        + " the line that held the bug, both as the run left them) occurs in the final context");
    measures.put(FixTasks.OUTCOMES_RECOVERABLE, "share of the files whose outcome is visible, or becomes visible"
        + " when the final state is searched for the test's id and the fragments holding the matches are restored");
    measures.put(FixTasks.PEAK_CONTEXT, "the largest context of any model call");
    measures.put(FixTasks.MEAN_CONTEXT, "the mean context over the model calls");
    return java.util.Collections.unmodifiableMap(measures);
  }

  /**
   * {@return the rows as a text table}, headed by what the score means and followed by what the
   * token columns count
   *
   * @param family the task family
   * @param source where the tasks come from: "generated" or the input file's name
   * @param driver the driver's name
   * @param rows the rows
   */
  public static String table(EvalTask.Family family, String source, String driver, List<Evaluation.Row> rows) {
    if (family == EvalTask.Family.FIX) {
      return fixTable(source, driver, rows);
    }
    StringBuilder out = new StringBuilder();
    boolean offline = rows.stream().anyMatch(r -> r.mode().scoreName().equals("retention"));
    out.append(family.cliName()).append(" (").append(source).append("), ").append(driver).append(" driver: ");
    out.append(offline
        ? "retention = share of the facts the gold answer needs that are visible in the final context; the"
            + " scripted agent is no model, so no accuracy is claimed"
        : "accuracy = mean score of the model's answers by the benchmark's grader (" + scoring(family) + ")");
    out.append('\n');
    String[] header = {family.sizeUnit(), family.variantName(), "mode", "samples",
        offline ? "retention" : "accuracy", "task", "final context", "prompt, all calls", "uncached prompt",
        "reduction", "steps", "tool calls"};
    List<String[]> lines = rows.stream().map(r -> new String[] {
        number(r.config().size()), Integer.toString(r.config().variant()), r.mode().label(),
        Integer.toString(r.samples()), percent(r.score()), number(Math.round(r.taskTokens())),
        number(Math.round(r.finalContext())), number(Math.round(r.prompt())), number(Math.round(r.uncachedPrompt())),
        percent(r.reduction()), trim(r.steps()),
        calls(r.toolCalls()) + (r.stepCapHits() > 0 ? " (step cap: " + r.stepCapHits() + ")" : "")}).toList();
    render(out, header, lines);
    out.append("Tokens (o200k): task = ").append(COLUMNS.get("taskTokens")).append("; final context = ")
        .append(COLUMNS.get("finalContextTokens")).append("; prompt, all calls = ")
        .append(COLUMNS.get("promptTokensAllCalls")).append("; uncached prompt = ")
        .append(COLUMNS.get("uncachedPromptTokens")).append("; reduction = 1 - final context / task.");
    if (offline) {
      out.append(" The baselines get the scripted agent's final context as their budget.");
    }
    return out.append('\n').toString();
  }

  /**
   * The fix family's table: per mode, the tests passing, the outcomes visible and recoverable, and
   * the context over the run's calls beside the token columns.
   */
  private static String fixTable(String source, String driver, List<Evaluation.Row> rows) {
    EvalTask.Family family = EvalTask.Family.FIX;
    StringBuilder out = new StringBuilder(family.cliName()).append(" (").append(source).append("), ")
        .append(driver).append(" driver: tests passing = ").append(MEASURES.get(FixTasks.TESTS_PASSING))
        .append("; outcomes visible = ").append(MEASURES.get(FixTasks.OUTCOMES_VISIBLE))
        .append("; recoverable = visible, or visible after search_context for the test and restore_fragment of"
            + " what it finds");
    boolean offline = rows.stream().anyMatch(r -> r.mode() == Evaluation.Mode.TERSE_RETURN);
    out.append(offline ? "; the scripted agent is no model.\n" : ".\n");
    String[] header = {family.sizeUnit(), family.variantName(), "mode", "samples", "tests passing",
        "outcomes visible", "recoverable", "peak context", "mean context", "final context", "prompt, all calls",
        "uncached prompt", "steps", "tool calls"};
    List<String[]> lines = rows.stream().map(r -> new String[] {
        number(r.config().size()), Integer.toString(r.config().variant()), r.mode().label(),
        Integer.toString(r.samples()), measure(r, FixTasks.TESTS_PASSING, true),
        measure(r, FixTasks.OUTCOMES_VISIBLE, true), measure(r, FixTasks.OUTCOMES_RECOVERABLE, true),
        measure(r, FixTasks.PEAK_CONTEXT, false), measure(r, FixTasks.MEAN_CONTEXT, false),
        number(Math.round(r.finalContext())), number(Math.round(r.prompt())), number(Math.round(r.uncachedPrompt())),
        trim(r.steps()),
        calls(r.toolCalls()) + (r.stepCapHits() > 0 ? " (step cap: " + r.stepCapHits() + ")" : "")}).toList();
    render(out, header, lines);
    out.append("Tokens (o200k): peak context, mean context = ").append(MEASURES.get(FixTasks.PEAK_CONTEXT))
        .append(", and ").append(MEASURES.get(FixTasks.MEAN_CONTEXT)).append("; final context = the context of the")
        .append(" last call; prompt, all calls = ").append(COLUMNS.get("promptTokensAllCalls"))
        .append("; uncached prompt = ").append(COLUMNS.get("uncachedPromptTokens")).append(". The fold-oldest run")
        .append(" folds the oldest messages past the branch/return run's peak context, before every call; the")
        .append(" truncation baseline keeps the newest tokens of the no-branch run's final context, as many as the")
        .append(" branch/return run's final context.\n");
    return out.toString();
  }

  private static String measure(Evaluation.Row row, String name, boolean share) {
    Double value = row.measures().get(name);
    if (value == null) {
      return "-";
    }
    return share ? percent(value) : number(Math.round(value));
  }

  private static void render(StringBuilder out, String[] header, List<String[]> lines) {
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
  }

  /** {@return the rows as pretty-printed JSON, with what each token column counts} */
  public static String json(EvalTask.Family family, String source, String driver, String model,
      List<Evaluation.Row> rows) {
    ObjectNode root = TaskGenerator.JSON.createObjectNode();
    root.put("task", family.cliName());
    root.put("source", source);
    root.put("driver", driver);
    root.put("model", model);
    root.put("sizeUnit", family.sizeUnit());
    root.put("variantUnit", family.variantName());
    ObjectNode columns = root.putObject("columns");
    for (String column : List.of("taskTokens", "finalContextTokens", "promptTokensAllCalls", "uncachedPromptTokens")) {
      columns.put(column, COLUMNS.get(column));
    }
    if (family == EvalTask.Family.FIX) {
      MEASURES.forEach(columns::put);
    }
    ArrayNode array = root.putArray("rows");
    for (Evaluation.Row r : rows) {
      ObjectNode row = array.addObject();
      row.put("size", r.config().size());
      row.put("variant", r.config().variant());
      row.put("mode", r.mode().label());
      row.put("samples", r.samples());
      row.put("scoreName", r.mode().scoreName());
      row.put("score", r.score());
      row.put("taskTokens", r.taskTokens());
      row.put("finalContextTokens", r.finalContext());
      row.put("promptTokensAllCalls", r.prompt());
      row.put("uncachedPromptTokens", r.uncachedPrompt());
      if (family != EvalTask.Family.FIX) {
        row.put("reduction", r.reduction());
      }
      for (String measure : MEASURES.keySet()) {
        if (r.measures().containsKey(measure)) {
          row.put(measure, r.measures().get(measure));
        }
      }
      row.put("steps", r.steps());
      ObjectNode calls = row.putObject("toolCalls");
      r.toolCalls().forEach(calls::put);
      row.put("stepCapHits", r.stepCapHits());
    }
    try {
      return TaskGenerator.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String scoring(EvalTask.Family family) {
    return switch (family) {
      case PI_LLM -> "share of keys whose reported value is exactly the last one";
      case NEEDLE -> "the last \\boxed{} answer equals the eldest relative";
      case MRCR -> "0 without the random string, else difflib's similarity ratio";
      case FIX -> "the share of the repository's tests that pass";
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

  private static String percent(double value) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * value);
  }

  private static String number(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  private static void appendLine(StringBuilder out, String[] cells, int[] widths) {
    for (int c = 0; c < cells.length; c++) {
      String cell = cells[c];
      if (c == cells.length - 1) {
        out.append(cell);
      } else {
        boolean left = c == 2;
        out.append(left ? cell + " ".repeat(widths[c] - cell.length()) : " ".repeat(widths[c] - cell.length()) + cell)
            .append("  ");
      }
    }
    out.append('\n');
  }
}
