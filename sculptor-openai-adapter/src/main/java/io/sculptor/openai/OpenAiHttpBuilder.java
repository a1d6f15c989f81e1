package io.sculptor.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.model.ChatModelException;
import io.sculptor.openai.internal.Json;
import io.sculptor.openai.internal.OpenAiHttp;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The settings that {@link OpenAiChatModel.Builder} and {@link OpenAiResponsesModel.Builder}
 * share: the endpoint, credentials, headers, body parameters, the HTTP client, timeouts, size and
 * retry limits. Mutable, not thread-safe; only the two builders extend it.
 *
 * <p>Each setter checks its argument when it is called and names a bad value in its
 * {@link IllegalArgumentException} (never an API key or a header value, which may be secret).
 * Settings that contradict each other are refused with an {@link IllegalStateException} naming
 * both: a second credential setting that differs from the first ({@link #apiKey(String)},
 * {@link #apiKeyFromEnvironment(String)}, {@link #noApiKey()}), a header set again, in any case, to
 * another value, a parameter, organization or project set again to another value, or
 * {@link #connectTimeout(Duration)} together with {@link #httpClient(HttpClient)} (the client has
 * its own). Repeating a setting with the same value is harmless. Other settings hold their last
 * value.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>{@link #baseUrl(String)}</td><td>{@value OpenAiChatModel#DEFAULT_BASE_URL}</td></tr>
 *   <tr><td>credentials</td><td>the key in {@value OpenAiChatModel#DEFAULT_API_KEY_VARIABLE}</td></tr>
 *   <tr><td>{@link #organization(String)}, {@link #project(String)}</td><td>with the default
 *       credentials, {@value #ORGANIZATION_VARIABLE} and {@value #PROJECT_VARIABLE} when set;
 *       otherwise none</td></tr>
 *   <tr><td>{@link #model(String)}</td><td>none: required</td></tr>
 *   <tr><td>{@link #httpClient(HttpClient)}</td><td>a new HTTP/1.1 client</td></tr>
 *   <tr><td>{@link #connectTimeout(Duration)}</td><td>10 s (of the client made here)</td></tr>
 *   <tr><td>{@link #requestTimeout(Duration)}</td><td>2 min per attempt, whole body included</td></tr>
 *   <tr><td>{@link #maxResponseBytes(int)}</td><td>32 MiB</td></tr>
 *   <tr><td>{@link #maxAttempts(int)}</td><td>4</td></tr>
 *   <tr><td>{@link #initialBackoff(Duration)}</td><td>500 ms</td></tr>
 *   <tr><td>{@link #maxBackoff(Duration)}</td><td>30 s</td></tr>
 * </table>
 *
 * @param <B> the builder's own type, which every setter returns
 * @since 0.1
 */
public abstract class OpenAiHttpBuilder<B extends OpenAiHttpBuilder<B>> {
  /** The environment variable the organization is read from, with the default credentials. */
  public static final String ORGANIZATION_VARIABLE = "OPENAI_ORG_ID";
  /** The environment variable the project is read from, with the default credentials. */
  public static final String PROJECT_VARIABLE = "OPENAI_PROJECT_ID";

  /** Headers the model sends itself: a header setting must not send them a second time. */
  private static final Map<String, String> MODEL_HEADERS = Map.of(
      "authorization", "it is the API key: set it with apiKey(), not as a header",
      "content-type", "it is sent by the model itself",
      "accept", "it is sent by the model itself",
      "openai-organization", "set it with organization(...)",
      "openai-project", "set it with project(...)");

  private final String path;
  private final Function<String, String> reservedParameter;
  private String baseUrl = OpenAiChatModel.DEFAULT_BASE_URL;
  /** The credential setting made, as a call a reader recognises (never showing a key), or null. */
  private String credentialSetting;
  private String apiKey;
  private String apiKeyVariable = OpenAiChatModel.DEFAULT_API_KEY_VARIABLE;
  private boolean noApiKey;
  private String organization;
  private String project;
  private String model;
  private final ObjectNode extraBody = Json.object();
  /** Headers by lower-case name: the name as given, and the value. */
  private final Map<String, Map.Entry<String, String>> headers = new LinkedHashMap<>();
  private HttpClient httpClient;
  private Duration connectTimeout;
  private Duration requestTimeout = Duration.ofMinutes(2);
  private int maxResponseBytes = OpenAiChatModel.DEFAULT_MAX_RESPONSE_BYTES;
  private int maxAttempts = 4;
  private Duration initialBackoff = Duration.ofMillis(500);
  private Duration maxBackoff = Duration.ofSeconds(30);

  /**
   * Creates a builder for one API.
   *
   * @param path what {@link #baseUrl(String)} is followed by, e.g. {@code /chat/completions}
   * @param reservedParameter for a body field the model writes itself, why it is no parameter;
   *     null for any other
   */
  OpenAiHttpBuilder(String path, Function<String, String> reservedParameter) {
    this.path = path;
    this.reservedParameter = reservedParameter;
  }

  private B self() {
    @SuppressWarnings("unchecked")
    B self = (B) this;
    return self;
  }

  /**
   * Sets the base URL, e.g. {@code http://localhost:11434/v1} for Ollama; the API's path (such as
   * {@code /chat/completions} or {@code /responses}) is added.
   *
   * @param url an absolute http or https URL
   * @return this builder
   * @throws IllegalArgumentException if {@code url} is not an absolute http or https URL with a
   *     host, or has a query or fragment
   */
  public B baseUrl(String url) {
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
    return self();
  }

  /**
   * Sets the API key directly, sent as {@code Authorization: Bearer <key>}.
   *
   * @param key the key
   * @return this builder
   * @throws IllegalArgumentException if {@code key} is blank or holds anything but visible ASCII
   *     (a space, a line break, a non-ASCII letter); the message never shows the key
   * @throws IllegalStateException if another credential setting was made
   */
  public B apiKey(String key) {
    checkApiKey(Objects.requireNonNull(key, "key"), "the API key");
    if ("apiKey(...)".equals(credentialSetting) && !key.equals(apiKey)) {
      throw new IllegalStateException(
          "[apiKey(...)] is already set to a different key; set the API key once (the keys are not shown)");
    }
    credential("apiKey(...)");
    this.apiKey = key;
    return self();
  }

  /**
   * Reads the API key from environment variable {@code variable} when {@code build()} runs; by
   * default from {@value OpenAiChatModel#DEFAULT_API_KEY_VARIABLE}.
   *
   * @param variable the variable's name
   * @return this builder
   * @throws IllegalArgumentException if {@code variable} is blank
   * @throws IllegalStateException if another credential setting was made
   */
  public B apiKeyFromEnvironment(String variable) {
    if (Objects.requireNonNull(variable, "variable").isBlank()) {
      throw new IllegalArgumentException("variable name must not be blank, got [" + variable + "]");
    }
    credential("apiKeyFromEnvironment(\"" + variable + "\")");
    this.apiKeyVariable = variable;
    return self();
  }

  /**
   * Sends no {@code Authorization} header, for local endpoints such as Ollama or vLLM.
   *
   * @return this builder
   * @throws IllegalStateException if another credential setting was made
   */
  public B noApiKey() {
    credential("noApiKey()");
    this.noApiKey = true;
    return self();
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
   * Sends {@code OpenAI-Organization: id} with every request, for keys that belong to several
   * organizations. Without this setting, and with the default credentials (the key in
   * {@value OpenAiChatModel#DEFAULT_API_KEY_VARIABLE}), the organization in
   * {@value #ORGANIZATION_VARIABLE} is sent when that variable is set; with other credentials none
   * is, so another provider never receives OpenAI's organization.
   *
   * @param id the organization id, e.g. {@code org-…}
   * @return this builder
   * @throws IllegalArgumentException if {@code id} is blank or holds anything but visible ASCII
   * @throws IllegalStateException if another organization is already set
   */
  public B organization(String id) {
    this.organization = once("organization", organization, checkHeaderValue(id, "organization"));
    return self();
  }

  /**
   * Sends {@code OpenAI-Project: id} with every request. Without this setting, and with the
   * default credentials, the project in {@value #PROJECT_VARIABLE} is sent when that variable is
   * set.
   *
   * @param id the project id, e.g. {@code proj_…}
   * @return this builder
   * @throws IllegalArgumentException if {@code id} is blank or holds anything but visible ASCII
   * @throws IllegalStateException if another project is already set
   */
  public B project(String id) {
    this.project = once("project", project, checkHeaderValue(id, "project"));
    return self();
  }

  private static String once(String setting, String earlier, String value) {
    if (earlier != null && !earlier.equals(value)) {
      throw new IllegalStateException(String.format(Locale.ROOT,
          "%s is already set to [%s], so %s(\"%s\") would contradict it", setting, earlier, setting, value));
    }
    return value;
  }

  private static String checkHeaderValue(String id, String what) {
    Objects.requireNonNull(id, what);
    if (id.isBlank() || !id.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
      throw new IllegalArgumentException(what + " must be visible ASCII without spaces, got [" + id + "]");
    }
    return id;
  }

  /**
   * Sets the model name, e.g. {@code gpt-4o-mini}; required.
   *
   * @param name the model's name
   * @return this builder
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public B model(String name) {
    if (Objects.requireNonNull(name, "name").isBlank()) {
      throw new IllegalArgumentException("model name must not be blank, got [" + name + "]");
    }
    this.model = name;
    return self();
  }

  /**
   * Adds a body parameter sent with every request, e.g. {@code temperature}; {@code value} is
   * anything Jackson writes (a string, number, boolean, map, list, record… or null).
   *
   * @param name the body field
   * @param value its value
   * @return this builder
   * @throws IllegalArgumentException if {@code name} is blank or a field the model writes itself
   *     (the message says which setting to use instead: {@code stream} is
   *     {@code chat(request, listener)}), or {@code value} cannot be written as JSON
   * @throws IllegalStateException if {@code name} is already set to another value
   */
  public B parameter(String name, Object value) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("parameter name must not be blank, got [" + name + "]");
    }
    String reserved = reservedParameter.apply(name);
    if (reserved != null) {
      throw new IllegalArgumentException("[" + name + "] is not a parameter: " + reserved);
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
    return self();
  }

  /**
   * {@return why {@code name} is no parameter when the model streams, or null}; for the fields
   * both APIs share
   */
  static String streamField(String name) {
    return switch (name) {
      case "stream", "stream_options" -> "the model streams when called as a StreamingChatModel, "
          + "chat(request, listener), and asks for the whole answer otherwise";
      case "model" -> "set it with model(...)";
      default -> null;
    };
  }

  /**
   * Adds a header sent with every request, e.g. OpenRouter's {@code HTTP-Referer}.
   *
   * @param name the header's name
   * @param value its value
   * @return this builder
   * @throws IllegalArgumentException if {@code name} is not an HTTP header name the JDK client may
   *     send, or one the model sends itself ({@code Authorization}, {@code Content-Type},
   *     {@code Accept}, {@code OpenAI-Organization}, {@code OpenAI-Project}), or {@code value} is
   *     not a valid header value (the value is not shown)
   * @throws IllegalStateException if a header of that name, in any case, is already set to
   *     another value
   */
  public B header(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    String key = name.toLowerCase(Locale.ROOT);
    String own = MODEL_HEADERS.get(key);
    if (own != null) {
      throw new IllegalArgumentException("header [" + name + "] cannot be set: " + own);
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
    return self();
  }

  /**
   * Sends every request through {@code client} instead of a client made here: for a proxy, mutual
   * TLS (its {@code SSLContext}), an executor, HTTP/2, or instrumentation. The model never closes
   * or reconfigures it; the client's own connect timeout, redirect policy and version apply, and
   * this builder's {@link #requestTimeout(Duration)}, size and retry limits still bound each call.
   *
   * @param client the client, shared as it is
   * @return this builder
   * @throws IllegalStateException if {@link #connectTimeout(Duration)} was set: it configures the
   *     client made here, which {@code client} replaces
   */
  public B httpClient(HttpClient client) {
    Objects.requireNonNull(client, "client");
    if (connectTimeout != null) {
      throw new IllegalStateException("[connectTimeout(" + connectTimeout + ")] configures the client the model"
          + " makes, so [httpClient(...)] would contradict it; set the connect timeout on your client");
    }
    this.httpClient = client;
    return self();
  }

  /**
   * Sets how long to wait for a connection; default 10 seconds.
   *
   * @param timeout the timeout, positive
   * @return this builder
   * @throws IllegalStateException if {@link #httpClient(HttpClient)} was set: its own connect
   *     timeout applies
   */
  public B connectTimeout(Duration timeout) {
    Duration checked = positive(timeout, "connectTimeout");
    if (httpClient != null) {
      throw new IllegalStateException("[httpClient(...)] is set, so [connectTimeout(" + checked
          + ")] would not apply; set the connect timeout on your client");
    }
    this.connectTimeout = checked;
    return self();
  }

  /**
   * Sets how long each attempt may take, from sending the request to the last byte of the
   * response body (of a streamed answer too); default 2 minutes. At the deadline the attempt stops
   * reading, closes the connection and fails with {@link ChatModelException.Kind#TIMEOUT} (retried
   * like any timeout, unless a stream has started).
   *
   * @param timeout the timeout, positive
   * @return this builder
   */
  public B requestTimeout(Duration timeout) {
    this.requestTimeout = positive(timeout, "requestTimeout");
    return self();
  }

  /**
   * Sets the longest response body read, in bytes, for successes, streams and errors alike;
   * default {@link OpenAiChatModel#DEFAULT_MAX_RESPONSE_BYTES} (32 MiB). A longer body is never
   * held in memory: the model stops reading at the limit (at once when the declared
   * {@code Content-Length} is longer), closes the connection and throws
   * {@link ResponseTooLargeException} without retrying.
   *
   * @param bytes the limit, at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code bytes} is less than 1
   */
  public B maxResponseBytes(int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("maxResponseBytes must be at least 1, got [" + bytes + "]");
    }
    this.maxResponseBytes = bytes;
    return self();
  }

  /**
   * Sets the number of attempts in all, at least 1; default 4.
   *
   * @param attempts the attempts, the first included
   * @return this builder
   * @throws IllegalArgumentException if {@code attempts} is less than 1
   */
  public B maxAttempts(int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got [" + attempts + "]");
    }
    this.maxAttempts = attempts;
    return self();
  }

  /**
   * Sets the first backoff; default 500 ms. Before attempt {@code n + 1} the model waits a
   * uniformly random time from zero to {@code initialBackoff · 2^(n-1)}, capped at
   * {@link #maxBackoff(Duration)} ("full jitter"), unless the provider said how long to wait.
   *
   * @param backoff the first backoff, positive
   * @return this builder
   */
  public B initialBackoff(Duration backoff) {
    this.initialBackoff = positive(backoff, "initialBackoff");
    return self();
  }

  /**
   * Sets the longest wait between attempts, and the longest Retry-After honoured; default 30 s.
   *
   * @param backoff the longest wait, positive
   * @return this builder
   */
  public B maxBackoff(Duration backoff) {
    this.maxBackoff = positive(backoff, "maxBackoff");
    return self();
  }

  /** {@return the model name} Throws when none is set. */
  String modelName() {
    if (model == null) {
      throw new IllegalStateException("set the model name with model(...)");
    }
    return model;
  }

  /** {@return a copy of the body parameters} */
  ObjectNode extraBody() {
    return extraBody.deepCopy();
  }

  /**
   * {@return the transport these settings describe}
   *
   * @throws IllegalStateException if the API key variable is not set and neither
   *     {@link #apiKey(String)} nor {@link #noApiKey()} was called, or the initial backoff exceeds
   *     the maximum
   */
  OpenAiHttp http() {
    String key = apiKey;
    boolean defaultCredentials = credentialSetting == null
        || credentialSetting.equals("apiKeyFromEnvironment(\"" + OpenAiChatModel.DEFAULT_API_KEY_VARIABLE + "\")");
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
    Map<String, String> sent = new LinkedHashMap<>();
    String org = organization != null ? organization : defaultCredentials ? fromEnvironment(ORGANIZATION_VARIABLE) : null;
    String proj = project != null ? project : defaultCredentials ? fromEnvironment(PROJECT_VARIABLE) : null;
    if (org != null) {
      sent.put("OpenAI-Organization", org);
    }
    if (proj != null) {
      sent.put("OpenAI-Project", proj);
    }
    headers.values().forEach(h -> sent.put(h.getKey(), h.getValue()));
    HttpClient client = httpClient != null ? httpClient : HttpClient.newBuilder()
        .connectTimeout(connectTimeout != null ? connectTimeout : Duration.ofSeconds(10))
        .version(HttpClient.Version.HTTP_1_1).build();
    URI endpoint = URI.create((baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl) + path);
    return new OpenAiHttp(new OpenAiHttp.Config(endpoint, key, sent, requestTimeout, maxResponseBytes, maxAttempts,
        initialBackoff, maxBackoff, client));
  }

  private static String fromEnvironment(String variable) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return checkHeaderValue(value.strip(), "environment variable [" + variable + "]");
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
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
