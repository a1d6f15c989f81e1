package io.sculptor.examples.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sculptor.model.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A long-horizon coding task, generated from a seed: a repository of source files, each with one
 * planted bug that one of its tests catches, and the three application tools an agent fixes them
 * with — {@code read_file}, {@code apply_patch} and {@code run_tests} — whose handlers work on a real
 * in-memory copy of the files: a patch changes the file, and the tests check the file's current text.
 *
 * <p>The test runner reports a failing test as a mutation-testing oracle would: the assertion, the
 * file and line, and the line the specification expects there. So the scripted agent needs no
 * reasoning about code; what the task measures is the context the work leaves behind, not repair
 * skill. Every tool output is long, as real file contents and test logs are.
 *
 * <p>Not thread-safe: one instance is one repository, changed by one run.
 */
public final class FixTask {
  static final ObjectMapper JSON = new ObjectMapper();

  /** {@code read_file}: the whole text of a file. */
  public static final ToolSpec READ_FILE = ToolSpec.of("read_file", "Returns the whole text of a source file.",
      "{\"type\": \"object\", \"properties\": {\"path\": {\"type\": \"string\"}}, \"required\": [\"path\"]}");
  /** {@code apply_patch}: replaces one exact line of a file. */
  public static final ToolSpec APPLY_PATCH = ToolSpec.of("apply_patch",
      "Replaces the exact text old with new in a source file; old must occur exactly once.",
      "{\"type\": \"object\", \"properties\": {\"path\": {\"type\": \"string\"}, \"old\": {\"type\": \"string\"},"
          + " \"new\": {\"type\": \"string\"}}, \"required\": [\"path\", \"old\", \"new\"]}");
  /** {@code run_tests}: runs the tests of a file and prints their log. */
  public static final ToolSpec RUN_TESTS = ToolSpec.of("run_tests", "Runs the unit tests of a source file.",
      "{\"type\": \"object\", \"properties\": {\"path\": {\"type\": \"string\"}}, \"required\": [\"path\"]}");

  private static final String[] NOUNS = {"Ledger", "Invoice", "Cart", "Route", "Sensor", "Budget", "Shelf",
      "Ticket", "Parcel", "Meter", "Queue", "Roster"};

  private final Map<String, String> files = new LinkedHashMap<>();
  private final Map<String, Bug> bugs = new LinkedHashMap<>();

  /** The line a file must read for its tests to pass, and the line that was planted instead. */
  record Bug(int line, String method, String expected, String planted, int a, int b, int want, int got) {}

  private FixTask() {}

  /**
   * {@return a repository of {@code fileCount} files of about {@code methodsPerFile} methods each}, one
   * bug in every file, the same for the same seed
   */
  public static FixTask generate(int fileCount, int methodsPerFile, long seed) {
    if (fileCount < 1 || fileCount > NOUNS.length) {
      throw new IllegalArgumentException("fileCount must be from 1 to " + NOUNS.length + ", got " + fileCount);
    }
    if (methodsPerFile < 2) {
      throw new IllegalArgumentException("methodsPerFile must be at least 2, got " + methodsPerFile);
    }
    SplittableRandom random = new SplittableRandom(seed);
    FixTask task = new FixTask();
    for (int f = 0; f < fileCount; f++) {
      String name = NOUNS[f] + ".java";
      int buggy = 1 + random.nextInt(methodsPerFile - 1);
      List<String> lines = new ArrayList<>();
      lines.add("package shop.core;");
      lines.add("");
      lines.add("/** Arithmetic of the " + NOUNS[f].toLowerCase(Locale.ROOT) + " module. */");
      lines.add("public final class " + NOUNS[f] + " {");
      Bug bug = null;
      for (int m = 0; m < methodsPerFile; m++) {
        int x = 2 + random.nextInt(40);
        int y = 2 + random.nextInt(40);
        String method = "rate" + m;
        String body = "return a * " + x + " + b * " + y + ";";
        lines.add("");
        lines.add("  /** Weighted " + NOUNS[f].toLowerCase(Locale.ROOT) + " rate " + m + ": " + x + " per a, " + y
            + " per b, used by the nightly settlement job. */");
        lines.add("  static int " + method + "(int a, int b) {");
        if (m == buggy) {
          String planted = "return a * " + x + " - b * " + y + ";";
          lines.add("    " + planted);
          bug = new Bug(lines.size(), method, body, planted, 2, 3, 2 * x + 3 * y, 2 * x - 3 * y);
        } else {
          lines.add("    " + body);
        }
        lines.add("  }");
      }
      lines.add("}");
      task.files.put(name, String.join("\n", lines) + "\n");
      task.bugs.put(name, Objects.requireNonNull(bug));
    }
    return task;
  }

