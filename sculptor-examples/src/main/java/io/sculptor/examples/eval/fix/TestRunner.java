package io.sculptor.examples.eval.fix;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs the tests of a repository of {@link MiniPython} files and writes the log a test runner
 * prints, after pytest's: one line per test file with a dot or an {@code F} per test (the whole
 * suite), or one line per test with its status (one file, verbose); then a block per failure with
 * the failing assert, both values, and the locals and statements of the function under test as
 * they ran; a short summary and the counts. A test file {@code tests/a/test_b.py} imports from
 * {@code a.b}, which is {@code src/a/b.py}; its {@code test_} functions are run assert by assert
 * ({@code assert f(...) == value}; other statements in them are skipped), in the order of the
 * file. Thread-safe; holds no state.
 */
public final class TestRunner {
  private static final int WIDTH = 80;

  private TestRunner() {}

  /** The status of one test. */
  public enum Status {
    /** Every assert held. */
    PASSED,
    /** An assert did not hold, or the code under test raised an error. */
    FAILED,
    /** The test or the code it imports could not be loaded. */
    ERROR
  }

  /**
   * The outcome of one test.
   *
   * @param id the test's id, {@code tests/a/test_b.py::test_c}
   * @param status the status
   * @param reason why it did not pass, one line, or empty
   */
  public record Outcome(String id, Status status, String reason) {
    /** Checks the arguments. */
    public Outcome {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(reason, "reason");
    }

    /** {@return the status line of a verbose run, such as {@code tests/a/test_b.py::test_c PASSED}} */
    public String statusLine() {
      return id + " " + status;
    }
  }

  /**
   * A run: every test's outcome and the log.
   *
   * @param outcomes the outcomes, in the order of the files and of the tests in them
   * @param log the log, as a test runner prints it
   */
  public record Run(List<Outcome> outcomes, String log) {
    /** Copies the list. */
    public Run {
      outcomes = List.copyOf(outcomes);
      Objects.requireNonNull(log, "log");
    }

    /** {@return how many tests passed} */
    public long passed() {
      return outcomes.stream().filter(o -> o.status() == Status.PASSED).count();
    }

    /** {@return the outcome of the test {@code id}, if it ran} */
    public Optional<Outcome> outcome(String id) {
      return outcomes.stream().filter(o -> o.id().equals(id)).findFirst();
    }
  }

  /** {@return the source file a test file tests: {@code tests/a/test_b.py} tests {@code src/a/b.py}, or empty} */
  public static Optional<String> sourceOf(String testPath) {
    int slash = testPath.lastIndexOf('/');
    String name = testPath.substring(slash + 1);
    if (!testPath.startsWith("tests/") || !name.startsWith("test_") || !name.endsWith(".py")) {
      return Optional.empty();
    }
    return Optional.of("src/" + testPath.substring("tests/".length(), slash + 1) + name.substring("test_".length()));
  }

  /** {@return the test file of a source file: {@code src/a/b.py} is tested by {@code tests/a/test_b.py}, or empty} */
  public static Optional<String> testOf(String sourcePath) {
    int slash = sourcePath.lastIndexOf('/');
    if (!sourcePath.startsWith("src/") || !sourcePath.endsWith(".py") || slash < 0) {
      return Optional.empty();
    }
    return Optional.of("tests/" + sourcePath.substring("src/".length(), slash + 1) + "test_"
        + sourcePath.substring(slash + 1));
  }

