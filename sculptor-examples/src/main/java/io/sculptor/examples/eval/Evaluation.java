package io.sculptor.examples.eval;

import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.agent.ContextPolicy;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ToolChoice;
import io.sculptor.openai.TiktokenCounter;
import io.sculptor.report.PromptAccounting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs tasks in one or more modes and aggregates, per configuration and mode, the score, the token
 * columns of {@link PromptAccounting} and the tool calls. Offline, the scripted agent runs with the
 * tools and two baselines get the same token budget as its final context: the full context, and
 * plain truncation of the oldest tokens; all three are scored by retention. With a model, the
 * model runs with the tools and without them, scored by the benchmark's grader.
 *
 * <p>Samples run {@code concurrency} at a time. With a {@link ResultsFile}, every finished sample is
 * appended as one JSON line at once, and samples the file already holds for the same model are not
 * run again: an interrupted run resumes where it stopped.
 */
public final class Evaluation {
  /** How a task is answered, and what its score measures. */
  public enum Mode {
    /** The offline scripted agent with the tools: the facts it leaves visible. */
    SCRIPTED("scripted agent", "retention"),
    /** The whole task in the context, the reference of the offline baselines. */
    FULL_CONTEXT("full context", "retention"),
    /**
     * The task truncated to the scripted agent's final context tokens by dropping the oldest tokens;
     * for fix, the final context of the run without branches truncated to that of the run with them.
     */
    TRUNCATION("truncation", "retention"),
    /** A real model with the Sculptor tools (the paper's setting: tools required on the first step). */
    TOOLS("tools", "accuracy"),
    /** A real model with the whole context and no tools: the paper's baseline. */
    NO_TOOLS("no-tools", "accuracy"),
    /** Fix: the repair agent (or a model) with the six tools and the application's, without branch and return. */
    NO_BRANCH("no branch", "retention"),
    /** Fix: the same with branch and return offered: one branch per file, its outcome in the return message. */
    BRANCH("branch/return", "retention"),
    /**
     * Fix: without branch and return, with a budget policy that folds the oldest messages past the
     * largest context of the {@link #BRANCH} run: the application's folding on the same budget.
     */
    FOLD_OLDEST("fold oldest", "retention"),
    /** Fix, offline: branch and return, with return messages that name only the file (an ablation). */
    TERSE_RETURN("terse return", "retention");

    private final String label;
    private final String scoreName;

    Mode(String label, String scoreName) {
      this.label = label;
      this.scoreName = scoreName;
    }

    /** {@return the label in reports and records} */
    public String label() {
      return label;
    }

    /** {@return what the score measures: retention or accuracy} */
    public String scoreName() {
      return scoreName;
    }

    /** {@return the mode labelled {@code label}, or {@code null}} */
    public static Mode byLabel(String label) {
      for (Mode mode : values()) {
        if (mode.label.equals(label)) {
          return mode;
        }
      }
      return null;
    }
  }

  /**
   * One configuration of the grid.
   *
   * @param family the task family
   * @param size updates per key, or tokens
   * @param variant keys, or needles
   */
  public record Config(EvalTask.Family family, int size, int variant) {}

  /**
   * The result of one task in one mode: one line of the results file.
   *
   * @param id the task's prompt id
   * @param config the configuration the task belongs to
   * @param mode the mode
   * @param model the model, or the scripted agent's name
   * @param answer the final answer
   * @param score the retention or the grader's score, from 0 to 1
   * @param retention the share of the facts visible in the final context
   * @param steps the model calls
   * @param toolCalls the calls per tool
   * @param stepCap whether the run reached the step cap
   * @param taskTokens the tokens of the whole task with its system prompt
   * @param tokens the token columns
   * @param measures what else the task family measures, by name (see {@link Report}); empty for
   *     the benchmarks' families
   */
  public record Sample(String id, Config config, Mode mode, String model, String answer, double score,
      double retention, int steps, Map<String, Integer> toolCalls, boolean stepCap, long taskTokens,
      PromptAccounting.Tokens tokens, Map<String, Double> measures) {
    /** Copies the maps and checks the arguments. */
    public Sample {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(answer, "answer");
      toolCalls = Map.copyOf(toolCalls);
      Objects.requireNonNull(tokens, "tokens");
      measures = Map.copyOf(measures);
    }

    /** A sample that measures nothing beyond the columns every family has. */
    public Sample(String id, Config config, Mode mode, String model, String answer, double score, double retention,
        int steps, Map<String, Integer> toolCalls, boolean stepCap, long taskTokens, PromptAccounting.Tokens tokens) {
      this(id, config, mode, model, answer, score, retention, steps, toolCalls, stepCap, taskTokens, tokens,
          Map.of());
    }
  }

