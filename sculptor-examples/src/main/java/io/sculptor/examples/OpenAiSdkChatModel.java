package io.sculptor.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.openai.ChatCompletionsFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sculptor on top of the official {@code openai-java} SDK: a {@link ChatModel} that sends the
 * view and the Sculptor tools through an {@link OpenAIClient} the application already has.
 *
 * <p>The request body is written by {@link ChatCompletionsFormat}, so messages keep every field
 * the SDK's typed builders would not know, and handed to the SDK as its body; the SDK's response
 * is read back as JSON. Retries, timeouts and credentials stay the SDK's.
 */
public final class OpenAiSdkChatModel implements ChatModel {
  private final OpenAIClient client;
  private final String model;

  /**
   * Creates the model.
   *
   * @param client the application's SDK client
   * @param model the model name, e.g. {@code gpt-4o-mini}
   */
  public OpenAiSdkChatModel(OpenAIClient client, String model) {
    this.client = Objects.requireNonNull(client, "client");
    this.model = Objects.requireNonNull(model, "model");
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    ObjectNode body = ChatCompletionsFormat.request(model, request, ObjectMappers.jsonMapper().createObjectNode());
    Map<String, JsonValue> fields = new LinkedHashMap<>();
    body.properties().forEach(f -> fields.put(f.getKey(), JsonValue.fromJsonNode(f.getValue())));
    // The typed builder needs messages; the raw body fields written above replace them.
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
        .model(model)
        .messages(List.of())
        .additionalBodyProperties(fields)
        .build();
    ChatCompletion completion = client.chat().completions().create(params);
    JsonNode json = ObjectMappers.jsonMapper().valueToTree(completion);
    return ChatCompletionsFormat.response(json);
  }

  @Override
  public String toString() {
    return "OpenAiSdkChatModel[" + model + "]";
  }
}
