package io.sculptor.examples.eval;

import io.sculptor.agent.AgentEvent;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ToolChoice;
import io.sculptor.openai.TiktokenCounter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Runs generated tasks with and without the Sculptor tools and aggregates, per configuration, the
 * score, the tokens of the full context and of the view sent at answer time, and the tool calls.
 */
public final class Evaluation {
  /** How the tasks are answered. */
  public enum Mode {
    /** The offline driver with the tools: measures retention and context reduction, never accuracy. */
    OFFLINE("offline", "retention"),
    /** A real model with the Sculptor tools (the paper's setting: tools required on the first step). */
    TOOLS("tools", "accuracy"),
    /** A real model with the whole context and no tools: the baseline. */
    NO_TOOLS("no-tools", "accuracy");

    private final String label;
    private final String scoreName;

    Mode(String label, String scoreName) {
      this.label = label;
      this.scoreName = scoreName;
    }

    /** {@return the label in reports} */
    public String label() {
      return label;
    }

    /** {@return what the score measures} */
    public String scoreName() {
      return scoreName;
    }
  }

  /**
   * One configuration of the grid.
   *
   * @param family the task family
   * @param size updates per key or tokens
   * @param variant keys, chain length or identical requests
   */
  public record Config(EvalTask.Family family, int size, int variant) {}

  /**
   * The aggregate of one configuration in one mode.
   *
   * @param config the configuration
   * @param mode the mode
   * @param samples the number of tasks run
   * @param score the mean score, from 0 to 1
   * @param tokensFull the mean tokens of the full context (system prompt and task)
   * @param tokensSent the mean tokens of the view sent at answer time
   * @param toolCalls the mean number of calls per tool
   * @param stepCapHits how many runs reached the step cap
   */
  public record Row(Config config, Mode mode, int samples, double score, double tokensFull, double tokensSent,
      Map<String, Double> toolCalls, int stepCapHits) {
    /** {@return the share of the full context's tokens that was not sent, from 0 to 1} */
    public double reduction() {
      return tokensFull == 0 ? 0 : 1 - tokensSent / tokensFull;
    }
  }

  private final int samples;
  private final long seed;
  private final int maxSteps;
  private final java.util.function.Consumer<String> progress;

  /**
   * Creates an evaluation.
   *
   * @param samples tasks per configuration
   * @param seed the seed tasks are generated from
   * @param maxSteps the agent's step cap
   * @param progress receives one progress line per task (standard error on the command line)
   */
  public Evaluation(int samples, long seed, int maxSteps, java.util.function.Consumer<String> progress) {
    this.samples = samples;
    this.seed = seed;
    this.maxSteps = maxSteps;
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /** {@return the task of one configuration and sample} */
  public EvalTask task(Config config, int sample) {
    long taskSeed = seed * 1_000_003L + sample * 7_919L + config.size() * 31L + config.variant();
    return switch (config.family()) {
      case PI_LLM -> TaskGenerator.piLlm(config.size(), config.variant(), taskSeed);
      case NEEDLE -> TaskGenerator.needle(config.size(), config.variant(), taskSeed);
      case MRCR -> TaskGenerator.mrcr(config.size(), config.variant(), taskSeed);
    };
  }

  /**
   * Runs every configuration in {@code modes}.
   *
   * @param configs the grid
   * @param modes the modes to run each configuration in
   * @param models the model for each family in a mode (the offline driver, or a real model)
   * @return one row per configuration and mode, in order
   */
  public List<Row> run(List<Config> configs, List<Mode> modes, Function<EvalTask.Family, ChatModel> models) {
    List<Row> rows = new ArrayList<>();
    int total = configs.size() * modes.size() * samples;
    int done = 0;
    for (Config config : configs) {
      for (Mode mode : modes) {
        double score = 0;
        double full = 0;
        double sent = 0;
        int capped = 0;
        Map<String, Double> calls = new LinkedHashMap<>();
        for (int sample = 0; sample < samples; sample++) {
          EvalTask task = task(config, sample);
          Outcome outcome = mode == Mode.NO_TOOLS ? baseline(task, models.apply(config.family()))
              : withTools(task, models.apply(config.family()), mode);
          score += outcome.score;
          full += outcome.tokensFull;
          sent += outcome.tokensSent;
          capped += outcome.capped ? 1 : 0;
          outcome.toolCalls.forEach((name, count) -> calls.merge(name, (double) count, Double::sum));
          done++;
          progress.accept(String.format(Locale.ROOT, "[%d/%d] %s %d %s, variant %d, sample %d, %s: %s %.3f", done, total,
              config.family().cliName(), config.size(), config.family().sizeUnit(), config.variant(), sample + 1,
              mode.label(), mode.scoreName(), outcome.score));
        }
        Map<String, Double> mean = new LinkedHashMap<>();
        calls.forEach((name, sum) -> mean.put(name, sum / samples));
        rows.add(new Row(config, mode, samples, score / samples, full / samples, sent / samples, mean, capped));
      }
    }
    return rows;
  }

  private record Outcome(double score, long tokensFull, long tokensSent, Map<String, Integer> toolCalls,
      boolean capped) {}

  private Outcome withTools(EvalTask task, ChatModel model, Mode mode) {
    ContextState state = ContextState.of(withSystem(task), task.seed(), TiktokenCounter.o200k());
    AtomicLong sent = new AtomicLong();
    AtomicReference<List<Message>> lastRequest = new AtomicReference<>(List.of());
    ChatModel recording = request -> {
      lastRequest.set(request.messages());
      return model.chat(request);
    };
    ContextAgent agent = ContextAgent.builder(recording)
        .firstStepToolChoice(ToolChoice.required())
        .maxSteps(maxSteps)
        .listener(event -> {
          if (event instanceof AgentEvent.ModelCalled called) {
            sent.set(called.viewTokens());
          }
        })
        .build();
    AgentRun run = agent.run(state);
    double score = mode == Mode.OFFLINE ? retention(task, lastRequest.get()) : task.score(run.answer());
    return new Outcome(score, state.originalTokens(), sent.get(), run.toolUsage().counts(),
        run.stopReason() == AgentRun.StopReason.STEP_CAP);
  }

  private Outcome baseline(EvalTask task, ChatModel model) {
    Conversation conversation = withBaselineSystem(task);
    ChatResponse response = model.chat(ChatRequest.of(conversation.messages(), List.of(), ToolChoice.none()));
    long tokens = TaskGenerator.tokens(conversation);
    return new Outcome(task.score(response.message().content()), tokens, tokens, Map.of(), false);
  }

  /** The share of the facts the gold answer needs that are visible in {@code request}. */
  static double retention(EvalTask task, List<Message> request) {
    StringBuilder visible = new StringBuilder();
    for (Message m : request) {
      visible.append(m.content().replace("**", "")).append('\n');
    }
    String text = visible.toString();
    long kept = task.facts().stream().filter(text::contains).count();
    return (double) kept / task.facts().size();
  }

  private static Conversation withSystem(EvalTask task) {
    List<Message> messages = new ArrayList<>();
    messages.add(Message.system(task.family().systemPrompt()));
    messages.addAll(task.conversation().messages());
    return Conversation.of(messages);
  }

  private static Conversation withBaselineSystem(EvalTask task) {
    List<Message> messages = new ArrayList<>();
    messages.add(Message.system("You are a helpful assistant."));
    messages.addAll(task.conversation().messages());
    return Conversation.of(messages);
  }
}