  /**
   * The aggregate of one configuration in one mode: means over its samples.
   *
   * @param config the configuration
   * @param mode the mode
   * @param samples the number of samples
   * @param score the mean score, from 0 to 1
   * @param taskTokens the mean tokens of the whole task
   * @param finalContext the mean tokens of the final context (the paper's metric)
   * @param prompt the mean prompt tokens over all calls, tool schemas and priming included
   * @param uncachedPrompt the mean prompt tokens prefix caching cannot serve
   * @param steps the mean model calls
   * @param toolCalls the mean calls per tool
   * @param stepCapHits how many samples reached the step cap
   * @param measures the mean of each further measure over the samples that have it
   */
  public record Row(Config config, Mode mode, int samples, double score, double taskTokens, double finalContext,
      double prompt, double uncachedPrompt, double steps, Map<String, Double> toolCalls, int stepCapHits,
      Map<String, Double> measures) {
    /** Copies the measures; the tool calls keep their order. */
    public Row {
      measures = Map.copyOf(measures);
    }

    /** {@return the share of the task's tokens that the final context saves, from 0 to 1; negative when larger} */
    public double reduction() {
      return taskTokens == 0 ? 0 : 1 - finalContext / taskTokens;
    }
  }

  private final int maxSteps;
  private final int concurrency;
  private final Consumer<String> progress;

