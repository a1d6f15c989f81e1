package io.sculptor.examples.cli;

import io.sculptor.anthropic.AnthropicChatModel;
import io.sculptor.examples.eval.Datasets;
import io.sculptor.examples.eval.EvalDriver;
import io.sculptor.examples.eval.EvalTask;
import io.sculptor.examples.eval.Evaluation;
import io.sculptor.examples.eval.Report;
import io.sculptor.examples.eval.ResultsFile;
import io.sculptor.examples.eval.ScriptedAgent;
import io.sculptor.examples.eval.ScriptedRepairAgent;
import io.sculptor.examples.eval.TaskGenerator;
import io.sculptor.examples.eval.fix.Repository;
import io.sculptor.model.ChatModel;
import io.sculptor.openai.OpenAiChatModel;
import io.sculptor.report.EvalResults;
import io.sculptor.report.HtmlReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sculptor eval}: runs long-context benchmark tasks with the tools and against baselines. */
@Command(name = "eval", mixinStandardHelpOptions = true, resourceBundle = "io.sculptor.examples.cli.EvalCommandHelp",
    description = {"Evaluate active context management on long-context tasks in the public benchmarks' formats"
        + " (PI-LLM, NeedleBench v2 multi-needle reasoning, OpenAI MRCR), generated or read from their data files.",
        "The offline driver (default) needs no model: a task-agnostic scripted agent uses the tools through the real"
            + " tool-call protocol and is measured by retention (the facts the answer needs that stay visible),"
            + " beside the full context and plain truncation on the same token budget. It never claims accuracy.",
        "The openai driver runs a real model with the tools and without them and reports accuracy by each"
            + " benchmark's own grader, writing one JSON line per sample to --output and resuming from it.",
        "fix is a long-horizon task worked on with tools: a generated repository with a bug in each source file,"
            + " fixed file by file with read_file, apply_patch and run_tests, without and with branch and return;"
            + " it measures the context over the run and whether each file's outcome stays visible."})
final class EvalCommand implements Callable<Integer> {
  /** The step cap of the long-horizon fix task: enough for its largest default size. */
  static final int FIX_MAX_STEPS = 400;

  /** The functions in each source file of a fix task. */
  static final int FIX_FUNCTIONS = 8;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TASK", description = "pi-llm, needle, mrcr or fix (a long-horizon repair task"
      + " for the opt-in branch/return tools)")
  String task;

  @Option(names = "--sizes", split = ",", paramLabel = "N",
      description = "updates per key for pi-llm (default 4,8,16,32,64,128,256; the paper goes to 400); tokens for"
          + " needle (default 2000,8000,16000) and mrcr (default 2000,8000,16000), paper scale: 128000; source"
          + " files for fix (default 4,8,16)")
  List<Integer> sizes;

  @Option(names = "--keys", defaultValue = "46", description = "pi-llm: number of keys (default ${DEFAULT-VALUE},"
      + " as in the paper)")
  int keys;

  @Option(names = {"--needles", "--chain", "--identical"}, split = ",", paramLabel = "K",
      description = "needle: relation statements (default 2,3,4,5); mrcr: times the same request appears"
          + " (default 2,4,8)")
  List<Integer> needles;

  @Option(names = "--samples", defaultValue = "1", description = "tasks per configuration (default ${DEFAULT-VALUE})")
  int samples;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the task generator (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--input", paramLabel = "FILE", description = "read the tasks from a data set file in its own"
      + " shape (JSON array or JSON Lines: PI-LLM rows, openai/mrcr rows, NeedleBench rows) instead of generating them")
  Path input;

  @Option(names = "--limit", paramLabel = "N", description = "with --input: only the first N rows")
  Integer limit;

  @Option(names = "--export", paramLabel = "FILE", description = "write the generated tasks to FILE as JSON Lines in"
      + " the data set's own shape (what --input reads) and stop")
  Path export;

  @Option(names = "--max-steps", paramLabel = "N", description = "tool-calling steps per task (default 20, as in"
      + " the paper; fix: " + FIX_MAX_STEPS + ")")
  Integer maxSteps;

  @Option(names = "--driver", defaultValue = "offline", description = "offline (no model), openai (an"
      + " OpenAI-compatible Chat Completions endpoint) or anthropic (the Messages API) (default ${DEFAULT-VALUE})")
  String driver;

