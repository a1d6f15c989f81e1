package io.sculptor.examples.eval.fix;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * A generated repository with one planted bug per source file, deterministically from a seed: N
 * source files {@code src/PACKAGE/MODULE.py} of pure integer functions in the {@link MiniPython}
 * subset, each with its test file {@code tests/PACKAGE/test_MODULE.py} holding one test of two
 * asserts per function, the expected values computed from the correct code. In each source file
 * one line of one function carries a {@link Slips slip}, checked with the {@link TestRunner}: that
 * function's test fails and every other test passes. Immutable and thread-safe.
 */
public final class Repository {
  private static final List<String> PACKAGES = List.of("billing", "shipping", "payroll", "inventory", "ledger",
      "pricing", "loyalty", "taxes", "rentals", "energy", "travel", "storage", "support", "orders", "refunds",
      "plans");
  private static final List<String> MODULES = List.of("fees", "rates", "totals", "limits", "discounts", "rounding",
      "credits", "schedules", "quotas", "penalties", "bonuses", "adjustments", "allowances", "tiers");
  private static final List<String> FIRST = List.of("base", "net", "gross", "daily", "monthly", "late", "bulk",
      "peak", "weekly", "annual", "unit", "total", "extra", "minimum", "maximum", "average", "seasonal", "partial",
      "overdue", "prorated", "standard", "reduced", "capped", "shared");
  private static final List<String> SECOND = List.of("fee", "price", "cost", "rate", "credit", "bonus", "charge",
      "refund", "margin", "quota", "limit", "penalty", "allowance", "deposit", "balance", "discount", "surcharge",
      "payout", "points", "tax", "reserve", "premium");
  private static final List<String> PARAMETERS = List.of("amount", "price", "quantity", "days", "weight",
      "distance", "hours", "units", "percent", "months", "balance", "count", "level", "tier", "zone", "items",
      "score", "budget", "seats", "nights");
  private static final List<String> LOCALS = List.of("base", "subtotal", "share", "extra", "scaled", "capped",
      "step", "portion", "adjusted", "total", "floor", "spread");
  private static final List<Integer> LITERALS = List.of(2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 24, 25, 30, 40, 50, 60,
      100, 365, 1000);
  private static final List<String> TOPICS = List.of("invoices", "orders", "customers", "accounts", "parcels",
      "bookings", "contracts", "suppliers", "tickets", "subscriptions");

  private final Map<String, String> files;
  private final List<Bug> bugs;

  private Repository(Map<String, String> files, List<Bug> bugs) {
    this.files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    this.bugs = List.copyOf(bugs);
  }

  /**
   * A planted bug: what the measurement knows and the agent never sees.
   *
   * @param sourcePath the source file
   * @param testId the id of the test that fails on it
   * @param function the function it is in
   * @param line its 1-based line
   * @param correct the line as it should read
   * @param buggy the line as it reads
   */
  public record Bug(String sourcePath, String testId, String function, int line, String correct, String buggy) {
    /** Checks the arguments. */
    public Bug {
      Objects.requireNonNull(sourcePath, "sourcePath");
      Objects.requireNonNull(testId, "testId");
      Objects.requireNonNull(function, "function");
      Objects.requireNonNull(correct, "correct");
      Objects.requireNonNull(buggy, "buggy");
    }
  }

