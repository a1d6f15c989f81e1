package io.sculptor.examples.cli;

import io.sculptor.examples.eval.EvalTask;
import io.sculptor.examples.eval.Evaluation;
import io.sculptor.examples.eval.OfflineDriver;
import io.sculptor.examples.eval.Report;
import io.sculptor.model.ChatModel;
import io.sculptor.openai.OpenAiChatModel;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sculptor eval}: runs generated long-context tasks with and without the tools. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Evaluate active context management on generated long-context tasks in the paper's formats.",
        "The offline driver (default) needs no model: it follows the paper's tool strategies through the real"
            + " tool-call protocol and reports retention and context reduction, never accuracy.",
        "The openai driver runs a real model with the tools and without them (the baseline) and reports accuracy."})
final class EvalCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TASK", description = "pi-llm, needle or mrcr")
  String task;

  @Option(names = "--sizes", split = ",", paramLabel = "N",
      description = "updates per key for pi-llm (default 4,8,16,32,64,128,256); tokens for needle (default"
          + " 1000,2000,16000) and mrcr (default 2000,8000,16000)")
  List<Integer> sizes;

  @Option(names = "--keys", defaultValue = "46", description = "pi-llm: number of keys (default ${DEFAULT-VALUE})")
  int keys;

  @Option(names = "--chain", split = ",", paramLabel = "K", description = "needle: statements in the chain (default 2,3,4,5)")
  List<Integer> chain;

  @Option(names = "--identical", split = ",", paramLabel = "N", description = "mrcr: identical requests (default 2,4,8)")
  List<Integer> identical;

  @Option(names = "--samples", defaultValue = "1", description = "tasks per configuration (default ${DEFAULT-VALUE})")
  int samples;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the task generator (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--max-steps", defaultValue = "20", description = "tool-calling steps per task (default ${DEFAULT-VALUE}, as in the paper)")
  int maxSteps;

  @Option(names = "--driver", defaultValue = "offline", description = "offline (no model) or openai (default ${DEFAULT-VALUE})")
  String driver;

  @Option(names = "--base-url", defaultValue = OpenAiChatModel.DEFAULT_BASE_URL, description = "openai driver: endpoint (default ${DEFAULT-VALUE})")
  String baseUrl;

  @Option(names = "--model", description = "openai driver: model name (required with --driver openai)")
  String model;

  @Option(names = "--api-key-env", defaultValue = OpenAiChatModel.DEFAULT_API_KEY_VARIABLE,
      description = "openai driver: environment variable holding the API key; when it is unset no key is sent"
          + " (default ${DEFAULT-VALUE})")
  String apiKeyEnv;

  @Option(names = "--no-tools", description = "openai driver: run only the baseline, without tools")
  boolean noTools;

  @Option(names = "--json", description = "print JSON instead of a table")
  boolean json;

  @Override
  public Integer call() {
    EvalTask.Family family = switch (task) {
      case "pi-llm" -> EvalTask.Family.PI_LLM;
      case "needle" -> EvalTask.Family.NEEDLE;
      case "mrcr" -> EvalTask.Family.MRCR;
      default -> throw new ParameterException(spec.commandLine(), "unknown task '" + task
          + "'; expected pi-llm, needle or mrcr");
    };
    if (samples < 1) {
      throw new ParameterException(spec.commandLine(), "--samples must be 1 or more, got " + samples);
    }
    if (maxSteps < 0) {
      throw new ParameterException(spec.commandLine(), "--max-steps must be 0 or more, got " + maxSteps);
    }
    if (keys < 1 || keys > 60) {
      throw new ParameterException(spec.commandLine(), "--keys must be from 1 to 60, got " + keys);
    }
    List<Evaluation.Config> configs = configs(family);
    List<Evaluation.Mode> modes;
    java.util.function.Function<EvalTask.Family, ChatModel> models;
    switch (driver) {
      case "offline" -> {
        if (noTools) {
          throw new ParameterException(spec.commandLine(),
              "--no-tools needs a model (--driver openai); the offline driver never claims accuracy");
        }
        modes = List.of(Evaluation.Mode.OFFLINE);
        models = f -> new OfflineDriver();
      }
      case "openai" -> {
        if (model == null) {
          throw new ParameterException(spec.commandLine(), "--driver openai needs --model");
        }
        OpenAiChatModel.Builder builder = OpenAiChatModel.builder().baseUrl(baseUrl).model(model);
        String key = System.getenv(apiKeyEnv);
        OpenAiChatModel chat = key == null || key.isBlank() ? builder.noApiKey().build()
            : builder.apiKeyFromEnvironment(apiKeyEnv).build();
        modes = noTools ? List.of(Evaluation.Mode.NO_TOOLS) : List.of(Evaluation.Mode.TOOLS, Evaluation.Mode.NO_TOOLS);
        models = f -> chat;
      }
      default -> throw new ParameterException(spec.commandLine(), "unknown driver '" + driver
          + "'; expected offline or openai");
    }
    PrintWriter err = spec.commandLine().getErr();
    List<Evaluation.Row> rows = new Evaluation(samples, seed, maxSteps, line -> {
      err.println(line);
      err.flush();
    }).run(configs, modes, models);
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? Report.json(family, driver, rows) + "\n" : Report.table(family, driver, rows));
    out.flush();
    return 0;
  }

  private List<Evaluation.Config> configs(EvalTask.Family family) {
    List<Integer> chosen = sizes != null ? sizes : switch (family) {
      case PI_LLM -> List.of(4, 8, 16, 32, 64, 128, 256);
      case NEEDLE -> List.of(1000, 2000, 16000);
      case MRCR -> List.of(2000, 8000, 16000);
    };
    List<Integer> variants = switch (family) {
      case PI_LLM -> List.of(keys);
      case NEEDLE -> chain != null ? chain : List.of(2, 3, 4, 5);
      case MRCR -> identical != null ? identical : List.of(2, 4, 8);
    };
    for (int size : chosen) {
      int minimum = family == EvalTask.Family.PI_LLM ? 1 : 500;
      if (size < minimum) {
        throw new ParameterException(spec.commandLine(), "size " + size + " is too small; the least is " + minimum);
      }
    }
    for (int variant : family == EvalTask.Family.PI_LLM ? List.<Integer>of() : variants) {
      if (variant < 1 || variant > 20) {
        throw new ParameterException(spec.commandLine(), "chain length or identical requests must be 1 to 20, got "
            + variant);
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
