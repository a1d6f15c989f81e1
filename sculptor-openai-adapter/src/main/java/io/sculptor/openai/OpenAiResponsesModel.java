package io.sculptor.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ChatStreamListener;
import io.sculptor.model.StreamingChatModel;
import io.sculptor.openai.internal.Json;
import io.sculptor.openai.internal.OpenAiHttp;
import io.sculptor.openai.internal.ResponseEvents;
import io.sculptor.openai.internal.SseEvents;
import java.net.URI;
import java.util.Objects;

/**
 * A {@link StreamingChatModel} on the OpenAI Responses API ({@code POST {baseUrl}/responses}),
 * with the same HTTP behaviour as {@link OpenAiChatModel}: retries with full jitter on 429,
 * 500–504, connection failures and timeouts, honouring {@code Retry-After}; typed
 * {@link ChatModelException}s with the provider's status, type, code, message and request id;
 * per-attempt time and size limits; the API key never shown. See {@link OpenAiHttpBuilder} for the
 * settings.
 *
 * <p>Every request carries the whole view as {@code input} ({@link ResponsesFormat}), and never
 * {@code previous_response_id}: Sculptor changes what the model sees (it folds, summarizes and
 * restores earlier messages), so the server's copy of an earlier response would hold what the view
 * no longer shows, and the model would see both. The reasoning items of a response are kept on its
 * message and sent back in order, as the API asks for reasoning models.
 *
 * <p>{@link Builder#store(boolean)} is {@code false} by default: the model needs nothing stored on
 * the server (the view goes whole each time), and a stored response keeps the conversation on the
 * provider's servers. With {@code store} false, a reasoning model's reasoning items can go back
 * only with their encrypted content: add {@code parameter("include",
 * List.of("reasoning.encrypted_content"))} for reasoning models (other models refuse it).
 *
 * <p>A response whose {@code status} is {@code failed}, or that carries an {@code error}, is a
 * {@link ChatModelException} with the provider's code; {@code incomplete} is returned (its finish
 * reason says so). {@link #chat(ChatRequest, ChatStreamListener)} streams: it forwards
 * {@code response.output_text.delta} text, reasoning deltas and each call's start, and returns the
 * response of {@code response.completed}, equal to what {@link #chat(ChatRequest)} returns.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class OpenAiResponsesModel implements StreamingChatModel {
  private final OpenAiHttp http;
  private final String model;
  private final ObjectNode extraBody;
  private final boolean store;

  private OpenAiResponsesModel(Builder builder) {
    this.model = builder.modelName();
    this.http = builder.http();
    this.extraBody = builder.extraBody();
    this.store = builder.store;
  }

  /** {@return a builder with OpenAI's base URL and the key from {@code OPENAI_API_KEY}} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the model name sent with every request} */
  public String model() {
    return model;
  }

  /** {@return the URL requests are posted to} */
  public URI endpoint() {
    return http.endpoint();
  }

  /** {@return whether responses are stored on the server ({@code store})} */
  public boolean store() {
    return store;
  }

  private ObjectNode body(ChatRequest request) {
    ObjectNode body = ResponsesFormat.request(model, request, extraBody);
    body.put("store", store);
    return body;
  }

  /** Sends the request and returns the whole response, without streaming. */
  @Override
  public ChatResponse chat(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    OpenAiHttp.Answer answer = http.post(Json.writeBytes(body(request)));
    String requestId = http.redact(answer.requestId());
    JsonNode json;
    try {
      json = Json.read(answer.body());
    } catch (JsonProcessingException e) {
      throw http.invalidResponse("a response", e, answer.status(), requestId);
    }
    return parse(json, answer.status(), requestId);
  }

  /**
   * Streams the answer: sends {@code "stream": true}, hands text, reasoning and each call's start
   * to {@code listener} as they arrive, and returns the response the stream ends with.
   *
   * @throws ChatModelException when the provider refuses the request, the response fails
   *     ({@code response.failed}, an {@code error} event), or the stream breaks off, ends early or is
   *     unreadable
   */
  @Override
  public ChatResponse chat(ChatRequest request, ChatStreamListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    ObjectNode body = body(request);
    body.put("stream", true);
    return http.stream(Json.writeBytes(body), new OpenAiHttp.StreamReader<>() {
      @Override
      public ChatResponse events(SseEvents events, String requestId) {
        ObjectNode response;
        try {
          response = new ResponseEvents(listener,
              error -> http.providerError(200, error, null, requestId, " in the stream")).read(events);
        } catch (WireFormatException e) {
          throw http.invalidResponse("a response stream", e, 200, requestId);
        }
        return parse(response, 200, requestId);
      }

      @Override
      public ChatResponse whole(byte[] whole, String requestId) {
        JsonNode json;
        try {
          json = Json.read(whole);
        } catch (JsonProcessingException e) {
          throw http.invalidResponse("a response", e, 200, requestId);
        }
        return StreamingChatModel.replay(parse(json, 200, requestId), listener);
      }
    });
  }

  private ChatResponse parse(JsonNode json, int status, String requestId) {
    JsonNode error = json.path("error");
    if (error.isObject() || json.path("status").asText().equals("failed")) {
      throw http.providerError(status, error, "the response failed", requestId, "");
    }
    try {
      return ResponsesFormat.response(json).toBuilder().requestId(requestId).build();
    } catch (WireFormatException e) {
      throw http.invalidResponse("a response", e, status, requestId);
    }
  }

  @Override
  public String toString() {
    return http.describe("OpenAiResponsesModel", model, ", store=" + store);
  }

  /**
   * Configures an {@link OpenAiResponsesModel}: the settings of {@link OpenAiHttpBuilder}, for
   * {@code POST {baseUrl}/responses}, and {@link #store(boolean)}. Mutable, not thread-safe.
   *
   * <p>{@link #parameter(String, Object)} refuses the fields the model writes itself:
   * {@code model}, {@code input}, {@code tools}, {@code tool_choice}, {@code store} (use
   * {@link #store(boolean)}), {@code stream} and {@code stream_options} (to stream, call
   * {@link OpenAiResponsesModel#chat(ChatRequest, ChatStreamListener)}), and the server-side state
   * the model never uses, {@code previous_response_id} and {@code conversation}.
   *
   * @since 0.1
   */
  public static final class Builder extends OpenAiHttpBuilder<Builder> {
    private boolean store;

    private Builder() {
      super("/responses", name -> switch (name) {
        case "input" -> "the input is the request's messages";
        case "tools", "tool_choice" -> "the tools and tool choice are the request's";
        case "store" -> "set it with store(...)";
        case "previous_response_id", "conversation" -> "the model sends the whole view each time; a copy of the"
            + " conversation kept on the server would not hold what the view changed";
        default -> streamField(name);
      });
    }

    /**
     * Sets whether the provider stores each response ({@code store}); default {@code false}, since
     * the model sends the whole view each time and needs nothing stored.
     *
     * @param store whether to store responses on the server
     * @return this builder
     */
    public Builder store(boolean store) {
      this.store = store;
      return this;
    }

    /**
     * {@return the model}
     *
     * @throws IllegalStateException if no model is set, or the API key variable is not set and
     *     neither {@link #apiKey(String)} nor {@link #noApiKey()} was called, or the initial backoff
     *     exceeds the maximum
     */
    public OpenAiResponsesModel build() {
      return new OpenAiResponsesModel(this);
    }
  }
}
