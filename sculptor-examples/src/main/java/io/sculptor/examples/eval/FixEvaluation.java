package io.sculptor.examples.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.agent.ContextPolicy;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.Usage;
import io.sculptor.openai.TiktokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The long-horizon evaluation of the opt-in {@code branch} / {@code return} tools: the same
 * {@link FixTask} worked through by the same scripted agent in four modes, and for each the active
 * context (the view's tokens at every model call: peak, mean, final), the prompt tokens over all
 * calls and uncached under prefix caching ({@link PromptAccounting}), and the <b>retention of each
 * sub-task's outcome</b>: for every file, whether its passing test summary and its fixed line are
 * both visible in the context of the final answer. Retention is measured on the view, so it can
 * fail, and does: folding on a budget hides early outcomes, and a terse return message drops them.
 *
 * <p>The agent is a scripted {@link ChatModel} that sees only the request: it reads the file list
 * from the user's message, decides its next step from its own last tool call and that call's
 * result, takes the fix from the test log, and — with branches — writes its return message from
 * the test results it can see. It never looks at the task's answers.
 */
public final class FixEvaluation {
  /** How the agent works through the files. */
  public enum Mode {
    /** The whole work stays in the context. */
    NO_TOOLS("no context tools"),
    /** The whole work, with a budget policy folding the oldest messages over the budget. */
    FOLD_OLDEST("fold oldest, same budget"),
    /** One branch per file, returned with a message stating the outcome. */
    BRANCH_RETURN("branch / return"),
    /** One branch per file, returned with a message that omits the outcome. */
    BRANCH_TERSE("branch / terse return");

    private final String label;

    Mode(String label) {
      this.label = label;
    }

    /** {@return the mode's name in tables} */
    public String label() {
      return label;
    }
  }

  /** The measurements of one mode. */
  public record Row(Mode mode, int files, int filesFixed, double retention, long peakContext, long meanContext,
      long finalContext, long prompt, long uncachedPrompt, int modelCalls) {}

  private final int fileCount;
  private final int methodsPerFile;
  private final long seed;

  /**
   * An evaluation of a repository of {@code fileCount} files of {@code methodsPerFile} methods.
   *
   * @param fileCount files to fix, 1 to 12
   * @param methodsPerFile methods per file, at least 2
   * @param seed the repository's seed
   */
  public FixEvaluation(int fileCount, int methodsPerFile, long seed) {
    FixTask.generate(fileCount, methodsPerFile, seed);   // checks the arguments
    this.fileCount = fileCount;
    this.methodsPerFile = methodsPerFile;
    this.seed = seed;
  }

  /** {@return one row per mode}; the fold-oldest budget is the branch/return run's peak context */
  public List<Row> run() {
    Row branch = run(Mode.BRANCH_RETURN, 0);
    List<Row> rows = new ArrayList<>();
    rows.add(run(Mode.NO_TOOLS, 0));
    rows.add(run(Mode.FOLD_OLDEST, branch.peakContext()));
    rows.add(branch);
    rows.add(run(Mode.BRANCH_TERSE, 0));
    return rows;
  }

  private Row run(Mode mode, long budget) {
    FixTask task = FixTask.generate(fileCount, methodsPerFile, seed);
    Conversation conversation = Conversation.of(
        Message.system("You are a coding agent. Work through this task with the tools. " + task.request()),
        Message.user("Go ahead."));
    ContextState state = ContextState.of(conversation, seed, TiktokenCounter.o200k());
    PromptAccounting accounting = new PromptAccounting(TaskGenerator.COUNTER);
    List<Long> contexts = new ArrayList<>();
    List<List<Message>> views = new ArrayList<>();
    Agent agent = new Agent(mode == Mode.BRANCH_RETURN || mode == Mode.BRANCH_TERSE, mode == Mode.BRANCH_TERSE);
    ChatModel recording = request -> {
      contexts.add(accounting.record(request).finalContext());
      views.add(request.messages());
      return agent.chat(request);
    };
    ContextAgent.Builder builder = ContextAgent.builder(recording)
        .tool(FixTask.READ_FILE, task::readFile)
        .tool(FixTask.APPLY_PATCH, task::applyPatch)
        .tool(FixTask.RUN_TESTS, task::runTests)
        .maxSteps(12 * fileCount + 4);
    if (mode == Mode.BRANCH_RETURN || mode == Mode.BRANCH_TERSE) {
      builder.branchTools(true);
    }
    if (mode == Mode.FOLD_OLDEST) {
      builder.policy(ContextPolicy.foldOldest(budget, 2));
    }
    AgentRun run = builder.build().run(state);
    List<Message> last = views.get(views.size() - 1);
    String visible = String.join("\n", last.stream().map(Message::content).toList());
    int retained = 0;
    for (String file : task.fileNames()) {
      if (task.outcomeFacts(file).stream().allMatch(visible::contains)) {
        retained++;
      }
    }
    int fixed = (int) task.fileNames().stream().filter(f -> run.state().original().messages().stream()
        .anyMatch(m -> m.role() == Role.TOOL && m.content().contains(task.outcomeFacts(f).get(0)))).count();
    long mean = Math.round(contexts.stream().mapToLong(Long::longValue).average().orElse(0));
    long peak = contexts.stream().mapToLong(Long::longValue).max().orElse(0);
    PromptAccounting.Tokens totals = accounting.totals();
    return new Row(mode, fileCount, task.allPass() ? fileCount : fixed, (double) retained / fileCount, peak, mean,
        totals.finalContext(), totals.prompt(), totals.uncachedPrompt(), run.modelCalls());
  }

  /** {@return the rows as a text table, every column labelled} */
  public static String table(List<Row> rows) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "fix (generated, %d files), offline scripted agent: retention = share of files whose passing test summary"
            + " and fixed line are both visible when the agent answers%n", rows.get(0).files()));
    out.append(String.format(Locale.ROOT, "%-24s %6s %10s %13s %13s %14s %18s %16s %6s%n", "mode", "fixed",
        "retention", "peak context", "mean context", "final context", "prompt, all calls", "uncached prompt", "calls"));
    for (Row r : rows) {
      out.append(String.format(Locale.ROOT, "%-24s %6s %9.1f%% %,13d %,13d %,14d %,18d %,16d %6d%n",
          r.mode().label(), r.filesFixed() + "/" + r.files(), 100 * r.retention(), r.peakContext(), r.meanContext(),
          r.finalContext(), r.prompt(), r.uncachedPrompt(), r.modelCalls()));
    }
    out.append("Tokens (o200k): context = the messages of one model call (the view); peak / mean over the run's calls;"
        + " final = the call that answers; prompt, all calls and uncached prompt as in the other tasks. The fold-oldest"
        + " run gets the branch/return run's peak context as its budget.\n");
    return out.toString();
  }

  /** {@return the rows as JSON} */
  public static String json(List<Row> rows) {
    ArrayNode array = FixTask.JSON.createArrayNode();
    for (Row r : rows) {
      ObjectNode node = array.addObject().put("mode", r.mode().label()).put("files", r.files())
          .put("filesFixed", r.filesFixed()).put("retention", r.retention());
      node.putObject("tokens").put("peakContext", r.peakContext()).put("meanContext", r.meanContext())
          .put("finalContext", r.finalContext()).put("promptAllCalls", r.prompt())
          .put("uncachedPrompt", r.uncachedPrompt());
      node.put("modelCalls", r.modelCalls());
    }
    return array.toPrettyString();
  }

  /**
   * The scripted agent: decides each step from the request alone.
   */
  static final class Agent implements ChatModel {
    private static final Pattern FILE = Pattern.compile("\\b([A-Z]\\w*\\.java)\\b");
    private static final Pattern SPEC = Pattern.compile("line (\\d+) of (\\S+) must read: (.+)");
    private static final Pattern SUMMARY = Pattern.compile("Tests for (\\S+): (\\d+) passed, (\\d+) failed");
    private final boolean branches;
    private final boolean terse;
    private int calls;

    Agent(boolean branches, boolean terse) {
      this.branches = branches;
      this.terse = terse;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
      List<Message> view = request.messages();
      List<String> files = new ArrayList<>();
      Matcher m = FILE.matcher(view.get(0).content());   // the task, in the system prompt
      while (m.find()) {
        if (!files.contains(m.group(1))) {
          files.add(m.group(1));
        }
      }
      Optional<Integer> lastCall = lastToolCallIndex(view);
      if (lastCall.isEmpty()) {
        return start(files.get(0));
      }
      ToolCall call = view.get(lastCall.get()).toolCalls().get(0);
      String result = view.size() > lastCall.get() + 1 ? view.get(lastCall.get() + 1).content() : "";
      String file = fileOf(call);
      return switch (call.name()) {
        case "branch" -> call("read_file", "{\"path\": \"" + file + "\"}");
        case "read_file", "apply_patch" -> call("run_tests", "{\"path\": \"" + file + "\"}");
        case "run_tests" -> afterTests(file, result, files, view);
        default -> next(file, files);   // return
      };
    }

    private ChatResponse afterTests(String file, String log, List<String> files, List<Message> view) {
      Matcher spec = SPEC.matcher(log);
      if (spec.find()) {
        String expected = spec.group(3).strip();
        String planted = plantedLine(expected);
        ObjectNode args = FixTask.JSON.createObjectNode().put("path", file).put("old", planted).put("new", expected);
        return call("apply_patch", args.toString());
      }
      if (branches) {
        Matcher summary = SUMMARY.matcher(log);
        String message = terse || !summary.find() ? "Done with " + file + "."
            : "Fixed " + file + ": " + summary.group(0) + "; " + lastPatch(file, view);
        return call("return", FixTask.JSON.createObjectNode().put("message", message).toString());
      }
      return next(file, files);
    }

    /** The planted line differs from the expected one by the sign before its second term. */
    private static String plantedLine(String expected) {
      int plus = expected.lastIndexOf(" + ");
      return expected.substring(0, plus) + " - " + expected.substring(plus + 3);
    }

    /** {@return the result of the latest patch of {@code file} the view shows} */
    private static String lastPatch(String file, List<Message> view) {
      for (int i = view.size() - 1; i >= 0; i--) {
        if (view.get(i).role() == Role.TOOL && view.get(i).content().startsWith("Patched " + file + " ")) {
          return view.get(i).content();
        }
      }
      return "no patch needed";
    }

    private ChatResponse next(String file, List<String> files) {
      int at = files.indexOf(file);
      if (at + 1 < files.size()) {
        return start(files.get(at + 1));
      }
      return ChatResponse.of(Message.assistant("All tests pass. Outcomes, as far as I can still see them:\n"
          + String.join("\n", files)), Usage.UNKNOWN);
    }

    private ChatResponse start(String file) {
      if (branches) {
        return call("branch", FixTask.JSON.createObjectNode().put("description", "fix " + file)
            .put("prompt", "Read " + file + ", run its tests, patch the failing line, run them again.").toString());
      }
      return call("read_file", "{\"path\": \"" + file + "\"}");
    }

    private ChatResponse call(String name, String arguments) {
      return ChatResponse.of(Message.assistant("", List.of(new ToolCall("call_" + ++calls, name, arguments))),
          Usage.UNKNOWN);
    }

    private static String fileOf(ToolCall call) {
      try {
        JsonNode args = FixTask.JSON.readTree(call.arguments());
        if (args.has("path")) {
          return args.get("path").asText();
        }
        String text = args.path("description").asText(args.path("message").asText(""));
        Matcher m = FILE.matcher(text);
        if (m.find()) {
          return m.group(1);
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        // falls through: an unreadable call of our own is a bug of the script
      }
      throw new IllegalStateException("no file in the call " + call);
    }

    private static Optional<Integer> lastToolCallIndex(List<Message> view) {
      for (int i = view.size() - 1; i >= 0; i--) {
        if (view.get(i).role() == Role.ASSISTANT && !view.get(i).toolCalls().isEmpty()) {
          return Optional.of(i);
        }
      }
      return Optional.empty();
    }
  }
}