  @Mixin
  EndpointOptions endpoint;

  @Option(names = "--no-tools", description = "openai driver: run only the baseline, without tools")
  boolean noTools;

  @Option(names = "--concurrency", defaultValue = "1", paramLabel = "N", description = "tasks run at once (default"
      + " ${DEFAULT-VALUE}); each model call retries 429 and 5xx answers with backoff")
  int concurrency;

  @Option(names = "--max-attempts", defaultValue = "4", paramLabel = "N", description = "openai driver: attempts per"
      + " model call, with exponential backoff honouring Retry-After (default ${DEFAULT-VALUE})")
  int maxAttempts;

  @Option(names = "--output", paramLabel = "FILE", description = "append one JSON line per sample (id, model, answer,"
      + " score, steps, tool calls, token columns) and skip the samples FILE already holds for the model; the openai"
      + " driver writes eval-TASK-MODEL.jsonl by default")
  Path output;

  @Option(names = "--json", description = "print JSON instead of a table")
  boolean json;

  @Option(names = "--html", paramLabel = "FILE", description = "also write a self-contained HTML report: the table"
      + " and the paper's charts of score and context tokens against the size, one line per mode")
  Path html;

  @Override
  public Integer call() {
    EvalTask.Family family = EvalTask.Family.byCliName(task);
    if (family == null) {
      throw bad("unknown task '" + task + "'; expected pi-llm, needle, mrcr or fix");
    }
    boolean fix = family == EvalTask.Family.FIX;
    int steps = maxSteps != null ? maxSteps : fix ? FIX_MAX_STEPS : 20;
    EvalDriver chosen = EvalDriver.byCliName(driver);
    if (chosen == null) {
      throw bad("unknown driver '" + driver + "'; expected " + EvalDriver.names());
    }
    if (samples < 1) {
      throw bad("--samples must be 1 or more, got " + samples);
    }
    if (steps < 0) {
      throw bad("--max-steps must be 0 or more, got " + steps);
    }
    if (fix && (input != null || export != null || needles != null || noTools)) {
      throw bad("fix generates its repositories and needs its tools; it takes no --input, --export, --needles or"
          + " --no-tools");
    }
    if (keys < 1 || keys > TaskGenerator.MAX_KEYS) {
      throw bad("--keys must be from 1 to " + TaskGenerator.MAX_KEYS + " (the categories of the word lists), got "
          + keys);
    }
    if (concurrency < 1) {
      throw bad("--concurrency must be 1 or more, got " + concurrency);
    }
    if (maxAttempts < 1) {
      throw bad("--max-attempts must be 1 or more, got " + maxAttempts);
    }
    if (input != null && (sizes != null || needles != null || export != null)) {
      throw bad("--input reads the tasks from the file; it takes no --sizes, --needles or --export");
    }
    if (limit != null && (input == null || limit < 1)) {
      throw bad("--limit needs --input and must be >= 1");
    }
    if (chosen.offline() && noTools) {
      throw bad("--no-tools needs a model (--driver openai); the offline driver never claims accuracy");
    }
    if (!chosen.offline() && export == null) {
      endpoint.model(spec, "--driver " + chosen.cliName() + " needs --model");
    }
    List<EvalTask> tasks;
    String source;
    if (input != null) {
      tasks = Datasets.read(family, input);
      tasks = limit == null ? tasks : tasks.subList(0, Math.min(limit, tasks.size()));
      source = String.valueOf(input.getFileName());
    } else {
      tasks = Evaluation.generate(configs(family), samples, seed);
      source = "generated";
    }
    PrintWriter out = spec.commandLine().getOut();
    if (export != null) {
      Datasets.write(tasks, export);
      out.println("wrote " + tasks.size() + " " + family.cliName() + " tasks to " + export);
      out.flush();
      return 0;
    }
    Supplier<ChatModel> models;
    String modelName;
    switch (chosen) {
      case OFFLINE -> {
        models = fix ? ScriptedRepairAgent::new : ScriptedAgent::new;
        modelName = fix ? ScriptedRepairAgent.MODEL : ScriptedAgent.MODEL;
      }
      case OPENAI -> {
        OpenAiChatModel chat = endpoint.openAi(spec).maxAttempts(maxAttempts).build();
        models = () -> chat;
        modelName = endpoint.model;
      }
      case ANTHROPIC -> {
        AnthropicChatModel chat = endpoint.anthropic(spec).maxAttempts(maxAttempts).build();
        models = () -> chat;
        modelName = endpoint.model;
      }
      default -> throw new IllegalStateException("no chat model for driver " + chosen);
    }
    Path results = output;
    if (results == null && !chosen.offline()) {
      results = Path.of("eval-" + family.cliName() + "-" + modelName.replaceAll("[^A-Za-z0-9._-]", "_") + ".jsonl");
    }
    ResultsFile file = results == null ? null : ResultsFile.open(results);
    PrintWriter err = spec.commandLine().getErr();
    List<Evaluation.Row> rows = new Evaluation(steps, concurrency, line -> {
      synchronized (err) {
        err.println(line);
        err.flush();
      }
    }).run(tasks, fix ? Evaluation.fixModes(chosen) : chosen.modes(noTools), models, modelName, file);
    out.print(json ? Report.json(family, source, chosen.cliName(), modelName, rows) + "\n"
        : Report.table(family, source, chosen.cliName(), rows));
    out.flush();
    if (file != null) {
      err.println("results: " + file.path());
      err.flush();
    }
    if (html != null) {
      HtmlReport.write(htmlResults(family, source, chosen.cliName(), rows), html);
      err.println("report: " + html);
      err.flush();
    }
    return 0;
  }