  /**
   * Runs the tests of {@code testFiles}.
   *
   * @param files the repository: path to content
   * @param testFiles the test files to run, in order
   * @param verbose one line per test (and its status) instead of one line per file
   * @return the outcomes and the log
   */
  public static Run run(Map<String, String> files, List<String> testFiles, boolean verbose) {
    List<FileRun> runs = new ArrayList<>();
    for (String testFile : testFiles) {
      runs.add(runFile(files, testFile));
    }
    int total = runs.stream().mapToInt(r -> r.tests.size()).sum();
    StringBuilder log = new StringBuilder(rule("test session starts", '=')).append('\n');
    log.append("collected ").append(total).append(total == 1 ? " item" : " items").append("\n\n");
    int done = 0;
    for (FileRun r : runs) {
      if (verbose) {
        for (TestRun t : r.tests) {
          done++;
          log.append(padded(t.outcome.statusLine(), percent(done, total))).append('\n');
        }
      } else {
        StringBuilder marks = new StringBuilder(r.file).append(' ');
        for (TestRun t : r.tests) {
          marks.append(switch (t.outcome.status()) {
            case PASSED -> '.';
            case FAILED -> 'F';
            case ERROR -> 'E';
          });
        }
        done += r.tests.size();
        log.append(padded(marks.toString(), percent(done, total))).append('\n');
      }
    }
    List<FileRun> broken = runs.stream().filter(r -> r.collectionError != null).toList();
    if (!broken.isEmpty()) {
      log.append('\n').append(rule("ERRORS", '=')).append('\n');
      for (FileRun r : broken) {
        log.append(rule("ERROR collecting " + r.file, '_')).append('\n').append(r.collectionError).append('\n');
      }
    }
    List<TestRun> failed = runs.stream().flatMap(r -> r.tests.stream())
        .filter(t -> t.outcome.status() == Status.FAILED).toList();
    if (!failed.isEmpty()) {
      log.append('\n').append(rule("FAILURES", '=')).append('\n');
      for (TestRun t : failed) {
        log.append(rule(t.outcome.id(), '_')).append("\n\n").append(t.details);
      }
    }
    List<Outcome> outcomes = runs.stream().flatMap(r -> r.tests.stream()).map(t -> t.outcome).toList();
    if (outcomes.stream().anyMatch(o -> o.status() != Status.PASSED) || !broken.isEmpty()) {
      log.append(rule("short test summary info", '=')).append('\n');
      for (FileRun r : broken) {
        log.append("ERROR ").append(r.file).append(" - ").append(r.collectionReason).append('\n');
      }
      for (TestRun t : failed) {
        log.append("FAILED ").append(t.outcome.id()).append(" - ").append(t.outcome.reason()).append('\n');
      }
    }
    long passed = outcomes.stream().filter(o -> o.status() == Status.PASSED).count();
    List<String> counts = new ArrayList<>();
    if (!failed.isEmpty()) {
      counts.add(failed.size() + " failed");
    }
    counts.add(passed + " passed");
    if (!broken.isEmpty()) {
      counts.add(broken.size() + (broken.size() == 1 ? " error" : " errors"));
    }
    log.append(rule(String.join(", ", counts), '=')).append('\n');
    return new Run(outcomes, log.toString());
  }

  private record TestRun(Outcome outcome, String details) {}

  private static final class FileRun {
    final String file;
    final List<TestRun> tests = new ArrayList<>();
    String collectionError;
    String collectionReason;

    FileRun(String file) {
      this.file = file;
    }
  }

  private static FileRun runFile(Map<String, String> files, String testFile) {
    FileRun run = new FileRun(testFile);
    MiniPython.Module tests;
    try {
      tests = MiniPython.parse(files.getOrDefault(testFile, ""));
    } catch (MiniPython.PythonError e) {
      run.collectionError = testFile + ":" + e.line() + ": " + e.describe();
      run.collectionReason = e.describe() + " (" + testFile + ", line " + e.line() + ")";
      return run;
    }
    Map<String, MiniPython.FunctionDef> imported = new java.util.HashMap<>();
    String loading = null;
    try {
      for (Map.Entry<String, List<String>> e : tests.imports().entrySet()) {
        loading = "src/" + e.getKey().replace('.', '/') + ".py";
        String source = files.get(loading);
        if (source == null) {
          throw new MiniPython.PythonError("ModuleNotFoundError", "No module named '" + e.getKey() + "'", 0);
        }
        MiniPython.Module module = MiniPython.parse(source);
        for (String name : e.getValue()) {
          MiniPython.FunctionDef f = module.functions().get(name);
          if (f == null) {
            throw new MiniPython.PythonError("ImportError", "cannot import name '" + name + "' from '" + e.getKey()
                + "' (" + loading + ")", 0);
          }
          imported.put(name, f);
        }
      }
    } catch (MiniPython.PythonError e) {
      String where = e.line() > 0 ? loading + ":" + e.line() : testFile;
      run.collectionError = where + ": " + e.describe();
      run.collectionReason = e.describe() + (e.line() > 0 ? " (" + loading + ", line " + e.line() + ")" : "");
      for (MiniPython.FunctionDef t : tests.functions().values()) {
        if (t.name().startsWith("test_")) {
          run.tests.add(new TestRun(new Outcome(testFile + "::" + t.name(), Status.ERROR, run.collectionReason), ""));
        }
      }
      return run;
    }
    java.util.function.Function<String, MiniPython.FunctionDef> resolve = name -> imported.containsKey(name)
        ? imported.get(name) : tests.functions().get(name);
    for (MiniPython.FunctionDef t : tests.functions().values()) {
      if (t.name().startsWith("test_")) {
        run.tests.add(runTest(testFile, t, resolve));
      }
    }
    return run;
  }

