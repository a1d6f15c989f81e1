package io.sculptor.examples.eval.fix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sculptor.agent.ToolHandler;
import io.sculptor.model.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A working copy of a {@link Repository} in memory and the application tools an agent works on it
 * with: {@code read_file} (the file with line numbers), {@code apply_patch} (replace text that
 * occurs exactly once) and {@code run_tests} (the {@link TestRunner}: the whole suite, or one
 * file's tests verbosely). The handlers do the work on the files; a bad call (malformed arguments,
 * an unknown file, text that is not found once) throws with a message that says what to do, and
 * changes nothing. Thread-safe: each call holds the workspace's lock.
 */
public final class Workspace {
  /** {@code read_file}. */
  public static final ToolSpec READ_FILE = ToolSpec.of("read_file", "Read a file of the repository. Each line is"
      + " shown after its number and a tab; the numbers are not part of the file.",
      "{\"type\": \"object\", \"properties\": {\"path\": {\"type\": \"string\", \"description\": \"The file's path,"
          + " such as src/billing/fees.py\"}}, \"required\": [\"path\"], \"additionalProperties\": false}");

  /** {@code apply_patch}. */
  public static final ToolSpec APPLY_PATCH = ToolSpec.of("apply_patch", "Replace text in a file. old_text must"
      + " occur exactly once in the file, copied exactly (whole lines with their indentation, without the line"
      + " numbers of read_file); it is replaced by new_text.",
      "{\"type\": \"object\", \"properties\": {\"path\": {\"type\": \"string\"}, \"old_text\": {\"type\":"
          + " \"string\"}, \"new_text\": {\"type\": \"string\"}}, \"required\": [\"path\", \"old_text\","
          + " \"new_text\"], \"additionalProperties\": false}");

  /** {@code run_tests}. */
  public static final ToolSpec RUN_TESTS = ToolSpec.of("run_tests", "Run the tests. Without a path: the whole"
      + " suite, one line per test file (a dot per passing test, F per failing one), then every failure. With a"
      + " test file, or the source file it tests: that file's tests, one line each with its status, then its"
      + " failures.",
      "{\"type\": \"object\", \"properties\": {\"path\": {\"type\": [\"string\", \"null\"], \"description\": \"A"
          + " test file or a source file; omit it for the whole suite\"}}, \"additionalProperties\": false}");

  /** The three specs, in the order above. */
  public static final List<ToolSpec> SPECS = List.of(READ_FILE, APPLY_PATCH, RUN_TESTS);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> files;

  /** Creates a working copy of {@code repository}'s files. */
  public Workspace(Repository repository) {
    this(repository.files());
  }

  /**
   * Creates a working copy of {@code files}, path to content; the tests of {@code tests/a/test_b.py}
   * import from {@code a.b}, which is {@code src/a/b.py}.
   */
  public Workspace(Map<String, String> files) {
    this.files = new LinkedHashMap<>(files);
  }

  /** {@return the handlers of {@link #SPECS}, by tool name} */
  public Map<String, ToolHandler> handlers() {
    Map<String, ToolHandler> handlers = new LinkedHashMap<>();
    handlers.put(READ_FILE.name(), this::readFile);
    handlers.put(APPLY_PATCH.name(), this::applyPatch);
    handlers.put(RUN_TESTS.name(), this::runTests);
    return handlers;
  }

  /** {@return a copy of the files as they are now} */
  public synchronized Map<String, String> files() {
    return new LinkedHashMap<>(files);
  }

  /** {@return every test of the repository run on the files as they are now} */
  public synchronized TestRunner.Run runAll() {
    return TestRunner.run(files, testFiles(), false);
  }

  /** {@code read_file}: the file with line numbers. */
  public synchronized String readFile(String arguments) {
    JsonNode args = arguments("read_file", arguments, Set.of("path"), Set.of("path"));
    String path = existing(text(args, "path"));
    String content = files.get(path);
    String[] lines = content.split("\n", -1);
    int count = content.endsWith("\n") ? lines.length - 1 : lines.length;
    StringBuilder out = new StringBuilder(path).append(" (").append(count).append(count == 1 ? " line" : " lines")
        .append(")\n");
    appendLines(out, lines, 1, count);
    return out.toString();
  }