  /**
   * Creates an evaluation.
   *
   * @param maxSteps the agent's step cap
   * @param concurrency how many samples run at once, at least 1
   * @param progress receives one line per finished task (standard error on the command line)
   */
  public Evaluation(int maxSteps, int concurrency, Consumer<String> progress) {
    if (maxSteps < 0 || concurrency < 1) {
      throw new IllegalArgumentException("need maxSteps >= 0 and concurrency >= 1, got [" + maxSteps + ", "
          + concurrency + "]");
    }
    this.maxSteps = maxSteps;
    this.concurrency = concurrency;
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /**
   * {@return the modes a fix task runs in}: without branches, with them, a fold-oldest policy on
   * the budget of the run with them, offline (the scripted agent) the terse-return ablation, and
   * the truncation baseline
   */
  public static List<Mode> fixModes(EvalDriver driver) {
    return driver.offline()
        ? List.of(Mode.NO_BRANCH, Mode.BRANCH, Mode.FOLD_OLDEST, Mode.TERSE_RETURN, Mode.TRUNCATION)
        : List.of(Mode.NO_BRANCH, Mode.BRANCH, Mode.FOLD_OLDEST, Mode.TRUNCATION);
  }

  /**
   * {@return the generated tasks of {@code configs}, {@code samples} of each}, each from its own
   * seed derived from {@code seed}
   */
  public static List<EvalTask> generate(List<Config> configs, int samples, long seed) {
    List<EvalTask> tasks = new ArrayList<>();
    for (Config config : configs) {
      for (int sample = 0; sample < samples; sample++) {
        long taskSeed = seed * 1_000_003L + sample * 7_919L + config.size() * 31L + config.variant();
        tasks.add(switch (config.family()) {
          case PI_LLM -> TaskGenerator.piLlm(config.size(), config.variant(), taskSeed);
          case NEEDLE -> TaskGenerator.needle(config.size(), config.variant(), taskSeed);
          case MRCR -> TaskGenerator.mrcr(config.size(), config.variant(), taskSeed);
          case FIX -> FixTasks.generate(config.size(), config.variant(), taskSeed);
        });
      }
    }
    return tasks;
  }

  /**
   * Runs every task in {@code modes}.
   *
   * @param tasks the tasks
   * @param modes the modes, in the order of the report; {@link Mode#TRUNCATION} needs {@link Mode#SCRIPTED}
   * @param models makes the model of one task (the scripted agent or a client), called once per task
   * @param model the model's name, recorded with each sample
   * @param results where finished samples are appended and earlier ones read back, or {@code null}
   * @return one row per configuration and mode, configurations in the order of the tasks
   * @throws EvaluationException if a sample fails; the samples finished before stay in {@code results}
   */
  public List<Row> run(List<EvalTask> tasks, List<Mode> modes, Supplier<ChatModel> models, String model,
      ResultsFile results) {
    if (modes.contains(Mode.FOLD_OLDEST) && !modes.contains(Mode.BRANCH)) {
      throw new IllegalArgumentException("the fold-oldest run takes its budget from the run with branches");
    }
    if (modes.contains(Mode.TRUNCATION) && !modes.contains(Mode.SCRIPTED)
        && !(modes.contains(Mode.BRANCH) && modes.contains(Mode.NO_BRANCH))) {
      throw new IllegalArgumentException("the truncation baseline takes its budget from the scripted agent, or for"
          + " fix from the run with branches");
    }
    Map<String, Sample> recorded = results == null ? Map.of() : results.samples(model);
    List<List<Sample>> done = new ArrayList<>();
    AtomicInteger finished = new AtomicInteger();
    List<Supplier<List<Sample>>> jobs = new ArrayList<>();
    for (EvalTask task : tasks) {
      jobs.add(() -> {
        List<Sample> samples = runTask(task, modes, models, model, recorded, results);
        progress.accept(progressLine(finished.incrementAndGet(), tasks.size(), task, samples));
        return samples;
      });
    }
    if (concurrency == 1) {
      for (int i = 0; i < jobs.size(); i++) {
        try {
          done.add(jobs.get(i).get());
        } catch (RuntimeException e) {
          throw failure(tasks.get(i), e, results);
        }
      }
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(concurrency, runnable -> {
        Thread thread = new Thread(runnable, "sculptor-eval");
        thread.setDaemon(true);
        return thread;
      });
      try {
        List<Future<List<Sample>>> futures = new ArrayList<>();
        for (Supplier<List<Sample>> job : jobs) {
          futures.add(pool.submit(job::get));
        }
        for (int i = 0; i < futures.size(); i++) {
          try {
            done.add(futures.get(i).get());
          } catch (ExecutionException e) {
            pool.shutdownNow();
            throw failure(tasks.get(i), e.getCause(), results);
          } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new EvaluationException("interrupted", e);
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
    List<Sample> all = new ArrayList<>();
    done.forEach(all::addAll);
    return aggregate(all, modes);
  }

  private static EvaluationException failure(EvalTask task, Throwable cause, ResultsFile results) {
    String saved = results == null ? "" : "; the samples finished so far are in " + results.path()
        + ", and the same command resumes from there";
    String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new EvaluationException("task " + task.id() + " failed: " + reason + saved, cause);
  }

  private List<Sample> runTask(EvalTask task, List<Mode> modes, Supplier<ChatModel> models, String model,
      Map<String, Sample> recorded, ResultsFile results) {
    Config config = new Config(task.family(), task.size(), task.variant());
    List<Sample> samples = new ArrayList<>();
    Sample scripted = null;
    FixTasks.Run withoutBranches = null;
    ChatModel chat = null;
    for (Mode mode : modes) {
      Sample sample = recorded.get(ResultsFile.key(task.id(), mode));
      if (sample == null) {
        boolean baseline = mode == Mode.FULL_CONTEXT || mode == Mode.TRUNCATION;
        if (chat == null && (!baseline || task.family() == EvalTask.Family.FIX)) {
          chat = models.get();
        }
        if (mode == Mode.TRUNCATION && task.family() == EvalTask.Family.FIX && withoutBranches == null) {
          // Resumed after the run without branches was recorded: its final context is needed again.
          withoutBranches = FixTasks.run(task, config, Mode.NO_BRANCH, chat, model, maxSteps, ContextPolicy.none());
        }
        sample = switch (mode) {
          case SCRIPTED, TOOLS -> withTools(task, config, mode, chat, model);
          case NO_TOOLS -> withoutTools(task, config, chat, model);
          case FULL_CONTEXT -> baseline(task, config, mode, withSystem(task), model);
          case TRUNCATION -> task.family() == EvalTask.Family.FIX
              ? FixTasks.truncation(task, config, withoutBranches, Objects.requireNonNull(scripted).tokens()
                  .finalContextTokens(), model)
              : baseline(task, config, mode, Baselines.truncate(withSystem(task).messages(),
                  Objects.requireNonNull(scripted).tokens().finalContextTokens()), model);
          case NO_BRANCH, BRANCH, FOLD_OLDEST, TERSE_RETURN -> {
            ContextPolicy policy = mode == Mode.FOLD_OLDEST ? ContextPolicy.foldOldest(Math.round(Objects.requireNonNull(
                scripted).measures().get(FixTasks.PEAK_CONTEXT)), 2) : ContextPolicy.none();
            FixTasks.Run run = FixTasks.run(task, config, mode, mode == Mode.TERSE_RETURN
                ? ScriptedRepairAgent.terseReturns() : chat, model, maxSteps, policy);
            if (mode == Mode.NO_BRANCH) {
              withoutBranches = run;
            }
            yield run.sample();
          }
        };
        if (results != null) {
          results.append(sample);
        }
      }
      if (mode == Mode.SCRIPTED || mode == Mode.BRANCH) {
        scripted = sample;
      }
      samples.add(sample);
    }
    return samples;
  }

  private Sample withTools(EvalTask task, Config config, Mode mode, ChatModel model, String name) {
    Conversation conversation = withSystem(task);
    ContextState state = ContextState.of(conversation, task.id().hashCode(), TiktokenCounter.o200k());
    AtomicReference<PromptAccounting> accounting = new AtomicReference<>(PromptAccounting.of(TaskGenerator.COUNTER));
    AtomicReference<List<Message>> last = new AtomicReference<>(List.of());
    ChatModel recording = request -> {
      accounting.updateAndGet(a -> a.record(request));
      last.set(request.messages());
      return model.chat(request);
    };
    AgentRun run = ContextAgent.builder(recording).firstStepToolChoice(ToolChoice.required()).maxSteps(maxSteps)
        .build().run(state);
    double retention = Baselines.retention(task, last.get());
    double score = mode == Mode.SCRIPTED ? retention : task.score(run.answer());
    return new Sample(task.id(), config, mode, name, run.answer(), score, retention, run.modelCalls(),
        run.toolUsage().counts(), run.stopReason() == AgentRun.StopReason.STEP_CAP,
        TaskGenerator.tokens(conversation), accounting.get().totals());
  }

  private Sample withoutTools(EvalTask task, Config config, ChatModel model, String name) {
    List<Message> messages = new ArrayList<>();
    if (firstIsSystem(task)) {
      messages.addAll(task.conversation().messages());
    } else {
      messages.add(Message.system("You are a helpful assistant."));
      messages.addAll(task.conversation().messages());
    }
    ChatRequest request = ChatRequest.of(messages, List.of(), ToolChoice.none());
    PromptAccounting.Tokens tokens = PromptAccounting.of(TaskGenerator.COUNTER).record(request).totals();
    ChatResponse response = model.chat(request);
    String answer = response.message().content();
    return new Sample(task.id(), config, Mode.NO_TOOLS, name, answer, task.score(answer),
        Baselines.retention(task, messages), 1, Map.of(), false, TaskGenerator.tokens(Conversation.of(messages)),
        tokens);
  }

  private static Sample baseline(EvalTask task, Config config, Mode mode, Conversation context, String name) {
    return baseline(task, config, mode, context.messages(), name);
  }

  private static Sample baseline(EvalTask task, Config config, Mode mode, List<Message> context, String name) {
    PromptAccounting.Tokens tokens = PromptAccounting.of(TaskGenerator.COUNTER).record(context, List.of()).totals();
    double retention = Baselines.retention(task, context);
    return new Sample(task.id(), config, mode, name, "", retention, retention, 0, Map.of(), false,
        TaskGenerator.tokens(withSystem(task)), tokens);
  }

  /** The task with its family's system prompt of the paper first, unless it brings its own. */
  static Conversation withSystem(EvalTask task) {
    if (firstIsSystem(task)) {
      return task.conversation();
    }
    List<Message> messages = new ArrayList<>();
    messages.add(Message.system(task.family().systemPrompt()));
    messages.addAll(task.conversation().messages());
    return Conversation.of(messages);
  }

  private static boolean firstIsSystem(EvalTask task) {
    return !task.conversation().messages().isEmpty() && task.conversation().messages().get(0).role() == Role.SYSTEM;
  }

  private static String progressLine(int done, int total, EvalTask task, List<Sample> samples) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%d/%d] %s %,d %s, %d %s, %s:", done, total,
        task.family().cliName(), task.size(), task.family().sizeUnit(), task.variant(),
        task.family().variantName(), task.id()));
    for (Sample s : samples) {
      line.append(String.format(Locale.ROOT, " %s %s %.3f;", s.mode().label(), s.mode().scoreName(), s.score()));
    }
    line.setLength(line.length() - 1);
    return line.toString();
  }

