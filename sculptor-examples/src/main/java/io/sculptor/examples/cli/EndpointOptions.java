package io.sculptor.examples.cli;

import io.sculptor.anthropic.AnthropicChatModel;
import io.sculptor.openai.OpenAiChatModel;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options that point a command at a model endpoint, {@code --base-url}, {@code --model} and
 * {@code --api-key-env}, and the chat models they name: the mixin of {@code compact} (its model
 * summarizer) and {@code eval} (its model drivers).
 *
 * <p>An option not given is null, and the provider's default applies: its base URL and the
 * variable of its key ({@link OpenAiChatModel} or {@link AnthropicChatModel}). The help texts below
 * are {@code compact}'s, where the provider is always OpenAI's; a command whose options mean more
 * gives its own texts under the {@code descriptionKey}s in its resource bundle, as {@code eval}
 * does in {@link EvalCommandHelp}.
 */
final class EndpointOptions {
  @Option(names = "--base-url", paramLabel = "URL", descriptionKey = "endpoint.base-url",
      description = "the endpoint of the model (default " + OpenAiChatModel.DEFAULT_BASE_URL + ")")
  String baseUrl;

  @Option(names = "--model", paramLabel = "NAME", descriptionKey = "endpoint.model",
      description = "the model's name at the endpoint")
  String model;

  @Option(names = "--api-key-env", paramLabel = "VARIABLE", descriptionKey = "endpoint.api-key-env",
      description = "the environment variable holding the API key; when it is unset no key is sent (default "
          + OpenAiChatModel.DEFAULT_API_KEY_VARIABLE + ")")
  String apiKeyEnv;

  /** {@return whether any of these options was given on the command line} */
  boolean given() {
    return baseUrl != null || model != null || apiKeyEnv != null;
  }

  /**
   * {@return the model's name}
   *
   * @param spec the command, for the error
   * @param missing the error when {@code --model} was not given
   */
  String model(CommandSpec spec, String missing) {
    if (model == null || model.isBlank()) {
      throw new ParameterException(spec.commandLine(), missing);
    }
    return model;
  }

  /** {@return the base URL given, or {@code providerDefault}} */
  String baseUrl(String providerDefault) {
    return baseUrl != null ? baseUrl : providerDefault;
  }

  /**
   * {@return a builder of the OpenAI-compatible model these options name}: base URL, model and key
   * set; the key is read from the variable when it is set, and none is sent otherwise. The command
   * checks first that {@code --model} was given ({@link #model(CommandSpec, String)}).
   *
   * @param spec the command, for the error of a bad {@code --base-url}
   */
  OpenAiChatModel.Builder openAi(CommandSpec spec) {
    OpenAiChatModel.Builder builder = OpenAiChatModel.builder().model(model);
    setBaseUrl(spec, builder::baseUrl, OpenAiChatModel.DEFAULT_BASE_URL);
    String variable = keyVariable(OpenAiChatModel.DEFAULT_API_KEY_VARIABLE);
    return isSet(variable) ? builder.apiKeyFromEnvironment(variable) : builder.noApiKey();
  }

  /**
   * {@return a builder of the Anthropic Messages model these options name}, as {@link #openAi}
   *
   * @param spec the command, for the error of a bad {@code --base-url}
   */
  AnthropicChatModel.Builder anthropic(CommandSpec spec) {
    AnthropicChatModel.Builder builder = AnthropicChatModel.builder().model(model);
    setBaseUrl(spec, builder::baseUrl, AnthropicChatModel.DEFAULT_BASE_URL);
    String variable = keyVariable(AnthropicChatModel.DEFAULT_API_KEY_VARIABLE);
    return isSet(variable) ? builder.apiKeyFromEnvironment(variable) : builder.noApiKey();
  }

  private String keyVariable(String providerDefault) {
    return apiKeyEnv != null ? apiKeyEnv : providerDefault;
  }

  private static boolean isSet(String variable) {
    String key = System.getenv(variable);
    return key != null && !key.isBlank();
  }

  /** Sets the base URL given, or {@code providerDefault}; a URL the builder refuses is a usage error. */
  private void setBaseUrl(CommandSpec spec, Consumer<String> setter, String providerDefault) {
    try {
      setter.accept(baseUrl(providerDefault));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--base-url: " + e.getMessage());
    }
  }
}
