package io.sculptor.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ChatStreamListener;
import io.sculptor.model.ContextLengthExceededException;
import io.sculptor.model.StreamingChatModel;
import io.sculptor.openai.internal.ChatCompletionChunks;
import io.sculptor.openai.internal.Json;
import io.sculptor.openai.internal.OpenAiHttp;
import io.sculptor.openai.internal.SseEvents;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link ChatModel} for any endpoint that speaks the OpenAI Chat Completions API: OpenAI,
 * Moonshot/Kimi, DeepSeek, vLLM, Ollama, OpenRouter, Together, Groq… Built on
 * {@code java.net.http}; no other HTTP stack is needed. It also streams
 * ({@link StreamingChatModel}): {@link #chat(ChatRequest, ChatStreamListener)} sends
 * {@code "stream": true} with {@code stream_options.include_usage}, forwards the text, reasoning
 * and tool calls as they arrive, and returns the same {@link ChatResponse} the whole answer would
 * have given.
 *
 * <p>Failed calls are retried with exponential backoff and full jitter (a uniformly random wait
 * from zero to {@code initialBackoff · 2^(attempt-1)}, capped at
 * {@link OpenAiHttpBuilder#maxBackoff(Duration)}) on HTTP 429, 500–504, connection failures and
 * timeouts, up to {@link OpenAiHttpBuilder#maxAttempts(int)} attempts in all. A 429 whose error
 * type or code is {@code insufficient_quota} is not retried: no wait refills a quota. A
 * {@code retry-after-ms} or {@code Retry-After} header (seconds or an HTTP date) replaces the
 * backoff; when it asks for longer than the maximum backoff the call fails at once instead of
 * waiting. A header value that is not a plain non-negative number or date ({@code NaN},
 * {@code -5}, {@code Infinity}…) counts as absent, so the backoff applies. A stream is retried
 * until the provider answers 2xx, never once it has started. Failures are
 * {@link ChatModelException}s that carry the HTTP status, the provider's error type, code and
 * message and the {@code x-request-id}; an error the provider sends inside a stream is one too; a
 * request longer than the model's context window throws {@link ContextLengthExceededException}.
 *
 * <p>Each attempt is bounded in time and memory: {@link OpenAiHttpBuilder#requestTimeout(Duration)}
 * covers the whole exchange, from sending the request to the last byte of the response body (the
 * last event of a stream), and no response body longer than
 * {@link OpenAiHttpBuilder#maxResponseBytes(int)} is read — a longer one fails with
 * {@link ResponseTooLargeException} once the limit is reached, without being held in memory.
 *
 * <p>The API key is sent only in the {@code Authorization} header; it never appears in logs,
 * exceptions or {@link #toString()}. Where a provider echoes it in an error body (for example
 * {@code Incorrect API key provided: sk-…}), every occurrence is replaced by {@code [redacted]}
 * before the text is logged or stored in a {@link ChatModelException}.
 *
 * <p>Every response carries the provider's metadata: response id, model, system fingerprint,
 * every choice's finish reason, cached prompt and reasoning tokens, and the {@code x-request-id}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class OpenAiChatModel implements StreamingChatModel {
  /** The default base URL, OpenAI's. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
  /** The environment variable the API key is read from by default. */
  public static final String DEFAULT_API_KEY_VARIABLE = "OPENAI_API_KEY";
  /** The default {@link OpenAiHttpBuilder#maxResponseBytes(int)}: 32 MiB. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

  private final OpenAiHttp http;
  private final String model;
  private final ObjectNode extraBody;

  private OpenAiChatModel(Builder builder) {
    this.model = builder.modelName();
    this.http = builder.http();
    this.extraBody = builder.extraBody();
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

  /** Sends the request and returns the whole answer, without streaming. */
  @Override
  public ChatResponse chat(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    OpenAiHttp.Answer answer = http.post(Json.writeBytes(ChatCompletionsFormat.request(model, request, extraBody)));
    return parse(answer.body(), answer.status(), http.redact(answer.requestId()));
  }

  /**
   * Streams the answer: sends {@code "stream": true} and {@code "stream_options":
   * {"include_usage": true}}, hands the text, reasoning ({@code reasoning_content}) and each tool
   * call's start to {@code listener} as they arrive, and returns the answer assembled from the
   * chunks, equal to what {@link #chat(ChatRequest)} returns for the same answer.
   *
   * @throws ChatModelException when the provider refuses the request, sends an error in the
   *     stream, or the stream breaks off, ends without {@code [DONE]} or is unreadable
   */
  @Override
  public ChatResponse chat(ChatRequest request, ChatStreamListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    ObjectNode body = ChatCompletionsFormat.request(model, request, extraBody);
    body.put("stream", true);
    body.putObject("stream_options").put("include_usage", true);
    return http.stream(Json.writeBytes(body), new OpenAiHttp.StreamReader<>() {
      @Override
      public ChatResponse events(SseEvents events, String requestId) {
        ChatCompletionChunks chunks = new ChatCompletionChunks(listener,
            error -> http.providerError(200, error, null, requestId, " in the stream"));
        try {
          chunks.read(events);
          return ChatCompletionsFormat.response(chunks.completion()).toBuilder().requestId(requestId).build();
        } catch (WireFormatException e) {
          throw http.invalidResponse("a chat completion stream", e, 200, requestId);
        }
      }

      @Override
      public ChatResponse whole(byte[] whole, String requestId) {
        return StreamingChatModel.replay(parse(whole, 200, requestId), listener);
      }
    });
  }

  private ChatResponse parse(byte[] body, int status, String requestId) {
    try {
      return ChatCompletionsFormat.response(Json.read(body)).toBuilder().requestId(requestId).build();
    } catch (JsonProcessingException | WireFormatException e) {
      throw http.invalidResponse("a chat completion", e, status, requestId);
    }
  }

  @Override
  public String toString() {
    return http.describe("OpenAiChatModel", model, "");
  }

  /**
   * Configures an {@link OpenAiChatModel}: the settings of {@link OpenAiHttpBuilder}, for
   * {@code POST {baseUrl}/chat/completions}. Mutable, not thread-safe.
   *
   * <p>{@link #parameter(String, Object)} refuses the fields the model writes itself:
   * {@code model}, {@code messages}, {@code tools}, {@code tool_choice}, {@code stream} and
   * {@code stream_options} (to stream, call {@link OpenAiChatModel#chat(ChatRequest,
   * ChatStreamListener)}).
   *
   * @since 0.1
   */
  public static final class Builder extends OpenAiHttpBuilder<Builder> {
    private Builder() {
      super("/chat/completions", name -> switch (name) {
        case "messages" -> "the messages are the request's";
        case "tools", "tool_choice" -> "the tools and tool choice are the request's";
        default -> streamField(name);
      });
    }

    /**
     * {@return the model}
     *
     * @throws IllegalStateException if no model is set, or the API key variable is not set and
     *     neither {@link #apiKey(String)} nor {@link #noApiKey()} was called, or the initial backoff
     *     exceeds the maximum
     */
    public OpenAiChatModel build() {
      return new OpenAiChatModel(this);
    }
  }
}