  /**
   * {@return a repository of {@code sourceFiles} files of {@code functions} functions each}
   *
   * @throws IllegalArgumentException if {@code sourceFiles} is not 1 to {@link #MAX_FILES} or
   *     {@code functions} not 2 to {@link #MAX_FUNCTIONS}
   */
  public static Repository generate(int sourceFiles, int functions, long seed) {
    if (sourceFiles < 1 || sourceFiles > MAX_FILES || functions < 2 || functions > MAX_FUNCTIONS) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "need 1 to %d files of 2 to %d functions,"
          + " got [%d, %d]", MAX_FILES, MAX_FUNCTIONS, sourceFiles, functions));
    }
    Random random = new Random(seed);
    List<String> paths = new ArrayList<>();
    for (String p : PACKAGES) {
      for (String m : MODULES) {
        paths.add(p + "/" + m);
      }
    }
    Collections.shuffle(paths, random);
    Set<String> names = new LinkedHashSet<>();
    Map<String, String> sources = new LinkedHashMap<>();
    Map<String, String> tests = new LinkedHashMap<>();
    List<Bug> bugs = new ArrayList<>();
    for (int f = 0; f < sourceFiles; f++) {
      String module = paths.get(f);
      String sourcePath = "src/" + module + ".py";
      String testPath = TestRunner.testOf(sourcePath).orElseThrow();
      for (int attempt = 0; ; attempt++) {
        if (attempt == 100) {
          throw new IllegalStateException("no bug could be planted in " + sourcePath + " with seed " + seed);
        }
        Set<String> taken = new LinkedHashSet<>(names);
        List<GeneratedFunction> generated = new ArrayList<>();
        for (int i = 0; i < functions; i++) {
          GeneratedFunction g = function(random, taken);
          taken.add(g.name);
          generated.add(g);
        }
        String source = module(random, module, f + 1, sourceFiles, generated);
        String test = tests(random, module, generated, source);
        if (test == null) {
          continue;
        }
        Bug bug = plant(random, source, test, sourcePath, testPath);
        if (bug == null) {
          continue;
        }
        names.addAll(taken);
        String[] lines = source.split("\n", -1);
        lines[bug.line() - 1] = bug.buggy();
        sources.put(sourcePath, String.join("\n", lines));
        tests.put(testPath, test);
        bugs.add(bug);
        break;
      }
    }
    Map<String, String> all = new LinkedHashMap<>(sources);
    all.putAll(tests);
    return new Repository(all, bugs);
  }

  /** The most source files a repository can have (the function names run out beyond). */
  public static final int MAX_FILES = 48;

  /** The most functions a source file can have. */
  public static final int MAX_FUNCTIONS = 10;

  /** {@return the files, path to content: the sources, then the tests} */
  public Map<String, String> files() {
    return files;
  }

  /** {@return the planted bugs, one per source file, in the order of the files} */
  public List<Bug> bugs() {
    return bugs;
  }

  private static final class GeneratedFunction {
    final String name;
    final List<String> parameters;
    final List<String> lines;
    final String doc;

    GeneratedFunction(String name, List<String> parameters, List<String> lines, String doc) {
      this.name = name;
      this.parameters = parameters;
      this.lines = lines;
      this.doc = doc;
    }
  }

  private static GeneratedFunction function(Random random, Set<String> taken) {
    String name;
    do {
      name = pick(random, FIRST) + "_" + pick(random, SECOND);
    } while (taken.contains(name));
    List<String> parameters = new ArrayList<>();
    int count = 2 + random.nextInt(2);
    while (parameters.size() < count) {
      String p = pick(random, PARAMETERS);
      if (!parameters.contains(p)) {
        parameters.add(p);
      }
    }
    List<String> operands = new ArrayList<>(parameters);
    List<String> lines = new ArrayList<>();
    int assignments = 2 + random.nextInt(2);
    List<String> locals = new ArrayList<>(LOCALS);
    Collections.shuffle(locals, random);
    for (int i = 0; i < assignments; i++) {
      String local = locals.get(i);
      lines.add(local + " = " + expression(random, operands, i == 0));
      operands.add(local);
    }
    String last = operands.get(operands.size() - 1);
    String other = other(random, operands, last);
    lines.add("return " + switch (random.nextInt(5)) {
      case 0 -> "min(" + last + ", " + other + " * " + literal(random) + ")";
      case 1 -> "max(" + last + ", " + literal(random) + ")";
      case 2 -> last + " if " + last + " > " + other + " else " + other;
      case 3 -> last + " - " + other + " if " + last + " >= " + other + " else " + literal(random);
      default -> last + " + " + other + " // " + literal(random);
    });
    String words = name.replace('_', ' ');
    String doc = Character.toUpperCase(words.charAt(0)) + words.substring(1) + " for the given "
        + String.join(", ", parameters.subList(0, parameters.size() - 1)) + " and " + parameters.get(
            parameters.size() - 1) + ", in whole cents.";
    return new GeneratedFunction(name, parameters, lines, doc);
  }

  /** An expression of the operands; after the first line it uses the latest local, so that every line counts. */
  private static String expression(Random random, List<String> operands, boolean first) {
    String a = first ? pick(random, operands) : operands.get(operands.size() - 1);
    String b = other(random, operands, a);
    return switch (random.nextInt(first ? 4 : 6)) {
      case 0 -> a + " * " + b + " // " + literal(random);
      case 1 -> a + " + " + b + " * " + literal(random);
      case 2 -> a + " * " + literal(random) + " - " + b;
      case 3 -> "(" + a + " + " + literal(random) + ") * " + b;
      case 4 -> "min(" + a + ", " + b + " + " + literal(random) + ")";
      default -> a + " - " + b + " // " + literal(random) + " if " + a + " > " + b + " else " + b + " + "
          + literal(random);
    };
  }

  private static String module(Random random, String module, int number, int total, List<GeneratedFunction> functions) {
    String[] parts = module.split("/");
    String topic = pick(random, TOPICS);
    StringBuilder out = new StringBuilder();
    out.append("\"\"\"").append(capitalized(parts[1])).append(" of the ").append(parts[0]).append(" service.\n\n")
        .append("Every function here is pure and works on whole cents and whole units, so that the ")
        .append(topic).append("\nit is used for are reproducible to the cent. Division rounds down, as the ledger")
        .append(" does.\nModule ").append(number).append(" of ").append(total).append(" in this repository.\n\"\"\"\n");
    for (GeneratedFunction f : functions) {
      out.append("\n\ndef ").append(f.name).append('(').append(String.join(", ", f.parameters)).append("):\n")
          .append("    \"\"\"").append(f.doc).append("\n\n    Used for ").append(topic).append("; ")
          .append(f.parameters.get(0)).append(" must not be negative.\n    \"\"\"\n");
      for (String line : f.lines) {
        out.append("    ").append(line).append('\n');
      }
    }
    return out.toString();
  }

  /** The test file, with expected values from the correct source; {@code null} when a value is degenerate. */
  private static String tests(Random random, String module, List<GeneratedFunction> functions, String source) {
    MiniPython.Module parsed = MiniPython.parse(source);
    StringBuilder out = new StringBuilder("\"\"\"Tests of ").append(module.replace('/', '.')).append(".\"\"\"\n\n")
        .append("from ").append(module.replace('/', '.')).append(" import ")
        .append(String.join(", ", functions.stream().map(f -> f.name).toList())).append('\n');
    for (GeneratedFunction f : functions) {
      out.append("\n\ndef test_").append(f.name).append("():\n");
      for (int i = 0; i < 2; i++) {
        List<Long> arguments = new ArrayList<>();
        for (int p = 0; p < f.parameters.size(); p++) {
          arguments.add((long) (1 + random.nextInt(i == 0 ? 60 : 900)));
        }
        long expected;
        try {
          expected = MiniPython.call(parsed.functions().get(f.name), arguments, parsed.functions()::get,
              new ArrayList<>()).orElseThrow();
        } catch (MiniPython.PythonError e) {
          return null;
        }
        out.append("    assert ").append(f.name).append('(')
            .append(String.join(", ", arguments.stream().map(String::valueOf).toList())).append(") == ")
            .append(expected < 0 ? "-" + -expected : Long.toString(expected)).append('\n');
      }
    }
    return out.toString();
  }

  /** One slip in one function's body, such that exactly that function's test fails; {@code null} if none does. */
  private static Bug plant(Random random, String source, String test, String sourcePath, String testPath) {
    MiniPython.Module parsed = MiniPython.parse(source);
    List<MiniPython.FunctionDef> functions = new ArrayList<>(parsed.functions().values());
    String[] lines = source.split("\n", -1);
    for (int attempt = 0; attempt < 20; attempt++) {
      MiniPython.FunctionDef function = functions.get(random.nextInt(functions.size()));
      List<int[]> candidates = new ArrayList<>();
      for (MiniPython.Statement statement : function.body()) {
        List<Slips.Edit> edits = Slips.of(lines[statement.line() - 1]);
        for (int e = 0; e < edits.size(); e++) {
          candidates.add(new int[] {statement.line(), e});
        }
      }
      int[] chosen = candidates.get(random.nextInt(candidates.size()));
      String correct = lines[chosen[0] - 1];
      String buggy = Slips.of(correct).get(chosen[1]).apply(correct);
      String[] changed = lines.clone();
      changed[chosen[0] - 1] = buggy;
      Map<String, String> files = Map.of(sourcePath, String.join("\n", changed), testPath, test);
      TestRunner.Run run = TestRunner.run(files, List.of(testPath), false);
      String failing = testPath + "::test_" + function.name();
      boolean onlyThat = run.outcomes().stream().allMatch(o -> o.id().equals(failing)
          ? o.status() == TestRunner.Status.FAILED : o.status() == TestRunner.Status.PASSED);
      if (onlyThat) {
        return new Bug(sourcePath, failing, function.name(), chosen[0], correct, buggy);
      }
    }
    return null;
  }

  private static String other(Random random, List<String> operands, String not) {
    String picked;
    do {
      picked = pick(random, operands);
    } while (picked.equals(not));
    return picked;
  }

  private static String literal(Random random) {
    return Integer.toString(pick(random, LITERALS));
  }

  private static <T> T pick(Random random, List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  private static String capitalized(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }
}