  /** {@return the rows of {@code samples}: one per configuration and mode, in first-seen order} */
  static List<Row> aggregate(List<Sample> samples, List<Mode> modes) {
    Map<Config, Map<Mode, List<Sample>>> groups = new LinkedHashMap<>();
    for (Sample s : samples) {
      groups.computeIfAbsent(s.config(), c -> new LinkedHashMap<>()).computeIfAbsent(s.mode(), m -> new ArrayList<>())
          .add(s);
    }
    List<Row> rows = new ArrayList<>();
    groups.forEach((config, byMode) -> {
      for (Mode mode : modes) {
        List<Sample> group = byMode.get(mode);
        if (group == null) {
          continue;
        }
        int n = group.size();
        Map<String, Double> calls = new java.util.TreeMap<>();
        group.forEach(s -> s.toolCalls().forEach((name, count) -> calls.merge(name, (double) count / n, Double::sum)));
        Map<String, Double> measures = new java.util.HashMap<>();
        group.stream().flatMap(s -> s.measures().keySet().stream()).distinct().forEach(name -> measures.put(name,
            group.stream().filter(s -> s.measures().containsKey(name)).mapToDouble(s -> s.measures().get(name))
                .average().orElse(0)));
        rows.add(new Row(config, mode, n, mean(group, Sample::score), mean(group, s -> s.taskTokens()),
            mean(group, s -> s.tokens().finalContextTokens()), mean(group, s -> s.tokens().promptTokens()),
            mean(group, s -> s.tokens().uncachedPromptTokens()), mean(group, s -> s.steps()), order(calls),
            (int) group.stream().filter(Sample::stepCap).count(), measures));
      }
    });
    return rows;
  }

  private static Map<String, Double> order(Map<String, Double> calls) {
    Map<String, Double> ordered = new LinkedHashMap<>();
    for (String tool : List.of("fragment_context", "fold_fragment", "summarize_fragment", "search_context",
        "get_search_detail", "restore_fragment")) {
      if (calls.containsKey(tool)) {
        ordered.put(tool, calls.remove(tool));
      }
    }
    ordered.putAll(calls);
    return ordered;
  }

  private static double mean(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> value) {
    return samples.stream().mapToDouble(value).average().orElse(0);
  }
}
