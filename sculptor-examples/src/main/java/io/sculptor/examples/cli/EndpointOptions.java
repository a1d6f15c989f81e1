package io.sculptor.examples.cli;

import io.sculptor.openai.OpenAiChatModel;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options that point a command at an OpenAI-compatible endpoint: {@code --base-url},
 * {@code --model} and {@code --api-key-env}, as the openai driver of {@code eval} takes them.
 */
final class EndpointOptions {
  @Option(names = "--base-url", defaultValue = OpenAiChatModel.DEFAULT_BASE_URL, paramLabel = "URL",
      description = "the endpoint of the model (default ${DEFAULT-VALUE})")
  String baseUrl;

  @Option(names = "--model", paramLabel = "NAME", description = "the model's name at the endpoint")
  String model;

  @Option(names = "--api-key-env", defaultValue = OpenAiChatModel.DEFAULT_API_KEY_VARIABLE, paramLabel = "VARIABLE",
      description = "the environment variable holding the API key; when it is unset no key is sent"
          + " (default ${DEFAULT-VALUE})")
  String apiKeyEnv;

  /**
   * {@return the model these options name}
   *
   * @param spec the command, for the error when {@code --model} is missing
   * @param purpose what needs the model, e.g. {@code --summarizer model}
   */
  OpenAiChatModel chatModel(CommandSpec spec, String purpose) {
    if (model == null || model.isBlank()) {
      throw new ParameterException(spec.commandLine(), purpose + " needs --model (and --base-url unless it is "
          + OpenAiChatModel.DEFAULT_BASE_URL + ")");
    }
    OpenAiChatModel.Builder builder;
    try {
      builder = OpenAiChatModel.builder().baseUrl(baseUrl).model(model);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--base-url: " + e.getMessage());
    }
    String key = System.getenv(apiKeyEnv);
    return key == null || key.isBlank() ? builder.noApiKey().build() : builder.apiKeyFromEnvironment(apiKeyEnv).build();
  }

  /** {@return whether any of these options was given on the command line} */
  boolean given(CommandSpec spec) {
    return spec.commandLine().getParseResult().hasMatchedOption("--model")
        || spec.commandLine().getParseResult().hasMatchedOption("--base-url")
        || spec.commandLine().getParseResult().hasMatchedOption("--api-key-env");
  }
}
