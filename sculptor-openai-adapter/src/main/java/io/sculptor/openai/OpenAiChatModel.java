package io.sculptor.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ContextLengthExceededException;
import io.sculptor.model.ProviderError;
import io.sculptor.openai.internal.BoundedBodySubscriber;
import io.sculptor.openai.internal.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChatModel} for any endpoint that speaks the OpenAI Chat Completions API: OpenAI,
 * Moonshot/Kimi, DeepSeek, vLLM, Ollama, OpenRouter, Together, Groq… Built on
 * {@code java.net.http}; no other HTTP stack is needed.
 *
 * <p>Failed calls are retried with exponential backoff and full jitter on HTTP 429, 500–504,
 * connection failures and timeouts, up to {@link Builder#maxAttempts(int)} attempts in all. A 429
 * whose error type or code is {@code insufficient_quota} is not retried: no wait refills a quota. A
 * {@code retry-after-ms} or {@code Retry-After} header (seconds or an HTTP date) replaces the
 * backoff; when it asks for longer than {@link Builder#maxBackoff(Duration)} the call fails at once
 * instead of waiting. A header value that is not a plain non-negative number or date ({@code NaN},
 * {@code -5}, {@code Infinity}…) counts as absent, so the backoff applies. Failures are {@link ChatModelException}s that carry the HTTP status, the
 * provider's error type, code and message and the {@code x-request-id}; a request longer than the
 * model's context window throws {@link ContextLengthExceededException}.
 *
 * <p>Each attempt is bounded in time and memory: {@link Builder#requestTimeout(Duration)} covers
 * the whole exchange, from sending the request to the last byte of the response body, and no
 * response body longer than {@link Builder#maxResponseBytes(int)} is read — a longer one fails with
 * {@link ResponseTooLargeException} once the limit is reached, without being held in memory.
 *
 * <p>The API key is sent only in the {@code Authorization} header; it never appears in logs,
 * exceptions or {@link #toString()}. Where a provider echoes it in an error body (for example
 * {@code Incorrect API key provided: sk-…}), every occurrence is replaced by {@code [redacted]}
 * before the text is logged or stored in a {@link ChatModelException}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class OpenAiChatModel implements ChatModel {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiChatModel.class);

  /** The default base URL, OpenAI's. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
  /** The environment variable the API key is read from by default. */
  public static final String DEFAULT_API_KEY_VARIABLE = "OPENAI_API_KEY";
  /** The default {@link Builder#maxResponseBytes(int)}: 32 MiB. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

  /** A delay in Retry-After or retry-after-ms: decimal digits, optionally with a fraction. */
  private static final Pattern DELAY = Pattern.compile("[0-9]+(\\.[0-9]+)?");
  /** Delays are capped at about 31 years, far beyond any maximum backoff. */
  private static final BigDecimal LONGEST_DELAY_MILLIS = BigDecimal.valueOf(1_000_000_000_000L);

  /** What replaces the API key wherever a provider echoes it. */
  private static final String REDACTED = "[redacted]";

  private final URI endpoint;
  private final String apiKey;
  private final String model;
  private final ObjectNode extraBody;
  private final Map<String, String> headers;
  private final Duration requestTimeout;
  private final int maxResponseBytes;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final HttpClient client;

  private OpenAiChatModel(Builder builder, String apiKey) {
    this.endpoint = URI.create(stripSlash(builder.baseUrl) + "/chat/completions");
    this.apiKey = apiKey;
    this.model = builder.model;
    this.extraBody = builder.extraBody.deepCopy();
    Map<String, String> named = new LinkedHashMap<>();
    builder.headers.values().forEach(h -> named.put(h.getKey(), h.getValue()));
    this.headers = Map.copyOf(named);
    this.requestTimeout = builder.requestTimeout;
    this.maxResponseBytes = builder.maxResponseBytes;
    this.maxAttempts = builder.maxAttempts;
    this.initialBackoff = builder.initialBackoff;
    this.maxBackoff = builder.maxBackoff;
    this.client = HttpClient.newBuilder().connectTimeout(builder.connectTimeout)
        .version(HttpClient.Version.HTTP_1_1).build();
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
    return endpoint;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    byte[] body = Json.writeBytes(ChatCompletionsFormat.request(model, request, extraBody));
    for (int attempt = 1; ; attempt++) {
      Answer answer;
      try {
        answer = send(body, attempt);
      } catch (HttpConnectTimeoutException e) {
        retryOrThrow(attempt, null, new ChatModelException(ChatModelException.Kind.CONNECTION,
            failure("could not connect within the connect timeout", attempt), e));
        continue;
      } catch (HttpTimeoutException e) {
        String what = e instanceof BodyTimeoutException ? "response body not complete within [" : "no response within [";
        retryOrThrow(attempt, null, new ChatModelException(ChatModelException.Kind.TIMEOUT,
            failure(what + requestTimeout + "]", attempt), e));
        continue;
      } catch (IOException e) {
        retryOrThrow(attempt, null, new ChatModelException(ChatModelException.Kind.CONNECTION,
            failure("connection failed (" + e.getClass().getSimpleName() + ")", attempt), e));
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChatModelException(ChatModelException.Kind.CONNECTION,
            "interrupted while calling [" + endpoint + "]", e);
      }
      int status = answer.status();
      String requestId = redact(answer.requestId());
      LOG.debug("POST {} attempt {} of {}: HTTP {} (request id {})", endpoint, attempt, maxAttempts, status, requestId);
      if (status >= 200 && status < 300) {
        return parse(answer.body(), status, requestId);
      }
      ChatModelException error = error(answer, attempt);
      if (status == 429 && !quotaExhausted(error) || status >= 500 && status <= 504) {
        retryOrThrow(attempt, retryAfter(answer.headers()), error);
        continue;
      }
      throw error;
    }
  }

  /** One attempt's answer: its status, headers and whole body. */
  private record Answer(int status, HttpHeaders headers, byte[] body) {
    String requestId() {
      return headers.firstValue("x-request-id").orElse(null);
    }
  }

  /** The response started but its body did not end within the request timeout. */
  private static final class BodyTimeoutException extends HttpTimeoutException {
    private static final long serialVersionUID = 1L;

    BodyTimeoutException(String message) {
      super(message);
    }
  }

  /**
   * Sends one attempt and reads the whole answer, of at most {@link #maxResponseBytes} bytes,
   * within {@link #requestTimeout}; at the deadline it stops reading and closes the connection.
   *
   * @throws ResponseTooLargeException when the body is longer than {@link #maxResponseBytes}
   * @throws HttpTimeoutException when the answer is not complete within the request timeout
   */
  private Answer send(byte[] body, int attempt) throws IOException, InterruptedException {
    AtomicReference<HttpResponse.ResponseInfo> head = new AtomicReference<>();
    AtomicReference<BoundedBodySubscriber> reader = new AtomicReference<>();
    CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(httpRequest(body), info -> {
      head.set(info);
      BoundedBodySubscriber subscriber = new BoundedBodySubscriber(maxResponseBytes, contentLength(info.headers()));
      reader.set(subscriber);
      return subscriber;
    });
    try {
      HttpResponse<byte[]> response = exchange.get(requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
      return new Answer(response.statusCode(), response.headers(), response.body());
    } catch (TimeoutException e) {
      stop(exchange, reader.get());
      if (head.get() == null) {
        throw new HttpTimeoutException("no response within [" + requestTimeout + "]");
      }
      throw new BodyTimeoutException("response body not complete within [" + requestTimeout + "]");
    } catch (InterruptedException e) {
      stop(exchange, reader.get());
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      HttpResponse.ResponseInfo info = head.get();
      Throwable tooLarge = causedBy(cause, BoundedBodySubscriber.TooLargeException.class);
      if (info != null && tooLarge != null) {
        int status = info.statusCode();
        throw new ResponseTooLargeException(String.format(Locale.ROOT,
            "[%s]: HTTP [%d] with a body longer than maxResponseBytes [%d] (%s); not read further, after %d attempt(s)",
            endpoint, status, maxResponseBytes, tooLarge.getMessage(), attempt),
            maxResponseBytes, status, redact(info.headers().firstValue("x-request-id").orElse(null)));
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IOException(cause);
    }
  }

  private static void stop(CompletableFuture<?> exchange, BoundedBodySubscriber reader) {
    if (reader != null) {
      reader.abort();
    }
    exchange.cancel(true);
  }

  private static Throwable causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
    }
    return null;
  }

  private static long contentLength(HttpHeaders headers) {
    try {
      return headers.firstValueAsLong("content-length").orElse(-1);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private HttpRequest httpRequest(byte[] body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
        .timeout(requestTimeout)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (apiKey != null) {
      builder.header("Authorization", "Bearer " + apiKey);
    }
    headers.forEach(builder::header);
    return builder.build();
  }

  /** Sleeps before the next attempt, or throws {@code error} when no attempt is left. */
  private void retryOrThrow(int attempt, Duration retryAfter, ChatModelException error) {
    if (attempt >= maxAttempts) {
      throw error;
    }
    Duration wait;
    if (retryAfter != null) {
      if (retryAfter.compareTo(maxBackoff) > 0) {
        String longer = error.getMessage() + "; the provider asked to retry after [" + retryAfter
            + "], longer than the maximum backoff [" + maxBackoff + "]";
        throw error.providerError()
            .map(said -> new ChatModelException(error.kind(), longer, said, error.getCause()))
            .orElseGet(() -> new ChatModelException(error.kind(), longer, error.getCause()));
      }
      wait = retryAfter;
    } else {
      long ceiling = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(20, attempt - 1));
      wait = Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    }
    LOG.debug("retrying {} in {} after: {}", endpoint, wait, error.getMessage());
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw error;
    }
  }

  private ChatResponse parse(byte[] body, int status, String requestId) {
    try {
      return ChatCompletionsFormat.response(Json.read(body));
    } catch (JsonProcessingException | WireFormatException e) {
      // Parse errors quote the body; a body that echoes the key must not reach the cause chain.
      throw new ChatModelException(ChatModelException.Kind.INVALID_RESPONSE,
          "the response of [" + endpoint + "] is not a chat completion: " + shorten(redact(e.getMessage())),
          ProviderError.of(status).withRequestId(requestId), mentionsKey(e) ? null : e);
    }
  }

  private ChatModelException error(Answer answer, int attempt) {
    int status = answer.status();
    String requestId = redact(answer.requestId());
    String type = null;
    String code = null;
    String message = null;
    try {
      JsonNode error = Json.read(answer.body()).path("error");
      type = redact(text(error.get("type")));
      code = redact(text(error.get("code")));
      message = redact(text(error.get("message")));
      if (error.isTextual()) {
        message = redact(error.textValue());
      }
    } catch (JsonProcessingException e) {
      message = shorten(redact(new String(answer.body(), 0, Math.min(answer.body().length, 1200), StandardCharsets.UTF_8)));
    }
    String summary = String.format(Locale.ROOT, "HTTP [%d] from [%s]%s%s%s after %d attempt(s)", status, endpoint,
        type == null ? "" : " type [" + type + "]", code == null ? "" : " code [" + code + "]",
        message == null ? "" : ": " + shorten(message), attempt);
    ProviderError said = ProviderError.of(status).withType(type).withCode(code).withMessage(message)
        .withRequestId(requestId);
    boolean tooLong = "context_length_exceeded".equals(code) || "string_above_max_length".equals(code)
        || message != null && (message.contains("maximum context length") || message.contains("context_length_exceeded")
            || message.contains("context window"));
    if (tooLong) {
      return new ContextLengthExceededException(summary, said);
    }
    ChatModelException.Kind kind = status == 401 || status == 403 ? ChatModelException.Kind.AUTHENTICATION
        : status == 429 ? ChatModelException.Kind.RATE_LIMITED
        : status >= 500 ? ChatModelException.Kind.SERVER_ERROR : ChatModelException.Kind.BAD_REQUEST;
    return new ChatModelException(kind, summary, said, null);
  }

  /**
   * {@return the wait the provider asks for: {@code retry-after-ms}, else {@code Retry-After} in
   * seconds or as an HTTP date; null when neither holds a usable value}
   */
  private static Duration retryAfter(HttpHeaders headers) {
    Optional<Duration> millis = headers.firstValue("retry-after-ms").flatMap(value -> delay(value, 1));
    if (millis.isPresent()) {
      return millis.get();
    }
    Optional<String> header = headers.firstValue("retry-after");
    if (header.isEmpty()) {
      return null;
    }
    String value = header.get().trim();
    Optional<Duration> seconds = delay(value, 1000);
    if (seconds.isPresent()) {
      return seconds.get();
    }
    try {
      Duration until = Duration.between(ZonedDateTime.now(),
          ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
      return until.isNegative() ? Duration.ZERO : until;
    } catch (DateTimeParseException notDate) {
      return null;
    }
  }

  /**
   * {@return {@code value} units of {@code unitMillis} milliseconds, when {@code value} is plain
   * decimal digits with an optional fraction} Anything else — negative, {@code NaN}, infinite,
   * an exponent or hexadecimal — is no usable value: reading it as zero would retry at once.
   */
  private static Optional<Duration> delay(String value, long unitMillis) {
    String trimmed = value.trim();
    if (!DELAY.matcher(trimmed).matches()) {
      return Optional.empty();
    }
    BigDecimal millis = new BigDecimal(trimmed).multiply(BigDecimal.valueOf(unitMillis))
        .setScale(0, RoundingMode.CEILING);
    return Optional.of(Duration.ofMillis(millis.min(LONGEST_DELAY_MILLIS).longValueExact()));
  }

  /** A 429 that says the quota is spent: no retry helps until someone adds credit. */
  private static boolean quotaExhausted(ChatModelException error) {
    return error.errorCode().filter("insufficient_quota"::equals).isPresent()
        || error.errorType().filter("insufficient_quota"::equals).isPresent();
  }

  /**
   * {@return {@code text} with every occurrence of the API key replaced by {@value #REDACTED}}
   * Providers echo keys in error messages; nothing this class stores, logs or throws may carry one.
   */
  private String redact(String text) {
    return text == null || apiKey == null ? text : text.replace(apiKey, REDACTED);
  }

  private boolean mentionsKey(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (apiKey != null && t.getMessage() != null && t.getMessage().contains(apiKey)) {
        return true;
      }
    }
    return false;
  }

  private String failure(String what, int attempt) {
    return String.format(Locale.ROOT, "[%s]: %s after %d attempt(s)", endpoint, what, attempt);
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.isTextual() ? node.textValue() : node.toString();
  }

  private static String shorten(String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= 300 ? text : text.substring(0, 297) + "...";
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Override
  public String toString() {
    return "OpenAiChatModel[endpoint=" + endpoint + ", model=" + model + ", apiKey="
        + (apiKey == null ? "none" : "(set)") + ", requestTimeout=" + requestTimeout + ", maxResponseBytes="
        + maxResponseBytes + ", maxAttempts=" + maxAttempts + "]";
  }

  /**
   * Configures an {@link OpenAiChatModel}. Mutable, not thread-safe.
   *
   * <p>Each setter checks its argument when it is called and names a bad value in its
   * {@link IllegalArgumentException} (never an API key or a header value, which may be secret).
   * Settings that contradict each other are refused with an {@link IllegalStateException} naming
   * both: a second credential setting that differs from the first ({@link #apiKey(String)},
   * {@link #apiKeyFromEnvironment(String)}, {@link #noApiKey()}), a header set again, in any case,
   * to another value, or a parameter set again to another value. Repeating a setting with the same
   * value is harmless. Other settings hold their last value.
   *
   * <table>
   *   <caption>Settings and defaults</caption>
   *   <tr><th>setting</th><th>default</th></tr>
   *   <tr><td>{@link #baseUrl(String)}</td><td>{@value OpenAiChatModel#DEFAULT_BASE_URL}</td></tr>
   *   <tr><td>credentials</td><td>the key in {@value OpenAiChatModel#DEFAULT_API_KEY_VARIABLE}</td></tr>
   *   <tr><td>{@link #model(String)}</td><td>none: required</td></tr>
   *   <tr><td>{@link #connectTimeout(Duration)}</td><td>10 s</td></tr>
   *   <tr><td>{@link #requestTimeout(Duration)}</td><td>2 min per attempt, whole body included</td></tr>
   *   <tr><td>{@link #maxResponseBytes(int)}</td><td>32 MiB</td></tr>
   *   <tr><td>{@link #maxAttempts(int)}</td><td>4</td></tr>
   *   <tr><td>{@link #initialBackoff(Duration)}</td><td>500 ms</td></tr>
   *   <tr><td>{@link #maxBackoff(Duration)}</td><td>30 s</td></tr>
   * </table>
   */
  public static final class Builder {
    /** Body fields the model writes itself: a parameter must not replace them. */
    private static final Set<String> MODEL_FIELDS = Set.of("model", "messages", "tools", "tool_choice", "stream",
        "stream_options");
    /** Headers the model sends itself: a header setting must not send them a second time. */
    private static final Set<String> MODEL_HEADERS = Set.of("authorization", "content-type", "accept");

    private String baseUrl = DEFAULT_BASE_URL;
    /** The credential setting made, as a call a reader recognises (never showing a key), or null. */
    private String credentialSetting;
    private String apiKey;
    private String apiKeyVariable = DEFAULT_API_KEY_VARIABLE;
    private boolean noApiKey;
    private String model;
    private final ObjectNode extraBody = Json.object();
    /** Headers by lower-case name: the name as given, and the value. */
    private final Map<String, Map.Entry<String, String>> headers = new LinkedHashMap<>();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofMinutes(2);
    private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    private int maxAttempts = 4;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);

    private Builder() {}

    /**
     * Sets the base URL, e.g. {@code http://localhost:11434/v1} for Ollama; {@code /chat/completions}
     * is added.
     *
     * @throws IllegalArgumentException if {@code url} is not an absolute http or https URL with a
     *     host, or has a query or fragment
     */
    public Builder baseUrl(String url) {
      Objects.requireNonNull(url, "url");
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("base URL is not a URL, got [" + url + "]: " + e.getReason(), e);
      }
      if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new IllegalArgumentException("base URL must be http or https, got [" + url + "]");
      }
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("base URL needs a host, got [" + url + "]");
      }
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new IllegalArgumentException("base URL must not have a query or fragment, got [" + url + "]");
      }
      this.baseUrl = url;
      return this;
    }

    /**
     * Sets the API key directly, sent as {@code Authorization: Bearer <key>}.
     *
     * @throws IllegalArgumentException if {@code key} is blank or holds anything but visible ASCII
     *     (a space, a line break, a non-ASCII letter); the message never shows the key
     * @throws IllegalStateException if another credential setting was made
     */
    public Builder apiKey(String key) {
      checkApiKey(Objects.requireNonNull(key, "key"), "the API key");
      if ("apiKey(...)".equals(credentialSetting) && !key.equals(apiKey)) {
        throw new IllegalStateException(
            "[apiKey(...)] is already set to a different key; set the API key once (the keys are not shown)");
      }
      credential("apiKey(...)");
      this.apiKey = key;
      return this;
    }

    /**
     * Reads the API key from environment variable {@code variable} when {@link #build()} runs;
     * by default from {@value OpenAiChatModel#DEFAULT_API_KEY_VARIABLE}.
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
     * Sends no {@code Authorization} header, for local endpoints such as Ollama or vLLM.
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
        throw new IllegalStateException(String.format(Locale.ROOT,
            "[%s] is already set, so [%s] would contradict it; call only one of apiKey(...), "
                + "apiKeyFromEnvironment(...) and noApiKey()", credentialSetting, setting));
      }
      credentialSetting = setting;
    }

    /**
     * Sets the model name, e.g. {@code gpt-4o-mini}; required.
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
     * Adds a body parameter sent with every request, e.g. {@code temperature}; {@code value} is
     * anything Jackson writes (a string, number, boolean, map, list, record… or null).
     *
     * @throws IllegalArgumentException if {@code name} is blank or a field the model writes itself
     *     ({@code model}, {@code messages}, {@code tools}, {@code tool_choice}, {@code stream},
     *     {@code stream_options}), or {@code value} cannot be written as JSON
     * @throws IllegalStateException if {@code name} is already set to another value
     */
    public Builder parameter(String name, Object value) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("parameter name must not be blank, got [" + name + "]");
      }
      if (MODEL_FIELDS.contains(name)) {
        throw new IllegalArgumentException("[" + name + "] is set by the model itself, not as a parameter");
      }
      JsonNode json;
      try {
        json = Json.toTree(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "parameter [%s] cannot be written as JSON, got a [%s]", name, value.getClass().getName()), e);
      }
      JsonNode earlier = extraBody.get(name);
      if (earlier != null && !earlier.equals(json)) {
        throw new IllegalStateException(String.format(Locale.ROOT,
            "parameter [%s] is already set to [%s], so parameter(\"%s\", [%s]) would contradict it",
            name, Json.write(earlier), name, Json.write(json)));
      }
      extraBody.set(name, json);
      return this;
    }

    /**
     * Adds a header sent with every request, e.g. OpenRouter's {@code HTTP-Referer}.
     *
     * @throws IllegalArgumentException if {@code name} is not an HTTP header name the JDK client may
     *     send, or one the model sends itself ({@code Authorization}, {@code Content-Type},
     *     {@code Accept}), or {@code value} is not a valid header value (the value is not shown)
     * @throws IllegalStateException if a header of that name, in any case, is already set to
     *     another value
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      String key = name.toLowerCase(Locale.ROOT);
      if (key.equals("authorization")) {
        throw new IllegalArgumentException("header [" + name + "] is the API key: set it with apiKey(), not as a header");
      }
      if (MODEL_HEADERS.contains(key)) {
        throw new IllegalArgumentException("header [" + name + "] is sent by the model itself");
      }
      try {
        HttpRequest.newBuilder().header(name, "x");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("header [" + name + "] cannot be sent: " + e.getMessage(), e);
      }
      try {
        HttpRequest.newBuilder().header("X-Sculptor-Check", value);
      } catch (IllegalArgumentException e) {
        // The JDK's message quotes the value, which may be a credential: leave it out.
        throw new IllegalArgumentException("header [" + name
            + "] has a value HTTP does not allow, such as a line break (the value is not shown)");
      }
      Map.Entry<String, String> earlier = headers.get(key);
      if (earlier != null && !earlier.getValue().equals(value)) {
        throw new IllegalStateException(String.format(Locale.ROOT,
            "[header(\"%s\", ...)] is already set to another value, so [header(\"%s\", ...)] would contradict it"
                + " (the values are not shown)", earlier.getKey(), name));
      }
      headers.put(key, Map.entry(earlier == null ? name : earlier.getKey(), value));
      return this;
    }

    /** Sets how long to wait for a connection; default 10 seconds. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * Sets how long each attempt may take, from sending the request to the last byte of the
     * response body; default 2 minutes. At the deadline the attempt stops reading, closes the
     * connection and fails with {@link ChatModelException.Kind#TIMEOUT} (retried like any timeout).
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /**
     * Sets the longest response body read, in bytes, for successes and errors alike; default
     * {@link #DEFAULT_MAX_RESPONSE_BYTES} (32 MiB). A longer body is never held in memory: the
     * model stops reading at the limit (at once when the declared {@code Content-Length} is
     * longer), closes the connection and throws {@link ResponseTooLargeException} without retrying.
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

    /** Sets the number of attempts in all, at least 1; default 4. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got [" + attempts + "]");
      }
      this.maxAttempts = attempts;
      return this;
    }

    /** Sets the first backoff; each later one doubles, with full jitter; default 500 ms. */
    public Builder initialBackoff(Duration backoff) {
      this.initialBackoff = positive(backoff, "initialBackoff");
      return this;
    }

    /** Sets the longest wait between attempts, and the longest Retry-After honoured; default 30 s. */
    public Builder maxBackoff(Duration backoff) {
      this.maxBackoff = positive(backoff, "maxBackoff");
      return this;
    }

    /**
     * {@return the model}
     *
     * @throws IllegalStateException if no model is set, or the API key variable is not set and
     *     neither {@link #apiKey(String)} nor {@link #noApiKey()} was called
     */
    public OpenAiChatModel build() {
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
      return new OpenAiChatModel(this, key);
    }

    /**
     * Checks that {@code key} can travel in an {@code Authorization} header: not blank, visible
     * ASCII only. The message never shows the key: the JDK's own check would quote it.
     */
    private static void checkApiKey(String key, String what) {
      if (key.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      for (int i = 0; i < key.length(); i++) {
        char c = key.charAt(i);
        if (c <= ' ' || c >= 0x7f) {
          throw new IllegalArgumentException(String.format(Locale.ROOT,
              "%s may hold only visible ASCII, but has [U+%04X] at index [%d] of [%d] (the key is not shown)",
              what, (int) c, i, key.length()));
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