  /** {@return the files to fix, in order} */
  public List<String> fileNames() {
    return List.copyOf(files.keySet());
  }

  /** {@return the user's request: fix the failing tests of every file} */
  public String request() {
    return "The nightly build is red. Fix the failing unit tests in these files, one file at a time: "
        + String.join(", ", files.keySet()) + ". When all pass, list for each file the line you fixed and"
        + " its test result.";
  }

  /** {@return the facts that show {@code file}'s outcome: its passing test summary and its fixed line} */
  public List<String> outcomeFacts(String file) {
    Bug bug = bugs.get(file);
    return List.of(summaryLine(file, methodCount(file), 0), bug.expected());
  }

  /** {@return whether every file's tests pass now} */
  public boolean allPass() {
    return files.keySet().stream().allMatch(f -> failing(f) == 0);
  }

  /** Handles {@code read_file}. */
  public String readFile(String arguments) {
    String path = path(arguments);
    String text = files.get(path);
    StringBuilder out = new StringBuilder();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length - 1; i++) {
      out.append(String.format(Locale.ROOT, "%4d  %s%n", i + 1, lines[i]));
    }
    return out.toString();
  }

  /** Handles {@code apply_patch}. */
  public String applyPatch(String arguments) {
    JsonNode args = parse(arguments);
    String path = path(arguments);
    String old = text(args, "old");
    String replacement = text(args, "new");
    String content = files.get(path);
    int at = content.indexOf(old);
    if (at < 0 || content.indexOf(old, at + 1) >= 0) {
      throw new IllegalArgumentException("old must occur exactly once in " + path);
    }
    files.put(path, content.substring(0, at) + replacement + content.substring(at + old.length()));
    int line = (int) content.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    return "Patched " + path + " line " + line + ": " + old.strip() + " -> " + replacement.strip();
  }

  /** Handles {@code run_tests}: a JUnit-like log of every test of the file. */
  public String runTests(String arguments) {
    String path = path(arguments);
    Bug bug = bugs.get(path);
    boolean fixed = !files.get(path).contains(bug.planted());
    int methods = methodCount(path);
    StringBuilder log = new StringBuilder("[INFO] Running shop.core." + path.replace(".java", "Test") + "\n");
    for (int m = 0; m < methods; m++) {
      String method = "rate" + m;
      boolean failed = method.equals(bug.method()) && !fixed;
      log.append(String.format(Locale.ROOT, "[INFO]   %s_weightsBothArguments ... %s (0.%03d s)%n", method,
          failed ? "FAILED" : "PASSED", 3 + m % 7));
      if (failed) {
        log.append(String.format(Locale.ROOT, "[ERROR]     AssertionError: %s(%d, %d) expected %d but was %d%n",
            method, bug.a(), bug.b(), bug.want(), bug.got()))
            .append(String.format(Locale.ROOT, "[ERROR]       at shop.core.%s.%s(%s:%d)%n", path.replace(".java", ""),
                method, path, bug.line()))
            .append(String.format(Locale.ROOT, "[ERROR]     specification: line %d of %s must read: %s%n", bug.line(),
                path, bug.expected()));
      }
    }
    int failing = fixed ? 0 : 1;
    log.append("[INFO] ").append(summaryLine(path, methods - failing, failing)).append('\n');
    log.append(failing == 0 ? "[INFO] BUILD SUCCESS\n" : "[ERROR] BUILD FAILURE\n");
    return log.toString();
  }

  private int failing(String file) {
    return files.get(file).contains(bugs.get(file).planted()) ? 1 : 0;
  }

  private int methodCount(String file) {
    return (int) files.get(file).lines().filter(l -> l.startsWith("  static int ")).count();
  }

  private static String summaryLine(String file, int passed, int failed) {
    return "Tests for " + file + ": " + passed + " passed, " + failed + " failed";
  }

  private String path(String arguments) {
    String path = text(parse(arguments), "path");
    if (!files.containsKey(path)) {
      throw new IllegalArgumentException("no such file: " + path + "; the files are " + files.keySet());
    }
    return path;
  }

  private static JsonNode parse(String arguments) {
    try {
      return JSON.readTree(arguments);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("arguments must be a JSON object");
    }
  }

  private static String text(JsonNode args, String field) {
    JsonNode value = args == null ? null : args.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("argument " + field + " must be a string");
    }
    return value.asText();
  }
}
