package io.sculptor.examples.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.report.PromptAccounting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The results of an evaluation as JSON Lines: one record per task and mode, appended and flushed as
 * soon as the sample finishes, so that an interrupted run loses at most the samples under way. A
 * record holds the prompt id, the task, its size and variant, the mode, the model, the answer, the
 * score, the retention, the steps, the tool calls and the token columns:
 *
 * <pre>{"id":"mrcr-8000-4-s1","task":"mrcr","size":8000,"variant":4,"mode":"tools","model":"gpt-4.1",
 * "answer":"…","score":0.97,"scoreName":"accuracy","retention":1.0,"steps":5,"toolCalls":{…},
 * "stepCap":false,"taskTokens":8093,"finalContextTokens":3310,"promptTokensAllCalls":21950,
 * "uncachedPromptTokens":12405}</pre>
 *
 * <p>A family that measures more (fix) adds them under {@code "measures"}.
 *
 * <p>Opening a file reads the records it holds; a last line cut short by a crash is dropped. The
 * records of the same model are the samples a run skips. Thread-safe.
 */
public final class ResultsFile {
  private final Path path;
  private final Map<String, Map<String, Evaluation.Sample>> byModel = new HashMap<>();

  private ResultsFile(Path path) {
    this.path = path;
  }

  /**
   * Opens {@code path}, creating it when absent, and reads the records it holds.
   *
   * @throws EvaluationException if a line other than a cut-short last one is not a record
   */
  public static ResultsFile open(Path path) {
    ResultsFile file = new ResultsFile(Objects.requireNonNull(path, "path"));
    try {
      if (Files.exists(path)) {
        String text = Files.readString(path, StandardCharsets.UTF_8);
        int complete = text.lastIndexOf('\n') + 1;
        if (complete < text.length()) {
          // A crash in the middle of a write leaves a partial last line; the next append would glue to it.
          try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.truncate(text.substring(0, complete).getBytes(StandardCharsets.UTF_8).length);
          }
        }
        String[] lines = text.substring(0, complete).split("\n");
        for (int i = 0; i < lines.length; i++) {
          if (!lines[i].isBlank()) {
            Evaluation.Sample sample = parse(lines[i], path, i + 1);
            file.byModel.computeIfAbsent(sample.model(), m -> new LinkedHashMap<>())
                .put(key(sample.id(), sample.mode()), sample);
          }
        }
      } else {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        Files.createFile(path);
      }
    } catch (IOException e) {
      throw new EvaluationException("cannot use the results file " + path + ": " + e, e);
    }
    return file;
  }

  /** {@return the file} */
  public Path path() {
    return path;
  }

  /** {@return the samples the file holds for {@code model}, by {@link #key}} */
  public synchronized Map<String, Evaluation.Sample> samples(String model) {
    return Map.copyOf(byModel.getOrDefault(model, Map.of()));
  }

  /** {@return the key of a task's sample in a mode} */
  static String key(String id, Evaluation.Mode mode) {
    return id + "\u0000" + mode.label();
  }

  /** Appends {@code sample} as one line and forces it to the file. */
  public synchronized void append(Evaluation.Sample sample) {
    byte[] line = (TaskGenerator.json(json(sample)) + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buffer = ByteBuffer.wrap(line);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + path, e);
    }
    byModel.computeIfAbsent(sample.model(), m -> new LinkedHashMap<>()).put(key(sample.id(), sample.mode()), sample);
  }

  /** {@return {@code sample} as a record} */
  static ObjectNode json(Evaluation.Sample sample) {
    ObjectNode node = TaskGenerator.JSON.createObjectNode();
    node.put("id", sample.id());
    node.put("task", sample.config().family().cliName());
    node.put("size", sample.config().size());
    node.put("variant", sample.config().variant());
    node.put("mode", sample.mode().label());
    node.put("model", sample.model());
    node.put("answer", sample.answer());
    node.put("score", sample.score());
    node.put("scoreName", sample.mode().scoreName());
    node.put("retention", sample.retention());
    node.put("steps", sample.steps());
    ObjectNode calls = node.putObject("toolCalls");
    new java.util.TreeMap<>(sample.toolCalls()).forEach(calls::put);
    node.put("stepCap", sample.stepCap());
    node.put("taskTokens", sample.taskTokens());
    node.put("finalContextTokens", sample.tokens().finalContextTokens());
    node.put("promptTokensAllCalls", sample.tokens().promptTokens());
    node.put("uncachedPromptTokens", sample.tokens().uncachedPromptTokens());
    node.put("calls", sample.tokens().calls());
    if (!sample.measures().isEmpty()) {
      ObjectNode measures = node.putObject("measures");
      new java.util.TreeMap<>(sample.measures()).forEach(measures::put);
    }
    return node;
  }

  private static Evaluation.Sample parse(String line, Path path, int number) {
    try {
      JsonNode n = TaskGenerator.JSON.readTree(line);
      EvalTask.Family family = EvalTask.Family.byCliName(n.path("task").asText());
      Evaluation.Mode mode = Evaluation.Mode.byLabel(n.path("mode").asText());
      if (family == null || mode == null || !n.path("id").isTextual() || !n.path("model").isTextual()) {
        throw new IllegalArgumentException("it lacks a known task, mode, id or model");
      }
      Map<String, Integer> calls = new LinkedHashMap<>();
      n.path("toolCalls").properties().forEach(e -> calls.put(e.getKey(), e.getValue().asInt()));
      Map<String, Double> measures = new LinkedHashMap<>();
      n.path("measures").properties().forEach(e -> measures.put(e.getKey(), e.getValue().asDouble()));
      return new Evaluation.Sample(n.get("id").asText(),
          new Evaluation.Config(family, n.path("size").asInt(), n.path("variant").asInt()), mode,
          n.get("model").asText(), n.path("answer").asText(""), n.path("score").asDouble(),
          n.path("retention").asDouble(), n.path("steps").asInt(), calls, n.path("stepCap").asBoolean(),
          n.path("taskTokens").asLong(), PromptAccounting.Tokens.of(n.path("calls").asInt(),
              n.path("finalContextTokens").asLong(), n.path("promptTokensAllCalls").asLong(),
              n.path("uncachedPromptTokens").asLong()), measures);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new EvaluationException(path.getFileName() + " line " + number + " is not a result record ("
          + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage())
          + "); give another --output file", e);
    }
  }
}
