package io.sculptor.examples.cli;

import io.sculptor.anthropic.AnthropicChatModel;
import io.sculptor.openai.OpenAiChatModel;
import java.util.ListResourceBundle;

/**
 * The help texts {@code eval} gives the {@link EndpointOptions}: they apply to its model drivers,
 * whose defaults are the driver's provider's. Picocli reads them as the command's resource bundle,
 * by the options' {@code descriptionKey}s.
 */
final class EvalCommandHelp extends ListResourceBundle {
  /** Creates the bundle; {@link java.util.ResourceBundle} instantiates it by its public constructor. */
  public EvalCommandHelp() {}

  @Override
  protected Object[][] getContents() {
    return new Object[][] {
        {"endpoint.base-url", "openai/anthropic driver: endpoint (default " + OpenAiChatModel.DEFAULT_BASE_URL + " or "
            + AnthropicChatModel.DEFAULT_BASE_URL + ")"},
        {"endpoint.model", "openai/anthropic driver: model name (required with a model driver)"},
        {"endpoint.api-key-env", "openai/anthropic driver: environment variable holding the API key; when it is"
            + " unset no key is sent (default " + OpenAiChatModel.DEFAULT_API_KEY_VARIABLE + " or "
            + AnthropicChatModel.DEFAULT_API_KEY_VARIABLE + ")"},
    };
  }
}
