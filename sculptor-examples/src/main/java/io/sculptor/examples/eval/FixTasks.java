package io.sculptor.examples.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.agent.ContextPolicy;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.FragmentId;
import io.sculptor.core.Message;
import io.sculptor.core.Outcome;
import io.sculptor.core.Role;
import io.sculptor.core.RoleFilter;
import io.sculptor.core.SearchHit;
import io.sculptor.core.SearchQuery;
import io.sculptor.core.SearchResults;
import io.sculptor.core.ToolCall;
import io.sculptor.examples.eval.fix.Repository;
import io.sculptor.examples.eval.fix.TestRunner;
import io.sculptor.examples.eval.fix.Workspace;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ToolChoice;
import io.sculptor.model.ToolSpec;
import io.sculptor.openai.TiktokenCounter;
import io.sculptor.report.PromptAccounting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code fix} task family: generating its tasks, running one in a mode, and measuring it.
 *
 * <p>A run gives the agent the six tools, {@code branch} and {@code return} in the modes
 * {@link Evaluation.Mode#BRANCH} and {@link Evaluation.Mode#TERSE_RETURN}, and the
 * {@link Workspace}'s {@code read_file},
 * {@code apply_patch} and {@code run_tests}, whose handlers work on a fresh copy of the task's
 * repository. Besides the token columns of {@link PromptAccounting} it measures:
 *
 * <ul>
 *   <li>{@value #TESTS_PASSING}: the share of the repository's tests that pass on the files as the
 *       run left them;
 *   <li>{@value #OUTCOMES_VISIBLE}: the share of the files whose outcome occurs in the final
 *       context. A file's outcome is two texts taken from the files and the tests as the run left
 *       them, never from what the agent wrote: the status line of its failing test as a verbose
 *       run prints it ({@code tests/a/test_b.py::test_c PASSED}, or {@code FAILED}), and the line
 *       that held the bug as it now reads. A text counts when it occurs whole in a message's
 *       content or in a tool call's arguments, as {@link Baselines#occursWhole} decides;
 *   <li>{@value #OUTCOMES_RECOVERABLE}: the share of the files whose outcome is visible, or becomes
 *       visible when the final state is searched for the failing test's id and the fragments the
 *       matches lie in are restored (what {@code search_context} and {@code restore_fragment} do);
 *   <li>{@value #PEAK_CONTEXT} and {@value #MEAN_CONTEXT}: the largest and the mean context over
 *       the run's model calls (the final one is the token column).
 * </ul>
 *
 * <p>The truncation baseline keeps the newest tokens of the final context of the run without
 * branches, as many as the final context of the run with them; nothing of it can be recovered.
 */
final class FixTasks {
  /** The share of the repository's tests that pass at the end. */
  static final String TESTS_PASSING = "testsPassing";
  /** The share of the files whose outcome is visible in the final context. */
  static final String OUTCOMES_VISIBLE = "outcomesVisible";
  /** The share of the files whose outcome is visible, or visible after search and restore. */
  static final String OUTCOMES_RECOVERABLE = "outcomesRecoverable";
  /** The largest context of any model call. */
  static final String PEAK_CONTEXT = "peakContextTokens";
  /** The mean context over the model calls. */
  static final String MEAN_CONTEXT = "meanContextTokens";

  private static final int SEARCH_RESULTS = 50;
  private static final int RESTORE_ROUNDS = 4;

  private FixTasks() {}

  /**
   * One run of a fix task: its sample, the final context, and each file's outcome texts.
   *
   * @param sample the sample
   * @param finalContext the messages of the last model call
   * @param outcomes for each planted bug, in order, the texts of its outcome
   */
  record Run(Evaluation.Sample sample, List<Message> finalContext, List<List<String>> outcomes) {}

  /** {@return a fix task: a repository of {@code files} files of {@code functions} functions, and the request} */
  static EvalTask generate(int files, int functions, long seed) {
    Repository repository = Repository.generate(files, functions, seed);
    String id = "fix-" + files + "-" + functions + "-s" + seed;
    String request = "The test suite of this repository fails: " + files + (files == 1 ? " source file" : " source"
        + " files") + " under src/ each have a bug that a test under tests/ catches. Fix the code so that every"
        + " test passes, one source file at a time, running the file's tests after each change. When every file"
        + " is done, run the whole suite once more and report, for each file, what was wrong and what you"
        + " changed.";
    ObjectNode row = TaskGenerator.JSON.createObjectNode().put("id", id);
    ObjectNode contents = row.putObject("files");
    repository.files().forEach(contents::put);
    return new EvalTask(EvalTask.Family.FIX, id, files, functions, Conversation.of(Message.user(request)), List.of(),
        "every test passes", answer -> {
          throw new UnsupportedOperationException("a fix task is graded by its tests, not by the answer");
        }, row, repository);
  }

  /**
   * Runs {@code task} in {@code mode} with {@code model}.
   *
   * @param name the model's name, recorded with the sample
   * @param maxSteps the agent's step cap
   * @param policy the budget policy run before every model call
   */
  static Run run(EvalTask task, Evaluation.Config config, Evaluation.Mode mode, ChatModel model, String name,
      int maxSteps, ContextPolicy policy) {
    Repository repository = task.repository().orElseThrow(() -> new IllegalArgumentException("task " + task.id()
        + " has no repository to work on"));
    Workspace workspace = new Workspace(repository);
    Conversation conversation = Evaluation.withSystem(task);
    ContextState start = ContextState.of(conversation, task.id().hashCode(), TiktokenCounter.o200k());
    AtomicReference<PromptAccounting> accounting = new AtomicReference<>(PromptAccounting.of(TaskGenerator.COUNTER));
    List<Long> contexts = new ArrayList<>();
    AtomicReference<List<Message>> last = new AtomicReference<>(List.of());
    ChatModel recording = request -> {
      contexts.add(accounting.updateAndGet(a -> a.record(request)).lastCall().finalContextTokens());
      last.set(request.messages());
      return model.chat(request);
    };
    ContextAgent.Builder agent = ContextAgent.builder(recording).firstStepToolChoice(ToolChoice.required())
        .maxSteps(maxSteps).policy(policy).branchTools(mode == Evaluation.Mode.BRANCH
            || mode == Evaluation.Mode.TERSE_RETURN);
    for (ToolSpec spec : Workspace.SPECS) {
      agent.tool(spec, workspace.handlers().get(spec.name()));
    }
    AgentRun run = agent.build().run(start);

    TestRunner.Run tests = workspace.runAll();
    Map<String, String> files = workspace.files();
    List<List<String>> outcomes = new ArrayList<>();
    for (Repository.Bug bug : repository.bugs()) {
      String status = tests.outcome(bug.testId()).map(TestRunner.Outcome::statusLine).orElse(bug.testId() + " ERROR");
      String[] lines = files.get(bug.sourcePath()).split("\n", -1);
      String line = bug.line() <= lines.length ? lines[bug.line() - 1].strip() : "";
      outcomes.add(line.isEmpty() ? List.of(status) : List.of(status, line));
    }
    double visible = share(outcomes, o -> visible(last.get(), o));
    double recoverable = share(outcomes, o -> visible(last.get(), o) || recovered(run.state(), o));
    Map<String, Double> measures = new LinkedHashMap<>();
    measures.put(TESTS_PASSING, tests.outcomes().isEmpty() ? 0 : (double) tests.passed() / tests.outcomes().size());
    measures.put(OUTCOMES_VISIBLE, visible);
    measures.put(OUTCOMES_RECOVERABLE, recoverable);
    measures.put(PEAK_CONTEXT, (double) contexts.stream().mapToLong(Long::longValue).max().orElse(0));
    measures.put(MEAN_CONTEXT, contexts.stream().mapToLong(Long::longValue).average().orElse(0));
    Evaluation.Sample sample = new Evaluation.Sample(task.id(), config, mode, name, run.answer(), visible, visible,
        run.modelCalls(), run.toolUsage().counts(), run.stopReason() == AgentRun.StopReason.STEP_CAP,
        TaskGenerator.tokens(conversation), accounting.get().totals(), measures);
    return new Run(sample, last.get(), outcomes);
  }

  /**
   * The truncation baseline: the final context of {@code withoutBranches} cut to {@code budget}
   * tokens by dropping the oldest; its outcomes are visible or lost.
   */
  static Evaluation.Sample truncation(EvalTask task, Evaluation.Config config, Run withoutBranches, long budget,
      String name) {
    List<Message> context = Baselines.truncate(withoutBranches.finalContext(), budget);
    PromptAccounting.Tokens tokens = PromptAccounting.of(TaskGenerator.COUNTER).record(context, List.of()).totals();
    double visible = share(withoutBranches.outcomes(), o -> visible(context, o));
    Map<String, Double> measures = new LinkedHashMap<>();
    measures.put(TESTS_PASSING, withoutBranches.sample().measures().get(TESTS_PASSING));
    measures.put(OUTCOMES_VISIBLE, visible);
    measures.put(OUTCOMES_RECOVERABLE, visible);
    return new Evaluation.Sample(task.id(), config, Evaluation.Mode.TRUNCATION, name, "", visible, visible, 0,
        Map.of(), false, TaskGenerator.tokens(Evaluation.withSystem(task)), tokens, measures);
  }

  private static double share(List<List<String>> outcomes, java.util.function.Predicate<List<String>> kept) {
    return outcomes.isEmpty() ? 1.0 : (double) outcomes.stream().filter(kept).count() / outcomes.size();
  }

  /** Whether every text of {@code outcome} occurs whole in a message's content or a tool call's arguments. */
  static boolean visible(List<Message> messages, List<String> outcome) {
    List<String> texts = new ArrayList<>();
    for (Message m : messages) {
      texts.add(m.content());
      if (m.role() == Role.TOOL && m.content().contains("**")) {
        texts.add(m.content().replace("**", ""));
      }
      for (ToolCall call : m.toolCalls()) {
        try {
          collectStrings(TaskGenerator.JSON.readTree(call.arguments()), texts);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          texts.add(call.arguments());
        }
      }
    }
    return outcome.stream().allMatch(text -> texts.stream().anyMatch(t -> Baselines.occursWhole(t, text)));
  }

  private static void collectStrings(JsonNode node, List<String> texts) {
    if (node == null) {
      return;
    }
    if (node.isTextual()) {
      texts.add(node.asText());
    }
    node.forEach(child -> collectStrings(child, texts));
  }

  /**
   * Whether the outcome becomes visible when {@code state} is searched for its test's id (the first
   * word of its status line) and the fragments holding matches are restored, round after round
   * while restoring an outer fragment uncovers matches in inner ones.
   */
  private static boolean recovered(ContextState state, List<String> outcome) {
    String testId = outcome.get(0).substring(0, outcome.get(0).indexOf(' '));
    ContextState restored = state;
    for (int round = 0; round < RESTORE_ROUNDS; round++) {
      Outcome<SearchResults> found = restored.search(SearchQuery.of(testId, RoleFilter.ALL, SEARCH_RESULTS, 0));
      if (!found.isSuccess()) {
        break;
      }
      Set<FragmentId> hidden = new LinkedHashSet<>();
      for (SearchHit hit : found.value().hits()) {
        hit.hiddenBy().ifPresent(hidden::add);
      }
      if (hidden.isEmpty()) {
        break;
      }
      for (FragmentId id : hidden) {
        restored = restored.restore(id).state();
      }
    }
    return visible(restored.view().messages(), outcome);
  }
}
