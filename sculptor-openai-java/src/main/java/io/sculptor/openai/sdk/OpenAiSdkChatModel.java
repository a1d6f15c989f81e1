package io.sculptor.openai.sdk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.errors.OpenAIException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.openai.ChatCompletionsFormat;
import io.sculptor.openai.OpenAiChatModel;
import io.sculptor.openai.WireFormatException;
import io.sculptor.openai.sdk.internal.SdkJson;
import java.util.Objects;

/**
 * A {@link ChatModel} that sends Chat Completions requests through an {@link OpenAIClient} the
 * application already has, so the SDK keeps its own retries, timeouts, credentials and HTTP
 * client.
 *
 * <p>The request body is written by {@link ChatCompletionsFormat} (messages keep every field the
 * SDK's typed builders would not know) and read into the SDK's
 * {@link ChatCompletionCreateParams.Body} by the SDK's own JSON mapper; the SDK then sends the
 * same JSON, each key once, as {@link OpenAiChatModel} sends for the same request. The SDK's
 * {@link ChatCompletion} is read back as JSON. A failure of the SDK is reported as a
 * {@link ChatModelException} (after the SDK's own retries).
 *
 * <p>Immutable, thread-safe if the client is.
 *
 * @since 0.1
 */
public final class OpenAiSdkChatModel implements ChatModel {
  private final OpenAIClient client;
  private final String model;

  private OpenAiSdkChatModel(OpenAIClient client, String model) {
    this.client = client;
    this.model = model;
  }

  /**
   * {@return a model that calls {@code model} (e.g. {@code gpt-4o-mini}) through {@code client}}
   *
   * @throws IllegalArgumentException if {@code model} is blank
   */
  public static OpenAiSdkChatModel of(OpenAIClient client, String model) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank, got [" + model + "]");
    }
    return new OpenAiSdkChatModel(client, model);
  }

  /** {@return the model name sent with each request} */
  public String model() {
    return model;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    ChatCompletionCreateParams params = params(ChatCompletionsFormat.request(model, request, SdkJson.object()));
    ChatCompletion completion;
    try {
      completion = client.chat().completions().create(params);
    } catch (OpenAIException e) {
      throw SdkJson.translate(e);
    }
    try {
      return ChatCompletionsFormat.response(SdkJson.toTree(completion));
    } catch (WireFormatException e) {
      throw new ChatModelException(ChatModelException.Kind.INVALID_RESPONSE,
          "the SDK returned a completion this library cannot read: " + e.getMessage(), e);
    }
  }

  /** {@return the SDK's params for {@code body}: its typed body, read by its own mapper} */
  static ChatCompletionCreateParams params(ObjectNode body) {
    return ChatCompletionCreateParams.builder()
        .body(SdkJson.fromTree(body, ChatCompletionCreateParams.Body.class))
        .build();
  }

  @Override
  public String toString() {
    return "OpenAiSdkChatModel[" + model + "]";
  }
}