  /** {@return the rows in the report's neutral shape: one line per mode in the charts, the variant beside it} */
  static EvalResults htmlResults(EvalTask.Family family, String source, String driver, List<Evaluation.Row> rows) {
    EvalResults.Builder results = EvalResults.builder("sculptor eval " + family.cliName())
        .description(family.cliName() + " (" + source + "), " + driver + " driver. Context tokens: the context the"
            + " model answers from (the paper's metric); prompt tokens: every call's prompt summed, tool schemas"
            + " included; uncached: what ideal prefix caching cannot serve.");
    for (Evaluation.Row r : rows) {
      results.row(EvalResults.Row.builder(family.cliName(), r.config().size(), r.mode().label())
          .sizeUnit(family.sizeUnit()).variant(family.variantName() + " " + r.config().variant())
          .score(r.mode().scoreName(), r.score()).samples(r.samples()).contextTokens(r.finalContext())
          .totalPromptTokens(r.prompt()).uncachedPromptTokens(r.uncachedPrompt()).build());
    }
    return results.build();
  }

  private ParameterException bad(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private List<Evaluation.Config> configs(EvalTask.Family family) {
    List<Integer> chosen = sizes != null ? sizes : switch (family) {
      case PI_LLM -> List.of(4, 8, 16, 32, 64, 128, 256);
      case NEEDLE, MRCR -> List.of(2000, 8000, 16000);
      case FIX -> List.of(4, 8, 16);
    };
    List<Integer> variants = switch (family) {
      case PI_LLM -> List.of(keys);
      case NEEDLE -> needles != null ? needles : List.of(2, 3, 4, 5);
      case MRCR -> needles != null ? needles : List.of(2, 4, 8);
      case FIX -> List.of(FIX_FUNCTIONS);
    };
    int most = switch (family) {
      case PI_LLM -> 400;
      case FIX -> Repository.MAX_FILES;
      case NEEDLE, MRCR -> 2_000_000;
    };
    int least = family == EvalTask.Family.PI_LLM || family == EvalTask.Family.FIX ? 1 : 1000;
    for (int size : chosen) {
      if (size < least || size > most) {
        throw bad("size " + size + " is out of range; " + family.cliName() + " takes " + least + " to " + most);
      }
    }
    for (int variant : family == EvalTask.Family.PI_LLM || family == EvalTask.Family.FIX ? List.<Integer>of()
        : variants) {
      if (variant < 1 || variant > 20) {
        throw bad("needles must be 1 to 20, got " + variant);
      }
    }
    List<Evaluation.Config> configs = new ArrayList<>();
    for (int size : chosen) {
      for (int variant : variants) {
        configs.add(new Evaluation.Config(family, size, variant));
      }
    }
    return configs;
  }
}