  /** {@code apply_patch}: replaces {@code old_text}, which must occur once, by {@code new_text}. */
  public synchronized String applyPatch(String arguments) {
    JsonNode args = arguments("apply_patch", arguments, Set.of("path", "old_text", "new_text"),
        Set.of("path", "old_text", "new_text"));
    String path = existing(text(args, "path"));
    String oldText = text(args, "old_text");
    String newText = text(args, "new_text");
    if (oldText.isEmpty()) {
      throw new IllegalArgumentException("old_text is empty; copy the lines to replace from read_file");
    }
    String content = files.get(path);
    int at = content.indexOf(oldText);
    if (at < 0) {
      throw new IllegalArgumentException("old_text occurs 0 times in " + path + "; nothing changed. Copy it"
          + " exactly from read_file (whole lines with their indentation, without the line numbers), or read the"
          + " file again");
    }
    int again = content.indexOf(oldText, at + 1);
    if (again >= 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "old_text occurs more than once in %s (at"
          + " lines %d and %d); nothing changed. Include a neighbouring line so that it occurs once", path,
          lineOf(content, at), lineOf(content, again)));
    }
    String patched = content.substring(0, at) + newText + content.substring(at + oldText.length());
    files.put(path, patched);
    int first = lineOf(patched, at);
    int last = lineOf(patched, at + Math.max(0, newText.length() - 1));
    String[] lines = patched.split("\n", -1);
    int count = patched.endsWith("\n") ? lines.length - 1 : lines.length;
    int from = Math.max(1, first - 3);
    int to = Math.min(count, last + 3);
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "Patched %s: replaced %d %s at line %d. Lines"
        + " %d-%d now read:\n", path, oldText.split("\n", -1).length, oldText.contains("\n") ? "lines" : "line",
        first, from, to));
    appendLines(out, lines, from, to);
    return out.toString();
  }

  /** {@code run_tests}: the whole suite, or one file's tests verbosely. */
  public synchronized String runTests(String arguments) {
    JsonNode args = arguments("run_tests", arguments, Set.of("path"), Set.of());
    JsonNode path = args.path("path");
    if (path.isMissingNode() || path.isNull()) {
      return TestRunner.run(files, testFiles(), false).log();
    }
    String given = text(args, "path");
    String testFile = given.startsWith("tests/") ? given : TestRunner.testOf(given).orElse(given);
    if (!files.containsKey(testFile) || !testFiles().contains(testFile)) {
      throw new IllegalArgumentException("there are no tests for " + given + "; give a test file (tests/…/test_x.py)"
          + " or the source file it tests (src/…/x.py), or no path for the whole suite");
    }
    return TestRunner.run(files, List.of(testFile), true).log();
  }

  private List<String> testFiles() {
    List<String> tests = new ArrayList<>();
    for (String path : files.keySet()) {
      if (TestRunner.sourceOf(path).isPresent()) {
        tests.add(path);
      }
    }
    return tests;
  }

  private String existing(String path) {
    if (!files.containsKey(path)) {
      throw new IllegalArgumentException("there is no file " + path + "; run_tests without a path names the test"
          + " files, and each tests/…/test_x.py tests src/…/x.py");
    }
    return path;
  }

  private static JsonNode arguments(String tool, String raw, Set<String> allowed, Set<String> required) {
    JsonNode args;
    try {
      args = JSON.readTree(raw == null || raw.isBlank() ? "{}" : raw);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the arguments of " + tool + " are not valid JSON ("
          + e.getOriginalMessage() + "); send one JSON object");
    }
    if (args == null || !args.isObject()) {
      throw new IllegalArgumentException("the arguments of " + tool + " must be one JSON object");
    }
    for (var it = args.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!allowed.contains(field)) {
        throw new IllegalArgumentException(tool + " has no parameter \"" + field + "\"; its parameters are "
            + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
    for (String field : required) {
      if (!args.has(field)) {
        throw new IllegalArgumentException(tool + " needs \"" + field + "\"");
      }
    }
    return args;
  }

  private static String text(JsonNode args, String field) {
    JsonNode value = args.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("\"" + field + "\" must be a string");
    }
    return value.asText();
  }

  private static int lineOf(String content, int offset) {
    int line = 1;
    for (int i = 0; i < offset && i < content.length(); i++) {
      if (content.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static void appendLines(StringBuilder out, String[] lines, int from, int to) {
    for (int n = from; n <= to; n++) {
      out.append(String.format(Locale.ROOT, "%6d\t%s\n", n, lines[n - 1]));
    }
  }
}
