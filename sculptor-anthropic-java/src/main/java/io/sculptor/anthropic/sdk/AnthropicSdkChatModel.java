package io.sculptor.anthropic.sdk;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.ObjectMappers;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.anthropic.AnthropicFormatException;
import io.sculptor.anthropic.MessagesFormat;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ContextLengthExceededException;
import io.sculptor.model.ProviderError;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link ChatModel} over an application's {@link AnthropicClient} (the official
 * {@code com.anthropic:anthropic-java} SDK): each request is written by {@link MessagesFormat},
 * read into the SDK's own {@link MessageCreateParams} by the SDK's own JSON mapper — so every block
 * Sculptor keeps (thinking signatures, server tool blocks, unknown fields) reaches the API as it
 * would over {@code AnthropicChatModel} — and sent with the client's own HTTP stack, retries,
 * credentials and base URL. The answer is read back through the same mapper.
 *
 * <p>Failures are {@link ChatModelException}s: the SDK's service errors keep their HTTP status,
 * error type and request id ({@link ProviderError}); "prompt is too long" is a
 * {@link ContextLengthExceededException}; I/O failures are {@link ChatModelException.Kind#CONNECTION}.
 * Retries are the client's ({@code maxRetries}), not this class's.
 *
 * <p>Immutable and thread-safe (the SDK's clients are).
 *
 * @since 0.1
 */
public final class AnthropicSdkChatModel implements ChatModel {
  /** The {@code max_tokens} sent when none is chosen, as {@code AnthropicChatModel} does. */
  public static final int DEFAULT_MAX_TOKENS = 4096;

  private static final JsonMapper MAPPER = ObjectMappers.jsonMapper();

  private final AnthropicClient client;
  private final String model;
  private final int maxTokens;

  private AnthropicSdkChatModel(AnthropicClient client, String model, int maxTokens) {
    this.client = client;
    this.model = model;
    this.maxTokens = maxTokens;
  }

  /**
   * {@return a model that calls {@code model} (e.g. {@code claude-sonnet-4-5}) through
   * {@code client}, with {@value #DEFAULT_MAX_TOKENS} {@code max_tokens}}
   *
   * @throws IllegalArgumentException if {@code model} is blank
   */
  public static AnthropicSdkChatModel of(AnthropicClient client, String model) {
    return of(client, model, DEFAULT_MAX_TOKENS);
  }

  /**
   * {@return a model that calls {@code model} through {@code client} with this {@code max_tokens}}
   *
   * @throws IllegalArgumentException if {@code model} is blank or {@code maxTokens} is below 1
   */
  public static AnthropicSdkChatModel of(AnthropicClient client, String model, int maxTokens) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank, got [" + model + "]");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be at least 1, got [" + maxTokens + "]");
    }
    return new AnthropicSdkChatModel(client, model, maxTokens);
  }

  /** {@return the model name sent with each request} */
  public String model() {
    return model;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    MessageCreateParams params = params(body(request));
    Message message;
    try {
      message = client.messages().create(params);
    } catch (AnthropicServiceException e) {
      throw translate(e);
    } catch (AnthropicIoException e) {
      throw new ChatModelException(ChatModelException.Kind.CONNECTION,
          "the SDK could not reach the API [" + e.getMessage() + "]", e);
    }
    try {
      return MessagesFormat.response(MAPPER.valueToTree(message));
    } catch (AnthropicFormatException e) {
      throw new ChatModelException(ChatModelException.Kind.INVALID_RESPONSE,
          "the SDK returned a message this library cannot read: " + e.getMessage(), e);
    }
  }

  /** {@return the Messages API body this model sends for {@code request}} */
  ObjectNode body(ChatRequest request) {
    return MessagesFormat.request(model, request, MAPPER.createObjectNode().put("max_tokens", maxTokens));
  }

  /** {@return the SDK's params for {@code body}: its typed body, read by its own mapper} */
  static MessageCreateParams params(ObjectNode body) {
    return MessageCreateParams.builder().body(MAPPER.convertValue(body, MessageCreateParams.Body.class)).build();
  }

  private static ChatModelException translate(AnthropicServiceException e) {
    int status = e.statusCode();
    ProviderError error = ProviderError.of(status);
    String type = e.type().map(Object::toString).orElse(null);
    if (type != null) {
      error = error.withType(type);
    }
    String text = e.apiMessage().orElse(e.getMessage());
    if (text != null) {
      error = error.withMessage(text);
    }
    if (e.requestId().isPresent()) {
      error = error.withRequestId(e.requestId().get());
    }
    String message = String.format(Locale.ROOT, "the SDK's request failed with HTTP [%d]%s: %s", status,
        type == null ? "" : " (" + type + ")", text);
    if (status == 400 && text != null && text.toLowerCase(Locale.ROOT).contains("prompt is too long")) {
      return new ContextLengthExceededException(message, error);
    }
    return new ChatModelException(ChatModelException.Kind.forHttpStatus(status), message, error, e);
  }

  @Override
  public String toString() {
    return "AnthropicSdkChatModel[" + model + "]";
  }
}
