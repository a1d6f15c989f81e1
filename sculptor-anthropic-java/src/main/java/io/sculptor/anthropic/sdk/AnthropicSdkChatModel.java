package io.sculptor.anthropic.sdk;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.ObjectMappers;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.ErrorType;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
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
import io.sculptor.model.ChatStreamListener;
import io.sculptor.model.ContextLengthExceededException;
import io.sculptor.model.ProviderError;
import io.sculptor.model.StreamingChatModel;
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
 * <p>It streams ({@link StreamingChatModel}): {@link #chat(ChatRequest, ChatStreamListener)} sends
 * through the SDK's {@code createStreaming}, so {@code ContextAgent.run(state, listener)} streams
 * over the application's client as over {@link AnthropicChatModel}.
 *
 * <p>Immutable; thread-safe if the client is.
 *
 * @since 0.1
 */
public final class AnthropicSdkChatModel implements StreamingChatModel {
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
    ObjectNode body = body(request);
    PromptCaching.Placement placement = caching.place(body);
    HttpResponseFor<Message> response;
    Message message;
    try {
      response = client.messages().withRawResponse().create(params(body));
      message = response.parse();
    } catch (RuntimeException e) {
      throw failure(e);
    }
    ChatResponse chat = read(message);
    placement.commit();
    return withRequestId(chat, response.headers().values("request-id"));
  }

  /**
   * Streams the answer through the SDK's {@code createStreaming}: hands the text, the thinking and
   * each {@code tool_use} block's start to {@code listener} as the SDK reads the events, on this
   * thread, and returns the message the SDK's own {@link MessageAccumulator} assembles of them, read
   * as {@link #chat(ChatRequest)} reads a whole one — the same answer for the same events.
   *
   * @throws ChatModelException when the SDK's request fails, the API sends an {@code error} event,
   *     or the stream ends before the message is whole; what {@code listener} throws ends the call
   *     as it is
   */
  @Override
  public ChatResponse chat(ChatRequest request, ChatStreamListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    ObjectNode body = body(request);
    PromptCaching.Placement placement = caching.place(body);
    MessageAccumulator accumulator = MessageAccumulator.create();
    List<String> requestId;
    try (HttpResponseFor<StreamResponse<RawMessageStreamEvent>> response =
        client.messages().withRawResponse().createStreaming(params(body));
        StreamResponse<RawMessageStreamEvent> events = response.parse()) {
      requestId = response.headers().values("request-id");
      events.stream().forEach(event -> {
        accumulator.accumulate(event);
        try {
          forward(event, listener);
        } catch (RuntimeException e) {
          throw new ListenerFailure(e);
        }
      });
    } catch (ListenerFailure e) {
      throw (RuntimeException) e.getCause();
    } catch (RuntimeException e) {
      throw failure(e);
    }
    Message message;
    try {
      message = accumulator.message();
    } catch (RuntimeException e) {
      throw new ChatModelException(ChatModelException.Kind.INVALID_RESPONSE,
          "the SDK's stream ended before the message was whole [" + e.getMessage() + "]", e);
    }
    ChatResponse chat = read(message);
    placement.commit();
    return withRequestId(chat, requestId);
  }

  /** Hands a streamed event's text, thinking or tool call start to the listener. */
  private static void forward(RawMessageStreamEvent event, ChatStreamListener listener) {
    event.contentBlockDelta().ifPresent(delta -> {
      delta.delta().text().ifPresent(text -> listener.onText(text.text()));
      delta.delta().thinking().ifPresent(thinking -> listener.onReasoning(thinking.thinking()));
    });
    event.contentBlockStart().flatMap(start -> start.contentBlock().toolUse())
        .ifPresent(use -> listener.onToolCall(use.id(), use.name()));
  }

  /** What a listener threw, carried out of the SDK's stream unchanged. */
  private static final class ListenerFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ListenerFailure(RuntimeException cause) {
      super(cause);
    }
  }

  private ObjectNode body(ChatRequest request) {
    return MessagesFormat.request(model, request, MAPPER.createObjectNode().put("max_tokens", maxTokens));
  }

  private static ChatResponse read(Message message) {
    try {
      return MessagesFormat.response(MAPPER.valueToTree(message));
    } catch (AnthropicFormatException e) {
      throw new ChatModelException(ChatModelException.Kind.INVALID_RESPONSE,
          "the SDK returned a message this library cannot read: " + e.getMessage(), e);
    }
  }

  private static ChatResponse withRequestId(ChatResponse chat, List<String> requestId) {
    return requestId.isEmpty() ? chat : chat.toBuilder().requestId(requestId.get(0)).build();
  }

  /** {@return the SDK's failure as the {@link ChatModelException} the ChatModel SPI promises} */
  private static ChatModelException failure(RuntimeException e) {
    if (e instanceof AnthropicServiceException service) {
      return translate(service);
    }
    if (e instanceof AnthropicIoException) {
      return new ChatModelException(ChatModelException.Kind.CONNECTION,
          "the SDK could not reach the API [" + e.getMessage() + "]", e);
    }
    return new ChatModelException(ChatModelException.Kind.INVALID_RESPONSE,
        "the SDK failed [" + e.getClass().getSimpleName() + ": " + e.getMessage() + "]", e);
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
    // An error event inside a stream that began with HTTP 200 is known by its type.
    int effective = status >= 400 || type == null ? status : switch (type) {
      case "overloaded_error" -> 529;
      case "api_error" -> 500;
      case "rate_limit_error" -> 429;
      case "authentication_error" -> 401;
      case "permission_error" -> 403;
      default -> 400;
    };
    ChatModelException.Kind kind = effective == 401 || effective == 403 ? ChatModelException.Kind.AUTHENTICATION
        : effective == 429 ? ChatModelException.Kind.RATE_LIMITED
        : effective >= 500 ? ChatModelException.Kind.SERVER_ERROR
        : ChatModelException.Kind.BAD_REQUEST;
    return new ChatModelException(kind, message, error, e);
  }

  @Override
  public String toString() {
    return "AnthropicSdkChatModel[" + model + ", maxTokens=" + maxTokens + ", " + caching + "]";
  }
}