  private static TestRun runTest(String testFile, MiniPython.FunctionDef test,
      java.util.function.Function<String, MiniPython.FunctionDef> resolve) {
    String id = testFile + "::" + test.name();
    for (MiniPython.Statement statement : test.body()) {
      if (!(statement instanceof MiniPython.Assert check)) {
        continue;
      }
      StringBuilder details = new StringBuilder("    def ").append(test.name()).append("():\n>       ")
          .append(check.source()).append('\n');
      List<MiniPython.Step> trace = new ArrayList<>();
      MiniPython.FunctionDef called = null;
      List<Long> arguments = new ArrayList<>();
      Optional<Long> actual;
      Optional<Long> expected;
      try {
        expected = MiniPython.evaluate(check.right(), resolve);
        if (check.left() instanceof MiniPython.CallExpr call && resolve.apply(call.name()) != null) {
          called = resolve.apply(call.name());
          for (MiniPython.Expr argument : call.arguments()) {
            Optional<Long> value = MiniPython.evaluate(argument, resolve);
            arguments.add(value.orElseThrow(() -> new MiniPython.PythonError("TypeError",
                "an argument of " + call.name() + "() is None", check.line())));
          }
          actual = MiniPython.call(called, arguments, resolve, trace);
        } else {
          actual = MiniPython.evaluate(check.left(), resolve);
        }
      } catch (MiniPython.PythonError e) {
        details.append('\n');
        if (called != null) {
          String source = TestRunner.sourceOf(testFile).orElse(testFile);
          appendTrace(details, source, called, arguments, trace);
          details.append("E   ").append(e.describe()).append('\n').append(source).append(':').append(e.line())
              .append(": ").append(e.type()).append('\n');
        } else {
          details.append("E   ").append(e.describe()).append('\n').append(testFile).append(':').append(check.line())
              .append(": ").append(e.type()).append('\n');
        }
        return new TestRun(new Outcome(id, Status.FAILED, e.describe()), details.toString());
      }
      if (!actual.equals(expected)) {
        String reason = "assert " + MiniPython.show(actual) + " == " + MiniPython.show(expected);
        details.append("E       ").append(reason).append('\n');
        if (called != null) {
          MiniPython.CallExpr call = (MiniPython.CallExpr) check.left();
          details.append("E        +  where ").append(MiniPython.show(actual)).append(" = ").append(call.source())
              .append("\n\n");
          appendTrace(details, TestRunner.sourceOf(testFile).orElse(testFile), called, arguments, trace);
        } else {
          details.append('\n');
        }
        details.append(testFile).append(':').append(check.line()).append(": AssertionError\n");
        return new TestRun(new Outcome(id, Status.FAILED, reason), details.toString());
      }
    }
    return new TestRun(new Outcome(id, Status.PASSED, ""), "");
  }

  private static void appendTrace(StringBuilder out, String source, MiniPython.FunctionDef function,
      List<Long> arguments, List<MiniPython.Step> trace) {
    out.append(source).append(':').append(function.line()).append(": in ").append(function.name()).append('\n');
    List<String> bound = new ArrayList<>();
    for (int i = 0; i < arguments.size() && i < function.parameters().size(); i++) {
      bound.add(function.parameters().get(i) + " = " + arguments.get(i));
    }
    if (!bound.isEmpty()) {
      out.append("    ").append(String.join(", ", bound)).append('\n');
    }
    for (MiniPython.Step step : trace) {
      out.append(String.format(Locale.ROOT, "    %4d  %s", step.line(), step.source()));
      step.value().ifPresent(v -> out.append("    # -> ").append(v));
      out.append('\n');
    }
  }

  private static String percent(int done, int total) {
    return String.format(Locale.ROOT, "[%3d%%]", total == 0 ? 100 : done * 100 / total);
  }

  private static String padded(String text, String right) {
    int gap = Math.max(1, WIDTH - text.length() - right.length());
    return text + " ".repeat(gap) + right;
  }

  private static String rule(String title, char c) {
    String middle = " " + title + " ";
    int left = Math.max(3, (WIDTH - middle.length()) / 2);
    int right = Math.max(3, WIDTH - middle.length() - left);
    return String.valueOf(c).repeat(left) + middle + String.valueOf(c).repeat(right);
  }
}
