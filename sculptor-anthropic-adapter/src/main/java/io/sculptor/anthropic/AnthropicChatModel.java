package io.sculptor.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.anthropic.internal.BodyStream;
import io.sculptor.anthropic.internal.SseDecoder;
import io.sculptor.anthropic.internal.StreamAssembler;
import io.sculptor.anthropic.internal.Wire;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ChatStreamListener;
import io.sculptor.model.ContextLengthExceededException;
import io.sculptor.model.ProviderError;
import io.sculptor.model.StreamingChatModel;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StreamingChatModel} for Anthropic's Messages API, on {@code java.net.http}.
 *
 * <p>{@link #chat(ChatRequest)} sends one request and reads the whole answer;
 * {@link #chat(ChatRequest, ChatStreamListener)} streams it (server-sent events), forwards text,
 * thinking and the start of each tool call to the listener as they arrive, and returns the same
 * whole {@link ChatResponse}. Requests are written by {@link MessagesFormat}, so every block of a
 * conversation read from the API goes back as it came, thinking signatures included.
 *
 * <p><b>Prompt caching.</b> Before sending, the model places {@code cache_control} breakpoints as
 * its {@link PromptCaching} says ({@linkplain PromptCaching#cacheAware() cache-aware} by default: it
 * remembers the prefixes its earlier requests wrote and marks the longest one a request still starts
 * with; on the folding runs measured so far it reads no more from the cache than a breakpoint at the
 * end, see {@code docs/anthropic.md}). The response's {@link ChatResponse#usage()} reports the cache reads
 * ({@code cachedPromptTokens}) and writes ({@code cacheWriteTokens}); its {@code promptTokens} is
 * every token of the request, because Anthropic's {@code input_tokens} counts only those after the
 * last breakpoint.
 *
 * <p><b>Failures.</b> HTTP 429 ({@code rate_limit_error}), 500–504 ({@code api_error}), 529
 * ({@code overloaded_error}), connection failures and timeouts are retried with exponential backoff
 * and full jitter, up to {@link Builder#maxAttempts(int)} attempts in all; a {@code retry-after}
 * header (seconds) replaces the backoff, and one longer than {@link Builder#maxBackoff(Duration)}
 * fails at once. An {@code error} event in a stream is retried the same way only when nothing of
 * the answer has reached the listener yet. Every failure is a {@link ChatModelException} whose
 * {@link ChatModelException#errorType()} is the API's error type ({@code overloaded_error},
 * {@code rate_limit_error}, {@code authentication_error}, {@code invalid_request_error}…) and whose
 * {@link ChatModelException#requestId()} is the {@code request-id} header; "prompt is too long" is a
 * {@link ContextLengthExceededException}. Each attempt is bounded: {@link Builder#requestTimeout}
 * covers it from sending to the last byte (of a stream too), and no body longer than
 * {@link Builder#maxResponseBytes(int)} is read.
 *
 * <p>The API key is sent only in the {@code x-api-key} header; it never appears in logs,
 * exceptions or {@link #toString()}, and provider text that echoes it is redacted.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class AnthropicChatModel implements StreamingChatModel {
  private static final Logger LOG = LoggerFactory.getLogger(AnthropicChatModel.class);

  /** The default base URL, Anthropic's. */
  public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
  /** The environment variable the API key is read from by default. */
  public static final String DEFAULT_API_KEY_VARIABLE = "ANTHROPIC_API_KEY";
  /** The {@code anthropic-version} header sent with every request. */
  public static final String API_VERSION = "2023-06-01";
  /** The default {@link Builder#maxTokens(int)}. */
  public static final int DEFAULT_MAX_TOKENS = 4096;
  /** The default {@link Builder#maxResponseBytes(int)}: 32 MiB. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

  private static final Pattern SECONDS = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,9})?");
  private static final String REDACTED = "[redacted]";

  private final URI messagesEndpoint;
  private final URI countEndpoint;
  private final String apiKey;
  private final String model;
  private final ObjectNode parameters;
  private final Map<String, String> headers;
  private final Duration requestTimeout;
  private final int maxResponseBytes;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final HttpClient client;
  private final PromptCaching caching;

  private AnthropicChatModel(Builder builder, String apiKey) {
    String base = builder.baseUrl.endsWith("/") ? builder.baseUrl.substring(0, builder.baseUrl.length() - 1)
        : builder.baseUrl;
    this.messagesEndpoint = URI.create(base + "/v1/messages");
    this.countEndpoint = URI.create(base + "/v1/messages/count_tokens");
    this.apiKey = apiKey;
    this.model = builder.model;
    this.parameters = builder.parameters.deepCopy();
    this.parameters.put("max_tokens", builder.maxTokens);
    Map<String, String> named = new LinkedHashMap<>();
    builder.headers.values().forEach(h -> named.put(h.getKey(), h.getValue()));
    if (!builder.betas.isEmpty()) {
      named.put("anthropic-beta", String.join(",", builder.betas));
    }
    this.headers = Map.copyOf(named);
    this.requestTimeout = builder.requestTimeout;
    this.maxResponseBytes = builder.maxResponseBytes;
    this.maxAttempts = builder.maxAttempts;
    this.initialBackoff = builder.initialBackoff;
    this.maxBackoff = builder.maxBackoff;
    this.client = builder.client != null ? builder.client
        : HttpClient.newBuilder().connectTimeout(builder.connectTimeout).build();
    this.caching = builder.caching != null ? builder.caching : PromptCaching.cacheAware();
  }

  /** {@return a builder with Anthropic's base URL and the key from {@code ANTHROPIC_API_KEY}} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the model name sent with every request} */
  public String model() {
    return model;
  }

  /** {@return the URL messages are posted to: the base URL and {@code /v1/messages}} */
  public URI endpoint() {
    return messagesEndpoint;
  }

  /** {@return where this model places its cache breakpoints} */
  public PromptCaching promptCaching() {
    return caching;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    return call(Objects.requireNonNull(request, "request"), null);
  }

  @Override
  public ChatResponse chat(ChatRequest request, ChatStreamListener listener) {
    return call(Objects.requireNonNull(request, "request"), Objects.requireNonNull(listener, "listener"));
  }

  /**
   * {@return the input tokens of {@code request} as the API's {@code count_tokens} endpoint counts
   * them}: exact for the model, free of charge, and subject to its own rate limits; retried like a
   * chat call
   *
   * @throws ChatModelException when the endpoint fails
   */
  public long countTokens(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    ObjectNode body = MessagesFormat.request(model, request, Wire.object());
    if (parameters.has("thinking")) {
      body.set("thinking", parameters.get("thinking").deepCopy());
    }
    byte[] bytes = Wire.bytes(body);
    for (int attempt = 1; ; attempt++) {
      try {
        Answer answer = exchange(countEndpoint, bytes, false, attempt);
        JsonNode count = parse(answer.body, answer).path("input_tokens");
        if (!count.canConvertToLong() || count.asLong() < 0) {
          throw invalid("[" + countEndpoint + "] answered no \"input_tokens\" count", answer, null);
        }
        return count.asLong();
      } catch (Retry retry) {
        waitOrThrow(attempt, retry);
      }
    }
  }

  private ChatResponse call(ChatRequest request, ChatStreamListener listener) {
    ObjectNode body = MessagesFormat.request(model, request, parameters);
    PromptCaching.Placement plan = caching.place(body);
    if (listener != null) {
      body.put("stream", true);
    }
    byte[] bytes = Wire.bytes(body);
    for (int attempt = 1; ; attempt++) {
      try {
        ChatResponse response = listener == null ? whole(bytes, attempt) : streamed(bytes, listener, attempt);
        plan.commit();
        return response;
      } catch (Retry retry) {
        waitOrThrow(attempt, retry);
      }
    }
  }

  /** A failure that may be retried: the exception to throw when no attempt is left, and the wait asked for. */
  private static final class Retry extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient ChatModelException failure;
    private final transient Duration retryAfter;

    Retry(ChatModelException failure, Duration retryAfter) {
      super(failure.getMessage(), null, false, false);
      this.failure = failure;
      this.retryAfter = retryAfter;
    }
  }

  private record Answer(int status, HttpHeaders headers, byte[] body, String requestId) {}

  private ChatResponse whole(byte[] bytes, int attempt) throws Retry {
    Answer answer = exchange(messagesEndpoint, bytes, false, attempt);
    try {
      return MessagesFormat.response(parse(answer.body, answer)).toBuilder().requestId(answer.requestId).build();
    } catch (AnthropicFormatException e) {
      throw invalid("the response of [" + messagesEndpoint + "] is not a message: " + shorten(redact(e.getMessage())),
          answer, e);
    }
  }

  private ChatResponse streamed(byte[] bytes, ChatStreamListener listener, int attempt) throws Retry {
    long deadline = System.nanoTime() + requestTimeout.toNanos();
    BodyStream stream = BodyStream.send(client, httpRequest(messagesEndpoint, bytes, true), maxResponseBytes, deadline);
    StreamAssembler assembler = new StreamAssembler(listener);
    String requestId = null;
    try {
      HttpResponse.ResponseInfo head = stream.head();
      requestId = redact(head.headers().firstValue("request-id").orElse(null));
      if (head.statusCode() < 200 || head.statusCode() > 299) {
        throw failed(new Answer(head.statusCode(), head.headers(), stream.readAll(), requestId), attempt);
      }
      LOG.debug("POST {} (stream) attempt {} of {}: HTTP {} (request id {})", messagesEndpoint, attempt, maxAttempts,
          head.statusCode(), requestId);
      SseDecoder decoder = new SseDecoder();
      for (byte[] chunk = stream.next(); chunk != null; chunk = stream.next()) {
        for (SseDecoder.Event event : decoder.feed(chunk)) {
          assembler.accept(event);
        }
      }
      for (SseDecoder.Event event : decoder.finish()) {
        assembler.accept(event);
      }
      ChatResponse response = MessagesFormat.response(assembler.message());
      return withRawArguments(response, assembler.unparsedInputs()).toBuilder().requestId(requestId).build();
    } catch (StreamAssembler.ErrorEvent e) {
      Answer answer = new Answer(200, null, new byte[0], requestId);
      ChatModelException error = classify(200, e.error(), answer, attempt, " in the stream");
      if (!assembler.delivered() && retryable(error)) {
        throw new Retry(error, null);
      }
      throw error;
    } catch (AnthropicFormatException e) {
      throw new ChatModelException(ChatModelException.Kind.INVALID_RESPONSE, "the stream of [" + messagesEndpoint
          + "] is not a message stream: " + shorten(redact(e.getMessage())),
          ProviderError.of(200).withRequestId(requestId), null);
    } catch (IOException e) {
      throw transport(e, attempt, assembler.delivered());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatModelException(ChatModelException.Kind.CONNECTION, "interrupted while calling ["
          + messagesEndpoint + "]", e);
    } finally {
      stream.cancel();
    }
  }

  /** The response with each tool call whose streamed input was no JSON object carrying that text as it came. */
  private static ChatResponse withRawArguments(ChatResponse response, Map<String, String> raw) {
    if (raw.isEmpty()) {
      return response;
    }
    Message message = response.message();
    List<ToolCall> calls = new ArrayList<>();
    for (ToolCall call : message.toolCalls()) {
      calls.add(raw.containsKey(call.id()) ? new ToolCall(call.id(), call.name(), raw.get(call.id())) : call);
    }
    Message fixed = Message.assistant(message.content(), calls).withExtensions(message.extensions());
    return ChatResponse.builder(fixed).usage(response.usage()).finishReason(response.finishReason())
        .responseId(response.responseId().orElse(null)).model(response.model().orElse(null)).build();
  }

  /** Sends one attempt and reads the whole answer; a failed status throws. */
  private Answer exchange(URI endpoint, byte[] bytes, boolean stream, int attempt) throws Retry {
    long deadline = System.nanoTime() + requestTimeout.toNanos();
    BodyStream body = BodyStream.send(client, httpRequest(endpoint, bytes, stream), maxResponseBytes, deadline);
    try {
      HttpResponse.ResponseInfo head = body.head();
      Answer answer = new Answer(head.statusCode(), head.headers(), body.readAll(),
          redact(head.headers().firstValue("request-id").orElse(null)));
      LOG.debug("POST {} attempt {} of {}: HTTP {} (request id {})", endpoint, attempt, maxAttempts, answer.status,
          answer.requestId);
      if (answer.status < 200 || answer.status > 299) {
        throw failed(answer, attempt);
      }
      return answer;
    } catch (IOException e) {
      throw transport(e, attempt, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatModelException(ChatModelException.Kind.CONNECTION, "interrupted while calling [" + endpoint + "]", e);
    } finally {
      body.cancel();
    }
  }

  private JsonNode parse(byte[] body, Answer answer) {
    try {
      return Wire.read(body);
    } catch (JsonProcessingException e) {
      throw invalid("the response of [" + messagesEndpoint + "] is not JSON: " + shorten(redact(e.getOriginalMessage())),
          answer, null);
    }
  }

  private ChatModelException invalid(String message, Answer answer, Exception cause) {
    return new ChatModelException(ChatModelException.Kind.INVALID_RESPONSE, message,
        ProviderError.of(answer.status).withRequestId(answer.requestId), cause);
  }

  /** {@return the retry or exception for a failed status} */
  private Retry failed(Answer answer, int attempt) {
    JsonNode error = null;
    try {
      error = Wire.read(answer.body).path("error");
    } catch (JsonProcessingException e) {
      // not JSON: the message quotes the body below
    }
    ChatModelException failure = classify(answer.status, error, answer, attempt, "");
    if (!retryable(failure)) {
      throw failure;
    }
    return new Retry(failure, retryAfter(answer.headers));
  }

  private ChatModelException classify(int status, JsonNode error, Answer answer, int attempt, String where) {
    String type = error == null ? null : redact(Wire.stringOrNull(error.get("type")));
    String message = error == null || error.isMissingNode()
        ? shorten(redact(new String(answer.body, 0, Math.min(answer.body.length, 1200), StandardCharsets.UTF_8)))
        : redact(Wire.stringOrNull(error.get("message")));
    ProviderError said = ProviderError.of(status).withType(type).withMessage(message).withRequestId(answer.requestId);
    String summary = String.format(Locale.ROOT, "HTTP [%d] from [%s]%s%s%s after %d attempt(s)", status,
        messagesEndpoint, where, type == null ? "" : " type [" + type + "]",
        message == null || message.isEmpty() ? "" : ": " + shorten(message), attempt);
    if (message != null && (message.contains("prompt is too long") || message.contains("exceed context limit")
        || message.contains("context window"))) {
      return new ContextLengthExceededException(summary, said);
    }
    String kindOf = type != null ? type : switch (status) {
      case 401, 403 -> "authentication_error";
      case 429 -> "rate_limit_error";
      case 529 -> "overloaded_error";
      default -> status >= 500 ? "api_error" : "invalid_request_error";
    };
    ChatModelException.Kind kind = switch (kindOf) {
      case "authentication_error", "permission_error" -> ChatModelException.Kind.AUTHENTICATION;
      case "rate_limit_error" -> ChatModelException.Kind.RATE_LIMITED;
      case "overloaded_error", "api_error" -> ChatModelException.Kind.SERVER_ERROR;
      case "timeout_error" -> ChatModelException.Kind.TIMEOUT;
      default -> status >= 500 ? ChatModelException.Kind.SERVER_ERROR : ChatModelException.Kind.BAD_REQUEST;
    };
    return new ChatModelException(kind, summary, said, null);
  }

  private static boolean retryable(ChatModelException failure) {
    int status = failure.status().orElse(0);
    return status == 429 || status >= 500 && status <= 504 || status == 529
        || failure.kind() == ChatModelException.Kind.SERVER_ERROR || failure.kind() == ChatModelException.Kind.RATE_LIMITED;
  }

  /** {@return the retry or exception for a failure to exchange} */
  private Retry transport(IOException e, int attempt, boolean delivered) {
    ChatModelException failure;
    if (e instanceof BodyStream.TooLargeException) {
      throw new ChatModelException(ChatModelException.Kind.INVALID_RESPONSE, String.format(Locale.ROOT,
          "[%s]: %s; not read further, after %d attempt(s)", messagesEndpoint, e.getMessage(), attempt), null);
    } else if (e instanceof BodyStream.DeadlineException deadline) {
      failure = new ChatModelException(ChatModelException.Kind.TIMEOUT, String.format(Locale.ROOT,
          "[%s]: %s within [%s] after %d attempt(s)", messagesEndpoint,
          deadline.headersArrived() ? "the response did not end" : "no response", requestTimeout, attempt), e);
    } else if (e instanceof HttpTimeoutException) {
      failure = new ChatModelException(ChatModelException.Kind.TIMEOUT, String.format(Locale.ROOT,
          "[%s]: could not connect within the connect timeout after %d attempt(s)", messagesEndpoint, attempt), e);
    } else {
      failure = new ChatModelException(ChatModelException.Kind.CONNECTION, String.format(Locale.ROOT,
          "[%s]: connection failed (%s) after %d attempt(s)", messagesEndpoint,
          e instanceof ConnectException ? "refused" : e.getClass().getSimpleName(), attempt), e);
    }
    if (delivered) {
      throw failure;
    }
    return new Retry(failure, null);
  }

  /** Sleeps before the next attempt, or throws the failure when no attempt is left. */
  private void waitOrThrow(int attempt, Retry retry) {
    ChatModelException failure = retry.failure;
    if (attempt >= maxAttempts) {
      throw failure;
    }
    Duration wait;
    if (retry.retryAfter != null) {
      if (retry.retryAfter.compareTo(maxBackoff) > 0) {
        String longer = failure.getMessage() + "; the provider asked to retry after [" + retry.retryAfter
            + "], longer than maxBackoff [" + maxBackoff + "]";
        throw failure.providerError()
            .map(said -> new ChatModelException(failure.kind(), longer, said, failure.getCause()))
            .orElseGet(() -> new ChatModelException(failure.kind(), longer, failure.getCause()));
      }
      wait = retry.retryAfter;
    } else {
      // Full jitter: anywhere from nothing to the exponential ceiling.
      long ceiling = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(20, attempt - 1));
      wait = Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }
    LOG.debug("retrying {} in {} after: {}", messagesEndpoint, wait, failure.getMessage());
    try {
      TimeUnit.MILLISECONDS.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure;
    }
  }

  /** {@return the wait {@code retry-after} asks for, in seconds; null when absent or not a plain number} */
  private static Duration retryAfter(HttpHeaders headers) {
    String value = headers == null ? null : headers.firstValue("retry-after").map(String::trim).orElse(null);
    if (value == null || !SECONDS.matcher(value).matches()) {
      return null;
    }
    return Duration.ofMillis((long) Math.ceil(Double.parseDouble(value) * 1000));
  }

  private HttpRequest httpRequest(URI endpoint, byte[] body, boolean stream) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
        .timeout(requestTimeout)
        .header("content-type", "application/json")
        .header("accept", stream ? "text/event-stream" : "application/json")
        .header("anthropic-version", API_VERSION)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (apiKey != null) {
      builder.header("x-api-key", apiKey);
    }
    headers.forEach(builder::header);
    return builder.build();
  }

  private String redact(String text) {
    return text == null || apiKey == null ? text : text.replace(apiKey, REDACTED);
  }

  private static String shorten(String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= 300 ? text : text.substring(0, 297) + "...";
  }

  @Override
  public String toString() {
    return "AnthropicChatModel[endpoint=" + messagesEndpoint + ", model=" + model + ", apiKey="
        + (apiKey == null ? "none" : "(set)") + ", promptCaching=" + caching + ", requestTimeout=" + requestTimeout
        + ", maxAttempts=" + maxAttempts + "]";
  }

  /**
   * Configures an {@link AnthropicChatModel}. Mutable, not thread-safe.
   *
   * <p>Each setter checks its argument when it is called and names a bad value (never an API key or
   * a header value, which may be secret). A second credential setting that differs from the first,
   * a header or parameter set again to another value, and a connect timeout next to an own
   * {@link HttpClient} are refused with an {@link IllegalStateException} naming both.
   *
   * <table>
   *   <caption>Settings and defaults</caption>
   *   <tr><th>setting</th><th>default</th></tr>
   *   <tr><td>{@link #baseUrl(String)}</td><td>{@value AnthropicChatModel#DEFAULT_BASE_URL}</td></tr>
   *   <tr><td>credentials</td><td>the key in {@value AnthropicChatModel#DEFAULT_API_KEY_VARIABLE}</td></tr>
   *   <tr><td>{@link #model(String)}</td><td>none: required</td></tr>
   *   <tr><td>{@link #maxTokens(int)}</td><td>{@value AnthropicChatModel#DEFAULT_MAX_TOKENS}</td></tr>
   *   <tr><td>{@link #promptCaching(PromptCaching)}</td><td>a new {@link PromptCaching#cacheAware()}</td></tr>
   *   <tr><td>{@link #httpClient(HttpClient)}</td><td>a new client with the connect timeout</td></tr>
   *   <tr><td>{@link #connectTimeout(Duration)}</td><td>10 s</td></tr>
   *   <tr><td>{@link #requestTimeout(Duration)}</td><td>10 min per attempt, whole body or stream included</td></tr>
   *   <tr><td>{@link #maxResponseBytes(int)}</td><td>32 MiB</td></tr>
   *   <tr><td>{@link #maxAttempts(int)}</td><td>4</td></tr>
   *   <tr><td>{@link #initialBackoff(Duration)}</td><td>500 ms</td></tr>
   *   <tr><td>{@link #maxBackoff(Duration)}</td><td>30 s</td></tr>
   * </table>
   */
  public static final class Builder {
    private static final Set<String> OWN_HEADERS = Set.of("x-api-key", "authorization", "anthropic-version",
        "anthropic-beta", "content-type", "accept");

    private String baseUrl = DEFAULT_BASE_URL;
    private String credentialSetting;
    private String apiKey;
    private String apiKeyVariable = DEFAULT_API_KEY_VARIABLE;
    private boolean noApiKey;
    private String model;
    private int maxTokens = DEFAULT_MAX_TOKENS;
    private final ObjectNode parameters = Wire.object();
    private final Map<String, Map.Entry<String, String>> headers = new LinkedHashMap<>();
    private final List<String> betas = new ArrayList<>();
    private HttpClient client;
    private Duration connectTimeout;
    private Duration requestTimeout = Duration.ofMinutes(10);
    private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    private int maxAttempts = 4;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private PromptCaching caching;

    private Builder() {}

    /**
     * Sets the base URL, e.g. a proxy's; {@code /v1/messages} is added.
     *
     * @throws IllegalArgumentException if {@code url} is not an absolute http or https URL with a
     *     host and without a query or fragment
     */
    public Builder baseUrl(String url) {
      Objects.requireNonNull(url, "url");
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("base URL is not a URL, got [" + url + "]: " + e.getReason(), e);
      }
      if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new IllegalArgumentException(
            "base URL must be an http or https URL with a host and no query or fragment, got [" + url + "]");
      }
      this.baseUrl = url;
      return this;
    }

    /**
     * Sets the API key, sent as {@code x-api-key}.
     *
     * @throws IllegalArgumentException if it is blank or holds anything but visible ASCII (the key
     *     is not shown)
     * @throws IllegalStateException if another credential setting was made
     */
    public Builder apiKey(String key) {
      checkApiKey(Objects.requireNonNull(key, "key"), "the API key");
      if ("apiKey(...)".equals(credentialSetting) && !key.equals(apiKey)) {
        throw new IllegalStateException("[apiKey(...)] is already set to a different key (the keys are not shown)");
      }
      credential("apiKey(...)");
      this.apiKey = key;
      return this;
    }

    /**
     * Reads the API key from environment variable {@code variable} when {@link #build()} runs; by
     * default from {@value AnthropicChatModel#DEFAULT_API_KEY_VARIABLE}.
     *
     * @throws IllegalArgumentException if {@code variable} is blank
     * @throws IllegalStateException if another credential setting was made
     */
    public Builder apiKeyFromEnvironment(String variable) {
      if (Objects.requireNonNull(variable, "variable").isBlank()) {
        throw new IllegalArgumentException("variable name must not be blank, got [" + variable + "]");
      }
      credential("apiKeyFromEnvironment(\"" + variable + "\")");
      this.apiKeyVariable = variable;
      return this;
    }

    /**
     * Sends no {@code x-api-key} header, for a local server or a proxy that adds credentials.
     *
     * @throws IllegalStateException if another credential setting was made
     */
    public Builder noApiKey() {
      credential("noApiKey()");
      this.noApiKey = true;
      return this;
    }

    private void credential(String setting) {
      if (credentialSetting != null && !credentialSetting.equals(setting)) {
        throw new IllegalStateException(String.format(Locale.ROOT, "[%s] is already set, so [%s] would contradict it;"
            + " call only one of apiKey(...), apiKeyFromEnvironment(...) and noApiKey()", credentialSetting, setting));
      }
      credentialSetting = setting;
    }

    /**
     * Sets the model, e.g. {@code claude-sonnet-4-5}; required.
     *
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Builder model(String name) {
      if (Objects.requireNonNull(name, "name").isBlank()) {
        throw new IllegalArgumentException("model name must not be blank, got [" + name + "]");
      }
      this.model = name;
      return this;
    }

    /**
     * Sets {@code max_tokens}, the most tokens an answer may have (the API requires it).
     *
     * @throws IllegalArgumentException if {@code tokens} is less than 1
     */
    public Builder maxTokens(int tokens) {
      if (tokens < 1) {
        throw new IllegalArgumentException("maxTokens must be at least 1, got [" + tokens + "]");
      }
      this.maxTokens = tokens;
      return this;
    }

    /**
     * Adds a body parameter sent with every request, e.g. {@code temperature} or {@code thinking};
     * {@code value} is anything Jackson writes (a string, number, map, list, record… or null).
     * Extended thinking ({@code thinking}) allows only the tool choices {@code auto} and
     * {@code none}: the agent's first-step choice must then be {@code auto}.
     *
     * @throws IllegalArgumentException if {@code name} is blank, {@code max_tokens} (use
     *     {@link #maxTokens(int)}) or a field the model writes itself ({@code model}, {@code system},
     *     {@code messages}, {@code tools}, {@code tool_choice}, {@code stream})
     * @throws IllegalStateException if {@code name} is already set to another value
     */
    public Builder parameter(String name, Object value) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("parameter name must not be blank, got [" + name + "]");
      }
      if (name.equals("max_tokens")) {
        throw new IllegalArgumentException("[max_tokens] is set with maxTokens(int)");
      }
      if (MessagesFormat.REQUEST_FIELDS.contains(name)) {
        throw new IllegalArgumentException("[" + name + "] is set by the model itself, not as a parameter");
      }
      JsonNode json;
      try {
        json = Wire.tree(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "parameter [%s] cannot be written as JSON, got a [%s]",
            name, value.getClass().getName()), e);
      }
      JsonNode earlier = parameters.get(name);
      if (earlier != null && !earlier.equals(json)) {
        throw new IllegalStateException(String.format(Locale.ROOT,
            "parameter [%s] is already set to [%s], so [%s] would contradict it", name, earlier, json));
      }
      parameters.set(name, json);
      return this;
    }

    /**
     * Adds a beta feature to the {@code anthropic-beta} header, e.g.
     * {@code context-management-2025-06-27}; repeated names are sent once.
     *
     * @throws IllegalArgumentException if {@code name} is blank or holds a comma or whitespace
     */
    public Builder beta(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank() || !name.chars().allMatch(c -> c > ' ' && c < 0x7f && c != ',')) {
        throw new IllegalArgumentException("beta name must be visible ASCII without commas, got [" + name + "]");
      }
      if (!betas.contains(name)) {
        betas.add(name);
      }
      return this;
    }

    /**
     * Adds a header sent with every request.
     *
     * @throws IllegalArgumentException if it is one the model sends itself ({@code x-api-key},
     *     {@code anthropic-version}, {@code anthropic-beta}: use {@link #beta(String)}…), a name the
     *     JDK client may not send, or a value HTTP does not allow (the value is not shown)
     * @throws IllegalStateException if a header of that name, in any case, is already set to
     *     another value
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      String key = name.toLowerCase(Locale.ROOT);
      if (OWN_HEADERS.contains(key)) {
        throw new IllegalArgumentException("header [" + name + "] is sent by the model itself");
      }
      try {
        HttpRequest.newBuilder().header(name, "x");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("header [" + name + "] cannot be sent: " + e.getMessage(), e);
      }
      try {
        HttpRequest.newBuilder().header("x-sculptor-check", value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("header [" + name + "] has a value HTTP does not allow (the value is not shown)");
      }
      Map.Entry<String, String> earlier = headers.get(key);
      if (earlier != null && !earlier.getValue().equals(value)) {
        throw new IllegalStateException("[header(\"" + earlier.getKey() + "\", ...)] is already set to another value"
            + " (the values are not shown)");
      }
      headers.put(key, Map.entry(earlier == null ? name : earlier.getKey(), value));
      return this;
    }

    /** Sets where cache breakpoints go; default a new {@link PromptCaching#cacheAware()}. */
    public Builder promptCaching(PromptCaching value) {
      this.caching = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * Sends through {@code httpClient} (with its proxy, TLS and executor settings) instead of a
     * client of the model's own. The model never closes it.
     *
     * @throws IllegalStateException if a connect timeout was set: it belongs to the client
     */
    public Builder httpClient(HttpClient httpClient) {
      if (connectTimeout != null) {
        throw new IllegalStateException("[connectTimeout(...)] is set, so [httpClient(...)] would ignore it;"
            + " set the connect timeout on your HttpClient");
      }
      this.client = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /**
     * Sets how long to wait for a connection; default 10 seconds.
     *
     * @throws IllegalStateException if an own {@link HttpClient} was set
     */
    public Builder connectTimeout(Duration timeout) {
      if (client != null) {
        throw new IllegalStateException("[httpClient(...)] is set, so [connectTimeout(...)] would be ignored;"
            + " set the connect timeout on your HttpClient");
      }
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * Sets how long each attempt may take, from sending the request to the last byte of the answer
     * (the end of a stream included); default 10 minutes, which long extended-thinking answers need.
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /**
     * Sets the longest response body read, in bytes, whole answers and streams alike; default 32 MiB.
     * A longer one is not read further and fails without a retry.
     *
     * @throws IllegalArgumentException if {@code bytes} is less than 1
     */
    public Builder maxResponseBytes(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxResponseBytes must be at least 1, got [" + bytes + "]");
      }
      this.maxResponseBytes = bytes;
      return this;
    }

    /**
     * Sets the number of attempts in all, the first included; default 4.
     *
     * @throws IllegalArgumentException if {@code attempts} is less than 1
     */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got [" + attempts + "]");
      }
      this.maxAttempts = attempts;
      return this;
    }

    /** Sets the ceiling of the first backoff, which doubles for each later one; default 500 ms. */
    public Builder initialBackoff(Duration backoff) {
      this.initialBackoff = positive(backoff, "initialBackoff");
      return this;
    }

    /** Sets the longest wait between attempts, and the longest {@code retry-after} honoured; default 30 s. */
    public Builder maxBackoff(Duration backoff) {
      this.maxBackoff = positive(backoff, "maxBackoff");
      return this;
    }

    /**
     * {@return the model}
     *
     * @throws IllegalStateException if no model is set, the key variable is unset and neither
     *     {@link #apiKey(String)} nor {@link #noApiKey()} was called, or the initial backoff exceeds
     *     the maximum
     */
    public AnthropicChatModel build() {
      if (model == null) {
        throw new IllegalStateException("set the model name with model(...)");
      }
      String key = apiKey;
      if (key == null && !noApiKey) {
        key = System.getenv(apiKeyVariable);
        if (key == null || key.isBlank()) {
          throw new IllegalStateException("environment variable [" + apiKeyVariable
              + "] holds no API key; set it, or call apiKey(...) or noApiKey()");
        }
        try {
          checkApiKey(key, "the API key in environment variable [" + apiKeyVariable + "]");
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      }
      if (initialBackoff.compareTo(maxBackoff) > 0) {
        throw new IllegalStateException("initialBackoff [" + initialBackoff + "] exceeds maxBackoff [" + maxBackoff + "]");
      }
      if (client == null && connectTimeout == null) {
        connectTimeout = Duration.ofSeconds(10);
      }
      return new AnthropicChatModel(this, key);
    }

    private static void checkApiKey(String key, String what) {
      if (key.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      for (int i = 0; i < key.length(); i++) {
        char c = key.charAt(i);
        if (c <= ' ' || c >= 0x7f) {
          throw new IllegalArgumentException(String.format(Locale.ROOT,
              "%s may hold only visible ASCII, but has [U+%04X] at index [%d] (the key is not shown)", what, (int) c, i));
        }
      }
    }

    private static Duration positive(Duration duration, String what) {
      Objects.requireNonNull(duration, what);
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got [" + duration + "]");
      }
      return duration;
    }
  }
}
