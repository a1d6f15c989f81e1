package io.sculptor.examples.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.sculptor.core.Message;
import io.sculptor.examples.eval.fix.Slips;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.openai.ChatCompletionsFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for a coding model, so that the long-horizon {@code fix} task runs with no model and
 * no network. Like {@link ScriptedAgent} it sees only the conversation — each request as a Chat
 * Completions body, with the tools offered — and knows nothing of how the task was made: not the
 * planted bugs, not their lines, not the fixes. It reads the tools' results as a model would and
 * follows one general strategy, mutation-based repair:
 *
 * <ol>
 *   <li>It runs the whole suite ({@code run_tests} without a path) and reads from the log which
 *       source files have failing tests; each is one sub-task, in the order of the log. When the
 *       log it planned from is no longer readable (a budget policy folded it), it runs the suite
 *       again and goes on with the files it has not read yet.
 *   <li>A sub-task reads the file ({@code read_file}) and runs its tests, and reads from that log
 *       each failing test and the function it fails in. Then it tries, one change per step, the
 *       slips of the function's lines ({@link Slips}: an operator, a comparison, {@code min} or
 *       {@code max}, a number off by one), from its first line to its last: it patches the line
 *       ({@code apply_patch}, undoing the previous try in the same step) and runs the file's tests.
 *       A change that makes the test pass without making another fail is kept; when every change
 *       of the function is tried in vain, or after {@value #MAX_ATTEMPTS} tries, it restores the
 *       line and gives up on that test.
 *   <li>When {@code branch} and {@code return} are offered, each sub-task runs in a branch, and its
 *       return message states the outcome: the file, the failing test and its error, the line,
 *       what it read and what it reads now, and the test's status line from the last run. Without
 *       them the sub-tasks follow one another in one trajectory, each outcome noted in the next
 *       step's text.
 *   <li>When every file is done it runs the whole suite once more and answers with the outcomes.
 * </ol>
 *
 * <p>{@link #terseReturns()} makes an agent whose return message names only the file: the steps
 * are folded with nothing of the outcome shown, though search and restore still find it.
 * {@link #respond} answers Chat Completions bodies, so the same agent can stand behind
 * sculptor-testing's {@code LocalOpenAiServer}. Thread-safe.
 */
public final class ScriptedRepairAgent implements ChatModel {
  /** The model name the agent answers as. */
  public static final String MODEL = "sculptor-scripted-repair-agent";

  /** The most changes tried for one failing test. */
  public static final int MAX_ATTEMPTS = 30;

  private static final Pattern FAILURE = Pattern.compile("^_{3,} (\\S+::\\w+) _{3,}$", Pattern.MULTILINE);
  private static final Pattern LOCATION = Pattern.compile("^(\\S+\\.py):\\d+: in (\\w+)$", Pattern.MULTILINE);
  private static final Pattern SUMMARY = Pattern.compile("^FAILED (\\S+::\\w+) - (.*)$", Pattern.MULTILINE);
  private static final Pattern STATUS = Pattern.compile("^(\\S+::\\w+) (PASSED|FAILED|ERROR)\\b", Pattern.MULTILINE);
  private static final Pattern COUNTS = Pattern.compile("^=+ (\\d+ (?:failed|passed|errors?)[^=]*?) =+$",
      Pattern.MULTILINE);
  private static final Pattern NUMBERED = Pattern.compile("^ *(\\d+)\\t(.*)$");

  private final boolean terse;
  private final AtomicInteger responses = new AtomicInteger();

  /** Creates an agent whose return messages state each sub-task's outcome. */
  public ScriptedRepairAgent() {
    this(false);
  }

  private ScriptedRepairAgent(boolean terse) {
    this.terse = terse;
  }

  /** {@return an agent whose return messages name only the file, so that no outcome shows after a return} */
  public static ScriptedRepairAgent terseReturns() {
    return new ScriptedRepairAgent(true);
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    return ChatCompletionsFormat.response(respond(ChatCompletionsFormat.request(MODEL, request,
        ScriptedReplies.JSON.createObjectNode())));
  }

  /** {@return the Chat Completions response body for a Chat Completions request body} */
  public JsonNode respond(JsonNode requestBody) {
    List<Message> view = ChatCompletionsFormat.toMessages(requestBody.get("messages"));
    Set<String> offered = new LinkedHashSet<>();
    requestBody.path("tools").forEach(t -> offered.add(t.path("function").path("name").asText()));
    boolean tools = !offered.isEmpty() && !"none".equals(requestBody.path("tool_choice").asText());
    Decision decision = tools ? next(new History(view), offered) : new Decision(answer(new History(view)), List.of());
    return ScriptedReplies.completion(MODEL, responses.incrementAndGet(), decision.text(), decision.calls());
  }

  /** What the agent says and the calls it makes. */
  private record Decision(String text, List<String[]> calls) {}

  /** A failing test as the suite's log reports it. */
  private record Target(String testId, String function, String error) {}

  /** One tool call of the conversation and the result it got (a marker when the result is folded). */
  private record Call(String name, String arguments, String result) {
    String path() {
      return ScriptedReplies.argument(arguments, "path");
    }
  }

  private Decision next(History history, Set<String> offered) {
    if (!offered.contains("run_tests") || !offered.contains("read_file") || !offered.contains("apply_patch")) {
      return new Decision("I need read_file, apply_patch and run_tests to fix tests; they are not offered.", List.of());
    }
    boolean branching = offered.contains("branch") && offered.contains("return");
    int lastRead = -1;
    Set<String> read = new LinkedHashSet<>();
    for (int i = 0; i < history.calls.size(); i++) {
      Call c = history.calls.get(i);
      if (c.name().equals("read_file")) {
        lastRead = i;
        read.add(c.path());
      }
    }
    String note = "";
    if (lastRead >= 0) {
      String file = history.calls.get(lastRead).path();
      boolean returned = false;
      for (int i = lastRead + 1; i < history.calls.size(); i++) {
        returned |= history.calls.get(i).name().equals("return");
      }
      if (!returned) {
        Repair repair = new Repair(file, history.calls.subList(lastRead, history.calls.size()));
        if (repair.next != null) {
          return repair.next;
        }
        if (branching) {
          return new Decision("Done with " + file + "; returning its outcome.",
              List.<String[]>of(new String[] {"return", ScriptedReplies.args("message", terse ? "Done with " + file
                  + "." : repair.outcome())}));
        }
        note = "Finished " + repair.outcome() + "\n";
      }
    }
    int suite = history.readableSuiteRun();
    if (suite < 0) {
      return new Decision(note + (history.suiteRun(0) < 0 ? "I run the whole suite to see what fails."
          : "The suite's log I planned from is folded; I run the suite again."), List.<String[]>of(runTests(null)));
    }
    List<String> failing = new ArrayList<>(plan(history.calls.get(suite).result()).keySet());
    List<String> left = failing.stream().filter(f -> !read.contains(f)).toList();
    if (!left.isEmpty()) {
      String opening = read.isEmpty() ? "The suite fails in " + failing.size() + (failing.size() == 1 ? " file"
          : " files") + ": " + String.join(", ", failing) + ". I fix one file at a time. " : "";
      return start(left.get(0), branching, note + opening + "Next: " + left.get(0) + ".");
    }
    if (lastRead >= 0 && history.suiteRun(history.lastPathCall() + 1) < 0) {
      return new Decision(note + "Every file is done; I run the whole suite once more.",
          List.<String[]>of(runTests(null)));
    }
    return new Decision(answer(history), List.of());
  }

  private static Decision start(String file, boolean branching, String note) {
    List<String[]> calls = new ArrayList<>();
    if (branching) {
      calls.add(new String[] {"branch", ScriptedReplies.args("description", "fix " + file, "prompt", "Make the"
          + " failing tests of " + file + " pass; report the file, the bug, the fix and the tests' status.")});
    }
    calls.add(new String[] {"read_file", ScriptedReplies.args("path", file)});
    calls.add(runTests(file));
    return new Decision(note, calls);
  }

  private static String[] runTests(String path) {
    return new String[] {"run_tests", path == null ? "{}" : ScriptedReplies.args("path", path)};
  }

  /** {@return the failing tests of a test log, by the source file they fail in, in the log's order} */
  static Map<String, List<Target>> plan(String log) {
    Map<String, String> errors = new HashMap<>();
    Matcher summary = SUMMARY.matcher(log);
    while (summary.find()) {
      errors.put(summary.group(1), summary.group(2));
    }
    Map<String, List<Target>> plan = new LinkedHashMap<>();
    Matcher failure = FAILURE.matcher(log);
    List<int[]> blocks = new ArrayList<>();
    while (failure.find()) {
      blocks.add(new int[] {failure.start(), failure.end()});
    }
    for (int b = 0; b < blocks.size(); b++) {
      int end = b + 1 < blocks.size() ? blocks.get(b + 1)[0] : log.length();
      String block = log.substring(blocks.get(b)[1], end);
      Matcher header = FAILURE.matcher(log.substring(blocks.get(b)[0], blocks.get(b)[1]));
      Matcher location = LOCATION.matcher(block);
      if (header.find() && location.find()) {
        String test = header.group(1);
        plan.computeIfAbsent(location.group(1), f -> new ArrayList<>())
            .add(new Target(test, location.group(2), errors.getOrDefault(test, "it failed")));
      }
    }
    return plan;
  }

  /**
   * The repair of one file, replayed from the sub-task's calls and results: which changes were
   * tried, which were kept, and what to do next ({@code next}, or {@code null} when done).
   */
  private static final class Repair {
    private final String file;
    private List<Target> targets = List.of();
    private final List<String> outcomes = new ArrayList<>();
    private List<String> committed;
    private List<String> current;
    private int target;
    private int attempt;
    private int failing;
    private String lastRun = "";
    private Decision next;

    /** Replays the sub-task's calls, the first of which reads {@code file}. */
    Repair(String file, List<Call> calls) {
      this.file = file;
      this.committed = numberedLines(calls.get(0).result());
      if (committed == null) {
        outcomes.add("could not read " + file + ": " + firstLine(calls.get(0).result()));
        return;
      }
      this.current = new ArrayList<>(committed);
      boolean reproduced = false;
      for (Call c : calls.subList(1, calls.size())) {
        if (c.name().equals("apply_patch") && !c.result().startsWith("Error")) {
          // A result folded away by a policy still stands for a patch that was made.
          apply(ScriptedReplies.argument(c.arguments(), "old_text"), ScriptedReplies.argument(c.arguments(),
              "new_text"));
        } else if (c.name().equals("run_tests") && !c.path().isEmpty()) {
          if (reproduced) {
            observe(c.result());
          } else {
            reproduced = true;
            reproduce(c.result());
          }
        }
      }
      next = reproduced ? decide() : null;
    }

    /** The first run of the file's tests: what fails, and in which function. */
    private void reproduce(String log) {
      lastRun = log;
      targets = plan(log).getOrDefault(file, List.of());
      failing = (int) statuses(log).values().stream().filter(s -> !s.equals("PASSED")).count();
      if (targets.isEmpty()) {
        outcomes.add("no test of it fails");
      }
      skipUnfixable();
    }

    private void apply(String oldText, String newText) {
      String text = String.join("\n", current);
      int at = text.indexOf(oldText);
      if (at >= 0) {
        current = new ArrayList<>(List.of((text.substring(0, at) + newText + text.substring(at + oldText.length()))
            .split("\n", -1)));
      }
    }

    private void observe(String log) {
      lastRun = log;
      if (target >= targets.size()) {
        return;
      }
      Map<String, String> statuses = statuses(log);
      long failingNow = statuses.values().stream().filter(s -> !s.equals("PASSED")).count();
      Target t = targets.get(target);
      if ("PASSED".equals(statuses.get(t.testId())) && failingNow < failing) {
        int line = changedLine(committed, current);
        outcomes.add(String.format(Locale.ROOT, "%s failed (%s); the bug was line %d of %s(), `%s`, which now reads"
            + " `%s`", t.testId(), t.error(), line + 1, t.function(), committed.get(line).strip(),
            current.get(line).strip()));
        committed = new ArrayList<>(current);
        failing = (int) failingNow;
        target++;
        attempt = 0;
        skipUnfixable();
        return;
      }
      attempt++;
      int tries = Math.min(MAX_ATTEMPTS, candidates(t.function()).size());
      if (attempt >= tries) {
        outcomes.add(String.format(Locale.ROOT, "%s failed (%s); none of %d changes to %s() made it pass, so its"
            + " lines are as they were", t.testId(), t.error(), tries, t.function()));
        target++;
        attempt = 0;
        skipUnfixable();
      }
    }

    private void skipUnfixable() {
      while (target < targets.size() && candidates(targets.get(target).function()).isEmpty()) {
        Target t = targets.get(target);
        outcomes.add(t.testId() + " failed (" + t.error() + "); " + t.function() + "() has no line I can change");
        target++;
      }
    }

    private Decision decide() {
      if (target < targets.size()) {
        Target t = targets.get(target);
        List<int[]> candidates = candidates(t.function());
        int[] candidate = candidates.get(attempt);
        List<String> desired = new ArrayList<>(committed);
        Slips.Edit edit = Slips.of(committed.get(candidate[0])).get(candidate[1]);
        desired.set(candidate[0], edit.apply(committed.get(candidate[0])));
        List<String[]> calls = patches(desired);
        calls.add(runTests(file));
        return new Decision(String.format(Locale.ROOT, "%s: change %d of %d in %s(): line %d, `%s` to `%s`.",
            file, attempt + 1, Math.min(MAX_ATTEMPTS, candidates.size()), t.function(), candidate[0] + 1,
            edit.before(), edit.after()), calls);
      }
      if (!current.equals(committed)) {
        List<String[]> calls = patches(committed);
        calls.add(runTests(file));
        return new Decision(file + ": undoing the last change.", calls);
      }
      return null;
    }

    /** The patches that turn the current lines into {@code desired}, each naming text that occurs once. */
    private List<String[]> patches(List<String> desired) {
      List<String[]> calls = new ArrayList<>();
      List<String> lines = new ArrayList<>(current);
      for (int i = 0; i < lines.size() && i < desired.size(); i++) {
        if (lines.get(i).equals(desired.get(i))) {
          continue;
        }
        String text = String.join("\n", lines);
        int from = i;
        int to = i;
        while (occurrences(text, String.join("\n", lines.subList(from, to + 1))) > 1 && (from > 0
            || to < lines.size() - 1)) {
          if (from > 0) {
            from--;
          } else {
            to++;
          }
        }
        String oldText = String.join("\n", lines.subList(from, to + 1));
        lines.set(i, desired.get(i));
        String newText = String.join("\n", lines.subList(from, to + 1));
        calls.add(new String[] {"apply_patch", ScriptedReplies.args("path", file, "old_text", oldText, "new_text",
            newText)});
      }
      return calls;
    }

    /** The slips of the function's lines, first line first: each a line index and the slip's index. */
    private List<int[]> candidates(String function) {
      List<int[]> candidates = new ArrayList<>();
      int def = -1;
      for (int i = 0; i < committed.size(); i++) {
        if (committed.get(i).startsWith("def " + function + "(")) {
          def = i;
          break;
        }
      }
      if (def < 0) {
        return candidates;
      }
      boolean docstring = false;
      for (int i = def + 1; i < committed.size(); i++) {
        String line = committed.get(i);
        if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
          break;
        }
        int quotes = occurrencesOf(line, "\"\"\"");
        if (docstring || quotes > 0) {
          docstring ^= quotes % 2 == 1;
          continue;
        }
        List<Slips.Edit> edits = Slips.of(line);
        for (int e = 0; e < edits.size(); e++) {
          candidates.add(new int[] {i, e});
        }
      }
      return candidates;
    }

    /** The outcome of the sub-task, for the return message or the next step's note. */
    String outcome() {
      StringBuilder out = new StringBuilder(file).append(": ");
      out.append(String.join("; ", outcomes)).append('.');
      Map<String, String> statuses = statuses(lastRun);
      if (!statuses.isEmpty()) {
        List<String> lines = new ArrayList<>();
        for (Target t : targets) {
          if (statuses.containsKey(t.testId())) {
            lines.add(t.testId() + " " + statuses.get(t.testId()));
          }
        }
        Matcher counts = COUNTS.matcher(lastRun);
        out.append(" Last run: ").append(String.join(", ", lines)).append(counts.find() ? "; " + counts.group(1)
            : "").append('.');
      }
      return out.toString();
    }
  }

  private static Map<String, String> statuses(String log) {
    Map<String, String> statuses = new LinkedHashMap<>();
    Matcher m = STATUS.matcher(log);
    while (m.find()) {
      statuses.put(m.group(1), m.group(2));
    }
    return statuses;
  }

  private static int changedLine(List<String> before, List<String> after) {
    for (int i = 0; i < before.size() && i < after.size(); i++) {
      if (!before.get(i).equals(after.get(i))) {
        return i;
      }
    }
    return 0;
  }

  private static int occurrencesOf(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      count++;
    }
    return count;
  }

  private static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0 && count < 2; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  /** The file's lines from a read_file result, or {@code null} when it is no numbered listing. */
  private static List<String> numberedLines(String result) {
    String[] rows = result.split("\n", -1);
    List<String> lines = new ArrayList<>();
    for (int r = 1; r < rows.length; r++) {
      if (rows[r].isEmpty() && r == rows.length - 1) {
        break;
      }
      Matcher m = NUMBERED.matcher(rows[r]);
      if (!m.matches() || Integer.parseInt(m.group(1)) != lines.size() + 1) {
        return null;
      }
      lines.add(m.group(2));
    }
    return lines.isEmpty() ? null : lines;
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }

  /** The final answer: the outcomes the conversation still shows, and the last whole-suite counts. */
  private static String answer(History history) {
    StringBuilder out = new StringBuilder("I am an offline scripted agent, not a model. ");
    int lastSuite = -1;
    Set<String> outcomes = new LinkedHashSet<>();
    for (int i = 0; i < history.calls.size(); i++) {
      Call c = history.calls.get(i);
      if (c.name().equals("run_tests") && c.path().isEmpty()) {
        lastSuite = i;
      } else if (c.name().equals("return")) {
        outcomes.add(ScriptedReplies.argument(c.arguments(), "message"));
      }
    }
    history.notes.stream().filter(n -> n.startsWith("Finished "))
        .forEach(n -> outcomes.add(n.substring("Finished ".length()).lines().findFirst().orElse("")));
    if (!outcomes.isEmpty()) {
      out.append("Outcomes:\n- ").append(String.join("\n- ", outcomes)).append('\n');
    }
    if (lastSuite >= 0) {
      Matcher counts = COUNTS.matcher(history.calls.get(lastSuite).result());
      out.append("The whole suite: ").append(counts.find() ? counts.group(1) : "no counts in its log").append('.');
    }
    return out.toString().strip();
  }

  /** The calls and notes of the conversation, in order. */
  private static final class History {
    private final List<Call> calls;
    private final List<String> notes;

    History(List<Message> view) {
      calls = ScriptedReplies.exchanges(view).stream().map(e -> new Call(e.name(), e.arguments(), e.result()))
          .toList();
      notes = ScriptedReplies.notes(view);
    }

    /** {@return the index of the latest whole-suite run whose log is still readable, or -1} */
    int readableSuiteRun() {
      for (int i = calls.size() - 1; i >= 0; i--) {
        Call c = calls.get(i);
        if (c.name().equals("run_tests") && c.path().isEmpty() && c.result().contains("test session starts")) {
          return i;
        }
      }
      return -1;
    }

    /** {@return the index of the latest call that names a file, or -1} */
    int lastPathCall() {
      for (int i = calls.size() - 1; i >= 0; i--) {
        if (!calls.get(i).path().isEmpty()) {
          return i;
        }
      }
      return -1;
    }

    /** {@return the index of the first whole-suite run at or after {@code from}, or -1} */
    int suiteRun(int from) {
      for (int i = from; i < calls.size(); i++) {
        if (calls.get(i).name().equals("run_tests") && calls.get(i).path().isEmpty()) {
          return i;
        }
      }
      return -1;
    }
  }
}
