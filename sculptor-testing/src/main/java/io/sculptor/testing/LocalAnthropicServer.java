package io.sculptor.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.sculptor.core.TokenCounter;
import io.sculptor.core.ToolCall;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An Anthropic Messages API endpoint on {@code 127.0.0.1} with Anthropic's prompt-cache accounting,
 * for tests that run a real HTTP client ({@code AnthropicChatModel}, the official SDK, an
 * application's own stack) on a machine with no network. It serves {@code POST /v1/messages} — whole,
 * or as server-sent events when the request asks for {@code "stream": true} — and
 * {@code POST /v1/messages/count_tokens}; it records every parsed request and its headers.
 *
 * <p><b>Prompt caching.</b> The server keeps a prefix cache as the API does: a request is a sequence
 * of blocks (each tool, each system block, then each content block of each message; a string content
 * or system prompt is one text block; {@code tool_choice}, {@code thinking} and each message's role
 * belong to the block that follows them), each counted with {@link TokenCounter#estimator()} on its
 * JSON without {@code cache_control}. For each block marked with {@code cache_control} it looks for
 * the longest prefix written by an earlier request at that block or at most {@value #LOOKBACK} blocks
 * before it, and reads it; then it writes the prefix ending at each breakpoint after what it read
 * (when it has at least the minimum cacheable tokens). The {@code usage} of the answer says so:
 * {@code cache_read_input_tokens}, {@code cache_creation_input_tokens} (from the end of the read
 * prefix to the last breakpoint) and {@code input_tokens} (the rest). A written prefix is forgotten
 * five minutes after its last use. {@link #usages()} lists what each answer reported.
 *
 * <p><b>Streams.</b> A 200 reply to a streaming request is sent as the API streams it:
 * {@code message_start}, a {@code ping}, per block {@code content_block_start}, deltas
 * ({@code text_delta} and {@code thinking_delta} of at most 8 characters, {@code input_json_delta}
 * of at most 10, one {@code signature_delta}), {@code content_block_stop}, then
 * {@code message_delta} with the stop reason and output tokens, and {@code message_stop}; each event
 * is flushed on its own. An error reply is sent whole, as the API does before a stream starts.
 *
 * <p>Another path gets a 404, another method a 405, a body that is not a JSON object a 400, and so
 * does a request the API would refuse for its breakpoints (more than {@value #MAX_BREAKPOINTS}, or
 * one on a thinking or empty text block), each
 * with the API's error object; a handler that throws gives a 500 {@code api_error}. Thread-safe;
 * {@link #close()} stops the server, whose threads are daemon threads.
 *
 * @since 0.1
 */
public final class LocalAnthropicServer implements AutoCloseable {
  /** How many blocks before a breakpoint the server looks for a cached prefix, as the API does. */
  public static final int LOOKBACK = 20;
  /** How many blocks of a request may carry {@code cache_control}, as the API allows. */
  public static final int MAX_BREAKPOINTS = 4;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MESSAGES = "/v1/messages";
  private static final String COUNT = "/v1/messages/count_tokens";
  private static final long LIFETIME = Duration.ofMinutes(5).toNanos();

  private final LoopbackHttp server;
  private final Function<? super JsonNode, Reply> handler;
  private final int minCacheableTokens;
  private final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<Map<String, String>> headers = Collections.synchronizedList(new ArrayList<>());
  private final List<JsonNode> usages = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Long> cache = new HashMap<>();
  private final AtomicInteger answered = new AtomicInteger();

  private LocalAnthropicServer(Function<? super JsonNode, Reply> handler, int minCacheableTokens) {
    this.handler = handler;
    this.minCacheableTokens = minCacheableTokens;
    server = LoopbackHttp.start("local-anthropic-server", this::handle);
  }

  /**
   * Starts a server on a free port of {@code 127.0.0.1} that caches every prefix at a breakpoint,
   * however short.
   *
   * @param handler makes the reply to each parsed request body; called on the server's threads, at
   *     most two at a time
   * @return the running server
   */
  public static LocalAnthropicServer start(Function<? super JsonNode, Reply> handler) {
    return start(handler, 0);
  }

  /**
   * Starts a server that caches only prefixes of at least {@code minCacheableTokens} tokens, as the
   * API does (1,024 for most Claude models).
   *
   * @param handler makes the reply to each parsed request body
   * @param minCacheableTokens the shortest prefix written to the cache, at least 0
   * @return the running server
   */
  public static LocalAnthropicServer start(Function<? super JsonNode, Reply> handler, int minCacheableTokens) {
    if (minCacheableTokens < 0) {
      throw new IllegalArgumentException("minCacheableTokens must be >= 0, got [" + minCacheableTokens + "]");
    }
    return new LocalAnthropicServer(Objects.requireNonNull(handler, "handler"), minCacheableTokens);
  }

  /** {@return the base URL to give an Anthropic client: {@code http://127.0.0.1:PORT}} */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  /** {@return the parsed bodies of the requests received so far, oldest first}, as copies */
  public List<JsonNode> requests() {
    return LoopbackHttp.copies(requests);
  }

  /** {@return the headers of each request in {@link #requests()}, names in lower case, first values} */
  public List<Map<String, String>> requestHeaders() {
    synchronized (headers) {
      return List.copyOf(headers);
    }
  }

  /** {@return the {@code usage} object of each 200 answer to {@code /v1/messages}, oldest first}, as copies */
  public List<JsonNode> usages() {
    return LoopbackHttp.copies(usages);
  }

  /** Stops the server at once. Closing twice is allowed. */
  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "LocalAnthropicServer[" + baseUrl() + "]";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("request-id", "req_local_" + answered.incrementAndGet());
      String path = exchange.getRequestURI().getPath();
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (!path.equals(MESSAGES) && !path.equals(COUNT)) {
        send(exchange, Reply.error(404, "not_found_error", "LocalAnthropicServer serves only POST " + MESSAGES + " and "
            + COUNT + ", got [" + exchange.getRequestMethod() + " " + path + "]"));
        return;
      }
      if (!exchange.getRequestMethod().equals("POST")) {
        send(exchange, Reply.error(405, "invalid_request_error", path + " takes POST").withHeader("Allow", "POST"));
        return;
      }
      JsonNode request;
      try {
        request = JSON.readTree(body);
      } catch (JsonProcessingException e) {
        send(exchange, Reply.error(400, "invalid_request_error", "the request body is not JSON: " + e.getOriginalMessage()));
        return;
      }
      if (request == null || !request.isObject()) {
        send(exchange, Reply.error(400, "invalid_request_error", "the request body must be a JSON object"));
        return;
      }
      String refused = breakpointError((ObjectNode) request);
      if (refused != null) {
        send(exchange, Reply.error(400, "invalid_request_error", refused));
        return;
      }
      Map<String, String> named = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> named.put(k.toLowerCase(Locale.ROOT), v.get(0)));
      synchronized (requests) {
        requests.add(request.deepCopy());
        headers.add(Collections.unmodifiableMap(named));
      }
      if (path.equals(COUNT)) {
        long tokens = 0;
        for (Block block : blocks((ObjectNode) request)) {
          tokens += block.tokens;
        }
        send(exchange, Reply.ok(JSON.createObjectNode().put("input_tokens", tokens)));
        return;
      }
      Reply reply;
      try {
        reply = Objects.requireNonNull(handler.apply(request), "the handler returned no reply");
      } catch (RuntimeException | Error e) {
        reply = Reply.error(500, "api_error", "the handler threw " + e);
      }
      JsonNode message = reply.status() == 200 ? readOrNull(reply.body()) : null;
      if (message == null || !message.isObject() || !"message".equals(message.path("type").asText())) {
        send(exchange, reply);
        return;
      }
      ObjectNode whole = (ObjectNode) message;
      ObjectNode usage = account((ObjectNode) request, whole);
      usages.add(usage.deepCopy());
      whole.set("usage", usage);
      if (request.path("stream").asBoolean(false)) {
        stream(exchange, reply, whole);
      } else {
        send(exchange, Reply.ok(whole).withHeaders(reply.headers()));
      }
    }
  }

  /**
   * {@return why the API would refuse the request's {@code cache_control} breakpoints}, or null:
   * more than four (counting those inside {@code tool_result} blocks), or one on a
   * {@code thinking}, {@code redacted_thinking} or empty text block
   */
  private static String breakpointError(ObjectNode request) {
    List<JsonNode> blocks = new ArrayList<>();
    request.path("tools").forEach(blocks::add);
    request.path("system").forEach(blocks::add);
    for (JsonNode message : request.path("messages")) {
      for (JsonNode block : message.path("content")) {
        blocks.add(block);
        if (block.path("content").isArray()) {
          block.get("content").forEach(blocks::add);
        }
      }
    }
    int marked = 0;
    for (JsonNode block : blocks) {
      if (!block.has("cache_control")) {
        continue;
      }
      marked++;
      String type = block.path("type").asText();
      if (type.equals("thinking") || type.equals("redacted_thinking")) {
        return "cache_control cannot be set on " + type + " blocks";
      }
      if (type.equals("text") && block.path("text").asText().isEmpty()) {
        return "cache_control cannot be set for empty text blocks";
      }
    }
    return marked > MAX_BREAKPOINTS
        ? "A maximum of " + MAX_BREAKPOINTS + " blocks with cache_control may be provided. Found " + marked + "."
        : null;
  }

  private static JsonNode readOrNull(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** One cacheable position: the hash of the prefix through it, its tokens, and whether it is a breakpoint. */
  private record Block(String prefix, long tokens, boolean breakpoint) {}

  private ObjectNode account(ObjectNode request, ObjectNode answer) {
    List<Block> blocks = blocks(request);
    long[] through = new long[blocks.size()];
    long sum = 0;
    for (int i = 0; i < blocks.size(); i++) {
      sum += blocks.get(i).tokens;
      through[i] = sum;
    }
    long now = System.nanoTime();
    int read = -1;
    int last = -1;
    synchronized (cache) {
      cache.values().removeIf(at -> now - at > LIFETIME);
      for (int b = 0; b < blocks.size(); b++) {
        if (!blocks.get(b).breakpoint) {
          continue;
        }
        last = b;
        for (int j = b; j >= Math.max(0, b - LOOKBACK); j--) {
          if (cache.containsKey(blocks.get(j).prefix)) {
            read = Math.max(read, j);
            break;
          }
        }
      }
      if (read >= 0) {
        cache.put(blocks.get(read).prefix, now);
      }
      for (int b = read + 1; b <= last; b++) {
        if (blocks.get(b).breakpoint && through[b] >= minCacheableTokens) {
          cache.put(blocks.get(b).prefix, now);
        }
      }
    }
    long readTokens = read >= 0 ? through[read] : 0;
    long written = last > read && through[last] >= minCacheableTokens ? through[last] - readTokens : 0;
    ObjectNode usage = JSON.createObjectNode();
    usage.put("input_tokens", sum - readTokens - written);
    usage.put("cache_creation_input_tokens", written);
    usage.put("cache_read_input_tokens", readTokens);
    JsonNode output = answer.path("usage").path("output_tokens");
    usage.put("output_tokens", output.canConvertToLong() ? output.asLong()
        : TokenCounter.estimator().countTokens(answer.path("content").toString()));
    return usage;
  }

  private static List<Block> blocks(ObjectNode request) {
    List<Block> blocks = new ArrayList<>();
    Chain chain = new Chain();
    for (JsonNode tool : request.path("tools")) {
      chain.add(blocks, tool);
    }
    JsonNode system = request.get("system");
    if (system != null && system.isTextual()) {
      chain.add(blocks, JSON.createObjectNode().put("type", "text").put("text", system.textValue()));
    } else if (system != null && system.isArray()) {
      system.forEach(block -> chain.add(blocks, block));
    }
    chain.pending.append("tool_choice=").append(request.path("tool_choice")).append(";thinking=")
        .append(request.path("thinking")).append(';');
    for (JsonNode message : request.path("messages")) {
      chain.pending.append("role=").append(message.path("role").asText()).append(';');
      JsonNode content = message.get("content");
      if (content != null && content.isTextual()) {
        chain.add(blocks, JSON.createObjectNode().put("type", "text").put("text", content.textValue()));
      } else if (content != null && content.isArray()) {
        content.forEach(block -> chain.add(blocks, block));
      }
    }
    return blocks;
  }

  /** The server's own chain of SHA-256 digests over the blocks, without their cache_control. */
  private static final class Chain {
    private final StringBuilder pending = new StringBuilder();
    private String previous = "";

    void add(List<Block> blocks, JsonNode block) {
      boolean breakpoint = block.has("cache_control");
      JsonNode bare = block;
      if (breakpoint && block instanceof ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        copy.remove("cache_control");
        bare = copy;
      }
      String material = bare.toString();
      try {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update((previous + "|" + pending + material).getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (byte b : digest.digest()) {
          hex.append(String.format(Locale.ROOT, "%02x", b));
        }
        previous = hex.toString();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      pending.setLength(0);
      blocks.add(new Block(previous, TokenCounter.estimator().countTokens(material), breakpoint));
    }
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    LoopbackHttp.send(exchange, reply.status(), reply.headers(), reply.body());
  }

  private static void stream(HttpExchange exchange, Reply reply, ObjectNode message) throws IOException {
    reply.headers().forEach((name, value) -> {
      if (!name.equalsIgnoreCase("Content-Type")) {
        exchange.getResponseHeaders().add(name, value);
      }
    });
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      ObjectNode start = message.deepCopy();
      start.putArray("content");
      start.putNull("stop_reason");
      start.putNull("stop_sequence");
      ((ObjectNode) start.get("usage")).put("output_tokens", 1);
      event(out, "message_start", JSON.createObjectNode().put("type", "message_start").set("message", start));
      event(out, "ping", JSON.createObjectNode().put("type", "ping"));
      int index = 0;
      for (JsonNode block : message.path("content")) {
        streamBlock(out, index++, block);
      }
      ObjectNode delta = JSON.createObjectNode().put("type", "message_delta");
      delta.putObject("delta").set("stop_reason", message.path("stop_reason"));
      ((ObjectNode) delta.get("delta")).set("stop_sequence", message.path("stop_sequence"));
      delta.putObject("usage").put("output_tokens", message.path("usage").path("output_tokens").asLong());
      event(out, "message_delta", delta);
      event(out, "message_stop", JSON.createObjectNode().put("type", "message_stop"));
    }
  }

  private static void streamBlock(OutputStream out, int index, JsonNode block) throws IOException {
    String type = block.path("type").asText();
    ObjectNode start = switch (type) {
      case "text" -> JSON.createObjectNode().put("type", "text").put("text", "");
      case "thinking" -> JSON.createObjectNode().put("type", "thinking").put("thinking", "");
      case "tool_use", "server_tool_use" -> {
        ObjectNode copy = block.deepCopy();
        copy.putObject("input");
        yield copy;
      }
      default -> (ObjectNode) block.deepCopy();
    };
    event(out, "content_block_start", JSON.createObjectNode().put("type", "content_block_start").put("index", index)
        .set("content_block", start));
    switch (type) {
      case "text" -> deltas(out, index, "text_delta", "text", block.path("text").asText(), 8);
      case "thinking" -> {
        deltas(out, index, "thinking_delta", "thinking", block.path("thinking").asText(), 8);
        delta(out, index, JSON.createObjectNode().put("type", "signature_delta")
            .put("signature", block.path("signature").asText()));
      }
      case "tool_use", "server_tool_use" ->
          deltas(out, index, "input_json_delta", "partial_json", block.path("input").toString(), 10);
      default -> { }
    }
    event(out, "content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", index));
  }

  private static void deltas(OutputStream out, int index, String type, String field, String text, int size)
      throws IOException {
    int at = 0;
    while (at < text.length()) {
      int end = Math.min(text.length(), at + size);
      if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
        end++;
      }
      delta(out, index, JSON.createObjectNode().put("type", type).put(field, text.substring(at, end)));
      at = end;
    }
  }

  private static void delta(OutputStream out, int index, ObjectNode delta) throws IOException {
    event(out, "content_block_delta", JSON.createObjectNode().put("type", "content_block_delta").put("index", index)
        .set("delta", delta));
  }

  private static void event(OutputStream out, String name, JsonNode data) throws IOException {
    out.write(("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /**
   * One answer of the server: a status, headers and a body. A 200 reply whose body is a
   * {@code message} object gets the server's {@code usage} and is streamed when the request asked;
   * any other reply is sent as it is.
   *
   * <p>Value semantics, immutable, thread-safe.
   *
   * @since 0.1
   */
  public static final class Reply {
    private final int status;
    private final Map<String, String> headers;
    private final String body;

    private Reply(int status, Map<String, String> headers, String body) {
      if (status < 200 || status > 599) {
        throw new IllegalArgumentException("status must be in [200, 599], got [" + status + "]");
      }
      this.status = status;
      this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
      this.body = Objects.requireNonNull(body, "body");
    }

    /** {@return a reply with {@code status} and {@code body} as they are, typed {@code application/json}} */
    public static Reply of(int status, String body) {
      return new Reply(status, Map.of("Content-Type", "application/json"), body);
    }

    /** {@return a 200 reply whose body is {@code json}, such as a whole {@code message} object} */
    public static Reply ok(JsonNode json) {
      try {
        return of(200, JSON.writeValueAsString(Objects.requireNonNull(json, "json")));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("the body cannot be written as JSON", e);
      }
    }

    /** {@return a message whose one text block is {@code text}, stop reason {@code end_turn}} */
    public static Reply answer(String text) {
      ObjectNode message = message("end_turn");
      ((ArrayNode) message.get("content")).addObject().put("type", "text").put("text", Objects.requireNonNull(text, "text"));
      return ok(message);
    }

    /**
     * {@return a message of one {@code tool_use} block per call}, stop reason {@code tool_use}
     *
     * @param calls at least one call; its arguments must be a JSON object, the block's {@code input}
     */
    public static Reply toolUses(ToolCall... calls) {
      if (calls.length == 0) {
        throw new IllegalArgumentException("a tool-use reply needs at least one call");
      }
      ObjectNode message = message("tool_use");
      ArrayNode content = (ArrayNode) message.get("content");
      for (ToolCall call : calls) {
        JsonNode input = readOrNull(call.arguments());
        if (input == null || !input.isObject()) {
          throw new IllegalArgumentException("the arguments of call [" + call.id() + "] are not a JSON object");
        }
        content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name()).set("input", input);
      }
      return ok(message);
    }

    /**
     * {@return an error reply with the API's error object}
     * {@code {"type": "error", "error": {"type": …, "message": …}}}
     *
     * @param status the HTTP status, such as 400, 429 or 529
     * @param type the error type, such as {@code overloaded_error}
     * @param message the message
     */
    public static Reply error(int status, String type, String message) {
      ObjectNode error = JSON.createObjectNode().put("type", "error");
      error.putObject("error").put("type", Objects.requireNonNull(type, "type"))
          .put("message", Objects.requireNonNull(message, "message"));
      return new Reply(status, Map.of("Content-Type", "application/json"), error.toString());
    }

    private static ObjectNode message(String stopReason) {
      ObjectNode message = JSON.createObjectNode().put("id", "msg_local").put("type", "message")
          .put("role", "assistant").put("model", "local");
      message.putArray("content");
      message.put("stop_reason", stopReason).putNull("stop_sequence");
      return message;
    }

    /** {@return this reply with the header {@code name} set to {@code value}}, e.g. {@code retry-after} */
    public Reply withHeader(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      Map<String, String> more = new LinkedHashMap<>();
      headers.forEach((k, v) -> {
        if (!k.equalsIgnoreCase(name)) {
          more.put(k, v);
        }
      });
      more.put(name, value);
      return new Reply(status, more, body);
    }

    private Reply withHeaders(Map<String, String> others) {
      Reply reply = this;
      for (Map.Entry<String, String> header : others.entrySet()) {
        reply = reply.withHeader(header.getKey(), header.getValue());
      }
      return reply;
    }

    /** {@return the HTTP status} */
    public int status() {
      return status;
    }

    /** {@return the headers, in the order they are sent} */
    public Map<String, String> headers() {
      return headers;
    }

    /** {@return the body text} */
    public String body() {
      return body;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Reply r && status == r.status && headers.equals(r.headers) && body.equals(r.body);
    }

    @Override
    public int hashCode() {
      return Objects.hash(status, headers, body);
    }

    @Override
    public String toString() {
      return "Reply[" + status + ", " + (body.length() <= 80 ? body : body.substring(0, 77) + "...") + "]";
    }
  }
}
