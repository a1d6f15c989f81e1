package io.sculptor.openai.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ContextLengthExceededException;
import io.sculptor.model.ProviderError;
import io.sculptor.openai.ResponseTooLargeException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the adapter's models, shared by the Chat Completions and the Responses model:
 * one POST endpoint, its credentials and headers, retries with exponential backoff and full jitter,
 * bounded attempts (time and bytes), typed errors and redaction of the API key. Immutable and
 * thread-safe.
 */
public final class OpenAiHttp {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiHttp.class);

  /** A delay in Retry-After or retry-after-ms: decimal digits, optionally with a fraction. */
  private static final Pattern DELAY = Pattern.compile("[0-9]+(\\.[0-9]+)?");
  /** Delays are capped at about 31 years, far beyond any maximum backoff. */
  private static final BigDecimal LONGEST_DELAY_MILLIS = BigDecimal.valueOf(1_000_000_000_000L);
  /** What replaces the API key wherever a provider echoes it. */
  private static final String REDACTED = "[redacted]";

  /**
   * Everything an {@link OpenAiHttp} needs, checked by the public builders before it gets here.
   *
   * @param endpoint the URL requests are posted to
   * @param apiKey the key sent as a bearer token, or null for none
   * @param headers the headers sent with every request, by name as given
   * @param requestTimeout the bound of one attempt, whole body included
   * @param maxResponseBytes the longest body read
   * @param maxAttempts attempts in all
   * @param initialBackoff the first wait
   * @param maxBackoff the longest wait and the longest Retry-After honoured
   * @param client the HTTP client
   */
  public record Config(URI endpoint, String apiKey, Map<String, String> headers, Duration requestTimeout,
      int maxResponseBytes, int maxAttempts, Duration initialBackoff, Duration maxBackoff, HttpClient client) {
    /** Copies the headers and checks that nothing is null. */
    public Config {
      Objects.requireNonNull(endpoint, "endpoint");
      headers = Map.copyOf(headers);
      Objects.requireNonNull(requestTimeout, "requestTimeout");
      Objects.requireNonNull(initialBackoff, "initialBackoff");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
      Objects.requireNonNull(client, "client");
    }
  }

  /** One attempt's answer read whole: its status, headers and body. */
  public record Answer(int status, HttpHeaders headers, byte[] body) {
    /** {@return the provider's request id header, or null} */
    public String requestId() {
      return headers.firstValue("x-request-id").orElse(null);
    }

    boolean isSuccess() {
      return status >= 200 && status < 300;
    }
  }

  /**
   * Reads a successful streamed answer. Called on the thread that called
   * {@link #stream(byte[], StreamReader)}.
   *
   * @param <T> what the reader makes of the stream
   */
  public interface StreamReader<T> {
    /**
     * Reads the events of a {@code text/event-stream} answer until it is done.
     *
     * @param events the events, as they arrive
     * @param requestId the provider's request id (redacted), or null
     * @return the result
     */
    T events(SseEvents events, String requestId);

    /**
     * Reads a successful answer that came whole rather than as a stream (a server that ignored
     * {@code "stream": true}).
     *
     * @param body the whole body
     * @param requestId the provider's request id (redacted), or null
     * @return the result
     */
    T whole(byte[] body, String requestId);
  }

  private final Config config;

  /**
   * Creates the transport.
   *
   * @param config the settings
   */
  public OpenAiHttp(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** {@return the URL requests are posted to} */
  public URI endpoint() {
    return config.endpoint();
  }

  /** {@return whether an API key is sent} */
  public boolean hasApiKey() {
    return config.apiKey() != null;
  }

  /**
   * {@return a description of a model on this transport for {@code toString()}}: its endpoint,
   * model, whether a key is set (never the key), and the limits
   */
  public String describe(String type, String model, String extra) {
    return type + "[endpoint=" + config.endpoint() + ", model=" + model + ", apiKey="
        + (config.apiKey() != null ? "(set)" : "none") + extra + ", requestTimeout=" + config.requestTimeout()
        + ", maxResponseBytes=" + config.maxResponseBytes() + ", maxAttempts=" + config.maxAttempts() + "]";
  }

  /** {@return the settings} */
  public Config config() {
    return config;
  }

  /**
   * Posts {@code body} and reads the whole answer, retrying what the retry rules allow.
   *
   * @return a successful (2xx) answer
   * @throws ChatModelException when no attempt succeeds
   */
  public Answer post(byte[] body) {
    return (Answer) call(body, false);
  }

  /**
   * Posts {@code body} asking for a stream, retrying until the provider answers 2xx (a stream is
   * never retried once it has started), and hands the answer to {@code reader} on this thread.
   *
   * @throws ChatModelException when no attempt succeeds, or the stream fails
   */
  public <T> T stream(byte[] body, StreamReader<T> reader) {
    Object opened = call(body, true);
    if (opened instanceof Answer whole) {
      return reader.whole(whole.body(), redact(whole.requestId()));
    }
    Opened stream = (Opened) opened;
    String requestId = redact(stream.info().headers().firstValue("x-request-id").orElse(null));
    try (SseEvents events = new SseEvents(stream.subscriber(), stream.deadlineNanos(), config.maxResponseBytes(),
        new StreamFailures(requestId, stream.info().statusCode()))) {
      return reader.events(events, requestId);
    }
  }

  /** A stream whose head arrived: its head, its body's queue and the attempt's deadline. */
  private record Opened(HttpResponse.ResponseInfo info, QueuedBodySubscriber subscriber, long deadlineNanos) {}

  /** How a stream's reading failures become exceptions with this endpoint's wording. */
  final class StreamFailures {
    private final String requestId;
    private final int status;

    StreamFailures(String requestId, int status) {
      this.requestId = requestId;
      this.status = status;
    }

    ChatModelException timeout() {
      return new ChatModelException(ChatModelException.Kind.TIMEOUT,
          failure("stream not complete within [" + config.requestTimeout() + "]", 1), null);
    }

    ChatModelException broken(IOException e) {
      return new ChatModelException(ChatModelException.Kind.CONNECTION,
          failure("the stream broke off (" + e.getClass().getSimpleName() + ")", 1),
          ProviderError.of(status).withRequestId(requestId), mentionsKey(e) ? null : e);
    }

    ChatModelException tooLarge() {
      return new ResponseTooLargeException(String.format(Locale.ROOT,
          "[%s]: HTTP [%d] with a stream longer than maxResponseBytes [%d]; not read further",
          config.endpoint(), status, config.maxResponseBytes()), config.maxResponseBytes(), status, requestId);
    }
  }

  private Object call(byte[] body, boolean stream) {
    Objects.requireNonNull(body, "body");
    for (int attempt = 1; ; attempt++) {
      Object answer;
      try {
        answer = send(body, attempt, stream);
      } catch (HttpConnectTimeoutException e) {
        retryOrThrow(attempt, null, new ChatModelException(ChatModelException.Kind.CONNECTION,
            failure("could not connect within the connect timeout", attempt), e));
        continue;
      } catch (HttpTimeoutException e) {
        String what = e instanceof BodyTimeoutException ? "response body not complete within [" : "no response within [";
        retryOrThrow(attempt, null, new ChatModelException(ChatModelException.Kind.TIMEOUT,
            failure(what + config.requestTimeout() + "]", attempt), e));
        continue;
      } catch (IOException e) {
        retryOrThrow(attempt, null, new ChatModelException(ChatModelException.Kind.CONNECTION,
            failure("connection failed (" + e.getClass().getSimpleName() + ")", attempt), mentionsKey(e) ? null : e));
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChatModelException(ChatModelException.Kind.CONNECTION,
            "interrupted while calling [" + config.endpoint() + "]", e);
      }
      if (answer instanceof Opened opened) {
        LOG.debug("POST {} attempt {} of {}: HTTP {}, streaming (request id {})", config.endpoint(), attempt,
            config.maxAttempts(), opened.info().statusCode(),
            redact(opened.info().headers().firstValue("x-request-id").orElse(null)));
        return opened;
      }
      Answer whole = (Answer) answer;
      int status = whole.status();
      LOG.debug("POST {} attempt {} of {}: HTTP {} (request id {})", config.endpoint(), attempt, config.maxAttempts(),
          status, redact(whole.requestId()));
      if (whole.isSuccess()) {
        return whole;
      }
      ChatModelException error = error(whole, attempt);
      if (status == 429 && !quotaExhausted(error) || status >= 500 && status <= 504) {
        retryOrThrow(attempt, retryAfter(whole.headers()), error);
        continue;
      }
      throw error;
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
   * Sends one attempt. Reads the whole answer, of at most {@code maxResponseBytes} bytes, within the
   * request timeout; except a successful {@code text/event-stream} answer to a stream request,
   * which it returns open, as an {@link Opened} whose body the caller reads.
   *
   * @throws ResponseTooLargeException when the body is longer than {@code maxResponseBytes}
   * @throws HttpTimeoutException when the answer is not complete within the request timeout
   */
  private Object send(byte[] body, int attempt, boolean stream) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + config.requestTimeout().toNanos();
    AtomicReference<HttpResponse.ResponseInfo> head = new AtomicReference<>();
    AtomicReference<BoundedBodySubscriber> reader = new AtomicReference<>();
    AtomicReference<QueuedBodySubscriber> queue = new AtomicReference<>();
    CompletableFuture<HttpResponse<Object>> exchange = config.client().sendAsync(httpRequest(body, stream), info -> {
      head.set(info);
      if (stream && info.statusCode() / 100 == 2 && isEventStream(info.headers())) {
        QueuedBodySubscriber subscriber = new QueuedBodySubscriber();
        queue.set(subscriber);
        return HttpResponse.BodySubscribers.mapping(subscriber, ignored -> (Object) subscriber);
      }
      BoundedBodySubscriber subscriber = new BoundedBodySubscriber(config.maxResponseBytes(), contentLength(info.headers()));
      reader.set(subscriber);
      return HttpResponse.BodySubscribers.mapping(subscriber, bytes -> (Object) bytes);
    });
    try {
      HttpResponse<Object> response = exchange.get(config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
      if (response.body() instanceof QueuedBodySubscriber subscriber) {
        return new Opened(head.get(), subscriber, deadline);
      }
      return new Answer(response.statusCode(), response.headers(), (byte[]) response.body());
    } catch (TimeoutException e) {
      stop(exchange, reader.get(), queue.get());
      if (head.get() == null) {
        throw new HttpTimeoutException("no response within [" + config.requestTimeout() + "]");
      }
      throw new BodyTimeoutException("response body not complete within [" + config.requestTimeout() + "]");
    } catch (InterruptedException e) {
      stop(exchange, reader.get(), queue.get());
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
            config.endpoint(), status, config.maxResponseBytes(), tooLarge.getMessage(), attempt),
            config.maxResponseBytes(), status, redact(info.headers().firstValue("x-request-id").orElse(null)));
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

  private static boolean isEventStream(HttpHeaders headers) {
    return headers.firstValue("content-type").map(type -> type.toLowerCase(Locale.ROOT).startsWith("text/event-stream"))
        .orElse(false);
  }

  private static void stop(CompletableFuture<?> exchange, BoundedBodySubscriber reader, QueuedBodySubscriber queue) {
    if (reader != null) {
      reader.abort();
    }
    if (queue != null) {
      queue.close();
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

  private HttpRequest httpRequest(byte[] body, boolean stream) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(config.endpoint())
        .timeout(config.requestTimeout())
        .header("Content-Type", "application/json")
        .header("Accept", stream ? "text/event-stream" : "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (config.apiKey() != null) {
      builder.header("Authorization", "Bearer " + config.apiKey());
    }
    config.headers().forEach(builder::header);
    return builder.build();
  }

  /** Sleeps before the next attempt, or throws {@code error} when no attempt is left. */
  private void retryOrThrow(int attempt, Duration retryAfter, ChatModelException error) {
    if (attempt >= config.maxAttempts()) {
      throw error;
    }
    Duration wait;
    if (retryAfter != null) {
      if (retryAfter.compareTo(config.maxBackoff()) > 0) {
        String longer = error.getMessage() + "; the provider asked to retry after [" + retryAfter
            + "], longer than the maximum backoff [" + config.maxBackoff() + "]";
        throw error.providerError()
            .map(said -> new ChatModelException(error.kind(), longer, said, error.getCause()))
            .orElseGet(() -> new ChatModelException(error.kind(), longer, error.getCause()));
      }
      wait = retryAfter;
    } else {
      wait = fullJitter(config.initialBackoff(), config.maxBackoff(), attempt, ThreadLocalRandom.current());
    }
    LOG.debug("retrying {} in {} after: {}", config.endpoint(), wait, error.getMessage());
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw error;
    }
  }

  /**
   * {@return the wait before the attempt after {@code attempt}, with full jitter}: a uniformly
   * random duration from zero to {@code initial · 2^(attempt-1)}, capped at {@code max}. Full
   * jitter spreads the clients that failed together over the whole interval, so they do not come
   * back together.
   */
  public static Duration fullJitter(Duration initial, Duration max, int attempt, RandomGenerator random) {
    long ceiling = Math.min(max.toMillis(), initial.toMillis() << Math.min(20, Math.max(0, attempt - 1)));
    return Duration.ofMillis(random.nextLong(ceiling + 1));
  }

  /**
   * {@return the wait the provider asks for: {@code retry-after-ms}, else {@code Retry-After} in
   * seconds or as an HTTP date; null when neither holds a usable value}
   */
  public static Duration retryAfter(HttpHeaders headers) {
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
  public String redact(String text) {
    return text == null || config.apiKey() == null ? text : text.replace(config.apiKey(), REDACTED);
  }

  /** {@return whether {@code failure} or one of its causes quotes the API key} */
  public boolean mentionsKey(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (config.apiKey() != null && t.getMessage() != null && t.getMessage().contains(config.apiKey())) {
        return true;
      }
    }
    return false;
  }

  private String failure(String what, int attempt) {
    return String.format(Locale.ROOT, "[%s]: %s after %d attempt(s)", config.endpoint(), what, attempt);
  }

  /**
   * {@return the failure for a successful answer whose body this library cannot read}
   *
   * @param what what the body should have been, e.g. {@code a chat completion}
   * @param problem why it was not
   * @param status the HTTP status
   * @param requestId the request id, redacted
   */
  public ChatModelException invalidResponse(String what, Exception problem, int status, String requestId) {
    // Parse errors quote the body; a body that echoes the key must not reach the cause chain.
    return new ChatModelException(ChatModelException.Kind.INVALID_RESPONSE,
        "the response of [" + config.endpoint() + "] is not " + what + ": " + shorten(redact(problem.getMessage())),
        ProviderError.of(status).withRequestId(requestId), mentionsKey(problem) ? null : problem);
  }

  private ChatModelException error(Answer answer, int attempt) {
    JsonNode error;
    String unreadable = null;
    try {
      error = Json.read(answer.body()).path("error");
    } catch (JsonProcessingException e) {
      error = null;
      unreadable = shorten(redact(new String(answer.body(), 0, Math.min(answer.body().length, 1200), StandardCharsets.UTF_8)));
    }
    return providerError(answer.status(), error, unreadable, redact(answer.requestId()),
        String.format(Locale.ROOT, " after %d attempt(s)", attempt));
  }

  /**
   * {@return the typed failure for what a provider said}: the kind follows the HTTP status (or,
   * for an error inside a successful stream, the error's type and code), and a request longer than
   * the context window is a {@link ContextLengthExceededException}
   *
   * @param status the HTTP status of the answer
   * @param error the provider's error object ({@code {"type", "code", "message"}}) or a string;
   *     null or missing when there is none
   * @param unreadable the start of a body that is not JSON, or null
   * @param requestId the request id, redacted
   * @param suffix what to add to the summary, e.g. the attempts made
   */
  public ChatModelException providerError(int status, JsonNode error, String unreadable, String requestId,
      String suffix) {
    String type = null;
    String code = null;
    String message = unreadable;
    if (error != null && !error.isMissingNode() && !error.isNull()) {
      type = redact(text(error.get("type")));
      code = redact(text(error.get("code")));
      message = redact(error.isTextual() ? error.textValue() : text(error.get("message")));
    }
    String summary = String.format(Locale.ROOT, "HTTP [%d] from [%s]%s%s%s%s", status, config.endpoint(),
        type == null ? "" : " type [" + type + "]", code == null ? "" : " code [" + code + "]",
        message == null ? "" : ": " + shorten(message), suffix);
    ProviderError said = ProviderError.of(status).withType(type).withCode(code).withMessage(message)
        .withRequestId(requestId);
    boolean tooLong = "context_length_exceeded".equals(code) || "string_above_max_length".equals(code)
        || message != null && (message.contains("maximum context length") || message.contains("context_length_exceeded")
            || message.contains("context window"));
    if (tooLong) {
      return new ContextLengthExceededException(summary, said);
    }
    return new ChatModelException(kind(status, type, code), summary, said, null);
  }

  /**
   * {@return the kind of a provider's failure}: by the HTTP status, or for an error inside a
   * successful stream (a 2xx status), by the error's type and code
   *
   * @param status the HTTP status of the answer
   * @param type the error's type, or null
   * @param code the error's code, or null
   */
  public static ChatModelException.Kind kind(int status, String type, String code) {
    if (status / 100 == 2) {
      // An error inside a successful stream: only its type and code say what went wrong.
      String said = (type == null ? "" : type) + " " + (code == null ? "" : code);
      return said.contains("rate_limit") || said.contains("insufficient_quota") ? ChatModelException.Kind.RATE_LIMITED
          : said.contains("auth") || said.contains("api_key") ? ChatModelException.Kind.AUTHENTICATION
          : said.contains("invalid_request") ? ChatModelException.Kind.BAD_REQUEST
          : ChatModelException.Kind.SERVER_ERROR;
    }
    return status == 401 || status == 403 ? ChatModelException.Kind.AUTHENTICATION
        : status == 429 ? ChatModelException.Kind.RATE_LIMITED
        : status >= 500 ? ChatModelException.Kind.SERVER_ERROR : ChatModelException.Kind.BAD_REQUEST;
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.isTextual() ? node.textValue() : node.toString();
  }

  /** {@return {@code text} cut to 300 characters, with an ellipsis when cut; empty for null} */
  public static String shorten(String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= 300 ? text : text.substring(0, 297) + "...";
  }
}
