package io.sculptor.anthropic.sdk;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.ObjectMappers;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.ErrorType;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.anthropic.AnthropicChatModel;
import io.sculptor.anthropic.AnthropicFormatException;
import io.sculptor.anthropic.MessagesFormat;
import io.sculptor.anthropic.PromptCaching;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ContextLengthExceededException;
import io.sculptor.model.ProviderError;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link ChatModel} that sends Messages API requests through an {@link AnthropicClient} the
 * application already has, so the SDK keeps its own credentials, retries, timeouts and HTTP client.
 *
 * <p>The body is written by {@link MessagesFormat} — every block of a conversation read from the
 * API goes back as it came, thinking signatures included — and gets its {@code cache_control}
 * breakpoints from a {@link PromptCaching} ({@linkplain PromptCaching#cacheAware() cache-aware} by
 * default); the SDK's own JSON mapper reads it into the SDK's {@link MessageCreateParams.Body}, so
 * the SDK sends the same JSON that {@link AnthropicChatModel} sends for the same request. The SDK's
 * {@link Message} is read back as JSON by {@link MessagesFormat#response}. A failure of the SDK
 * (after its own retries) is a {@link ChatModelException} with the API's error type and request id;
 * "prompt is too long" is a {@link ContextLengthExceededException}.
 *
 * <p>Immutable; thread-safe if the client is.
 *
 * @since 0.1
 */
public final class AnthropicSdkChatModel implements ChatModel {
  private static final JsonMapper MAPPER = ObjectMappers.jsonMapper();

  private final AnthropicClient client;
  private final String model;
  private final int maxTokens;
  private final PromptCaching caching;

  private AnthropicSdkChatModel(AnthropicClient client, String model, int maxTokens, PromptCaching caching) {
    this.client = client;
    this.model = model;
    this.maxTokens = maxTokens;
    this.caching = caching;
  }

  /**
   * {@return a model that calls {@code model} (e.g. {@code claude-sonnet-4-5}) through
   * {@code client}}, with {@value AnthropicChatModel#DEFAULT_MAX_TOKENS} {@code max_tokens} and
   * cache-aware breakpoints
   *
   * @throws IllegalArgumentException if {@code model} is blank
   */
  public static AnthropicSdkChatModel of(AnthropicClient client, String model) {
    Objects.requireNonNull(client, "client");
    if (Objects.requireNonNull(model, "model").isBlank()) {
      throw new IllegalArgumentException("model must not be blank, got [" + model + "]");
    }
    return new AnthropicSdkChatModel(client, model, AnthropicChatModel.DEFAULT_MAX_TOKENS, PromptCaching.cacheAware());
  }

  /**
   * {@return this model with {@code max_tokens} set to {@code tokens}}
   *
   * @throws IllegalArgumentException if {@code tokens} is less than 1
   */
  public AnthropicSdkChatModel withMaxTokens(int tokens) {
    if (tokens < 1) {
      throw new IllegalArgumentException("maxTokens must be at least 1, got [" + tokens + "]");
    }
    return new AnthropicSdkChatModel(client, model, tokens, caching);
  }

  /** {@return this model placing its cache breakpoints as {@code value} says} */
  public AnthropicSdkChatModel withPromptCaching(PromptCaching value) {
    return new AnthropicSdkChatModel(client, model, maxTokens, Objects.requireNonNull(value, "value"));
  }

  /** {@return the model name sent with each request} */
  public String model() {
    return model;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    ObjectNode body = MessagesFormat.request(model, request, MAPPER.createObjectNode().put("max_tokens", maxTokens));
    PromptCaching.Placement placement = caching.place(body);
    MessageCreateParams params = params(body);
    HttpResponseFor<Message> response;
    Message message;
    try {
      response = client.messages().withRawResponse().create(params);
      message = response.parse();
    } catch (AnthropicServiceException e) {
      throw translate(e);
    } catch (AnthropicIoException e) {
      throw new ChatModelException(ChatModelException.Kind.CONNECTION,
          "the SDK could not reach the API [" + e.getMessage() + "]", e);
    } catch (RuntimeException e) {
      throw new ChatModelException(ChatModelException.Kind.INVALID_RESPONSE,
          "the SDK failed [" + e.getClass().getSimpleName() + ": " + e.getMessage() + "]", e);
    }
    ChatResponse chat;
    try {
      chat = MessagesFormat.response(MAPPER.valueToTree(message));
    } catch (AnthropicFormatException e) {
      throw new ChatModelException(ChatModelException.Kind.INVALID_RESPONSE,
          "the SDK returned a message this library cannot read: " + e.getMessage(), e);
    }
    placement.commit();
    List<String> requestId = response.headers().values("request-id");
    return requestId.isEmpty() ? chat : chat.toBuilder().requestId(requestId.get(0)).build();
  }

  /** {@return the SDK's params for {@code body}: its typed body, read by its own mapper} */
  static MessageCreateParams params(ObjectNode body) {
    return MessageCreateParams.builder().body(MAPPER.convertValue(body, MessageCreateParams.Body.class)).build();
  }

  static ChatModelException translate(AnthropicServiceException e) {
    int status = e.statusCode();
    String type = e.type().map(ErrorType::asString).orElse(null);
    String said = e.apiMessage().orElse(e.getMessage());
    ProviderError error = ProviderError.of(status).withType(type).withMessage(said)
        .withRequestId(e.requestId().orElse(null));
    String message = String.format(Locale.ROOT, "the SDK's request failed with HTTP [%d]%s: %s", status,
        type == null ? "" : " type [" + type + "]", said);
    if (said != null && (said.contains("prompt is too long") || said.contains("exceed context limit"))) {
      return new ContextLengthExceededException(message, error);
    }
    ChatModelException.Kind kind = status == 401 || status == 403 ? ChatModelException.Kind.AUTHENTICATION
        : status == 429 ? ChatModelException.Kind.RATE_LIMITED
        : status >= 500 ? ChatModelException.Kind.SERVER_ERROR
        : ChatModelException.Kind.BAD_REQUEST;
    return new ChatModelException(kind, message, error, e);
  }

  @Override
  public String toString() {
    return "AnthropicSdkChatModel[" + model + ", maxTokens=" + maxTokens + ", " + caching + "]";
  }
}
