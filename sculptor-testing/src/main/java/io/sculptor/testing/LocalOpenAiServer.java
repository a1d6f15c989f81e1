package io.sculptor.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.sculptor.core.ToolCall;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * An OpenAI-compatible HTTP endpoint on {@code 127.0.0.1}, for tests that run a real HTTP client
 * (an {@code OpenAiChatModel}, the official SDK, an application's own stack) against a "model" on
 * a machine with no network. It serves {@code POST /v1/chat/completions}: it parses the request
 * body and answers with the {@link Reply} that the handler makes of it; it records every parsed
 * request.
 *
 * <p>It answers every request whole: it never streams, and a request that asks for
 * {@code "stream": true} gets a 400 error, as does a body that is not JSON. Another path gets a
 * 404 and another method a 405, each with an OpenAI-style error object. When the handler throws,
 * the reply is a 500 error that names the exception (a client that retries server errors will ask
 * again).
 *
 * <p>Thread-safe. {@link #close()} stops the server; its threads are daemon threads, so a server
 * that a test forgets to close does not keep the JVM alive.
 *
 * @since 0.1
 */
public final class LocalOpenAiServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH = "/v1/chat/completions";

  private final LoopbackHttp server;
  private final Function<? super JsonNode, Reply> handler;
  private final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());

  private LocalOpenAiServer(Function<? super JsonNode, Reply> handler) {
    this.handler = handler;
    server = LoopbackHttp.start("local-openai-server", this::handle);
  }

  /**
   * Starts a server on a free port of {@code 127.0.0.1}.
   *
   * @param handler makes the reply to each parsed request body; called on the server's threads, at
   *     most two at a time
   * @return the running server
   */
  public static LocalOpenAiServer start(Function<? super JsonNode, Reply> handler) {
    return new LocalOpenAiServer(Objects.requireNonNull(handler, "handler"));
  }

  /** {@return the base URL to give an OpenAI-compatible client: {@code http://127.0.0.1:PORT/v1}} */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  /** {@return the port the server listens on} */
  public int port() {
    return server.port();
  }

  /**
   * {@return the parsed bodies of the chat completion requests received so far, oldest first}; copies
   * that neither the server nor the caller can change
   */
  public List<JsonNode> requests() {
    return LoopbackHttp.copies(requests);
  }

  /** Stops the server at once; requests still being answered are dropped. Closing twice is allowed. */
  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "LocalOpenAiServer[" + baseUrl() + "]";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      send(exchange, reply(exchange));
    }
  }

  private Reply reply(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    byte[] body = exchange.getRequestBody().readAllBytes();
    if (!path.equals(PATH)) {
      return Reply.error(404, "invalid_request_error",
          "LocalOpenAiServer serves only POST " + PATH + ", got [" + method + " " + path + "]");
    }
    if (!method.equals("POST")) {
      return Reply.error(405, "invalid_request_error", PATH + " takes POST, got [" + method + "]")
          .withHeader("Allow", "POST");
    }
    JsonNode request;
    try {
      request = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return Reply.error(400, "invalid_request_error", "the request body is not JSON: " + e.getOriginalMessage());
    }
    if (request == null || !request.isObject()) {
      return Reply.error(400, "invalid_request_error", "the request body must be a JSON object");
    }
    if (request.path("stream").asBoolean(false)) {
      return Reply.error(400, "invalid_request_error", "LocalOpenAiServer does not stream; send [stream: false]");
    }
    requests.add(request.deepCopy());
    try {
      return Objects.requireNonNull(handler.apply(request), "the handler returned no reply");
    } catch (RuntimeException | Error e) {
      return Reply.error(500, "server_error", "the handler threw " + e);
    }
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    LoopbackHttp.send(exchange, reply.status(), reply.headers(), reply.body());
  }

  /**
   * One answer of the server: a status, headers and a body sent whole with its length. The
   * factories make the bodies OpenAI-compatible clients expect; {@link #of} sends anything.
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

    /**
     * {@return a reply with {@code status} and {@code body} as they are}, typed
     * {@code application/json} (override with {@link #withHeader}); for errors, invalid JSON and
     * other shapes a test needs
     *
     * @param status the HTTP status, 200 to 599
     * @param body the body text
     */
    public static Reply of(int status, String body) {
      return new Reply(status, Map.of("Content-Type", "application/json"), body);
    }

    /** {@return a 200 reply whose body is {@code json}, such as a whole chat completion} */
    public static Reply ok(JsonNode json) {
      Objects.requireNonNull(json, "json");
      try {
        return of(200, JSON.writeValueAsString(json));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("the body cannot be written as JSON", e);
      }
    }

    /** {@return a 200 chat completion whose assistant message is {@code text}, finish reason {@code stop}} */
    public static Reply answer(String text) {
      ObjectNode completion = completion();
      ObjectNode choice = (ObjectNode) completion.get("choices").get(0);
      choice.putObject("message").put("role", "assistant").put("content", Objects.requireNonNull(text, "text"));
      choice.put("finish_reason", "stop");
      return ok(completion);
    }

    /**
     * {@return a 200 chat completion whose assistant message has no text and makes {@code calls}},
     * with the finish reason {@code tool_calls}
     *
     * @param calls the tool calls, at least one, with their raw arguments as they are
     */
    public static Reply toolCalls(ToolCall... calls) {
      if (calls.length == 0) {
        throw new IllegalArgumentException("a tool-call reply needs at least one call");
      }
      ObjectNode completion = completion();
      ObjectNode choice = (ObjectNode) completion.get("choices").get(0);
      ObjectNode message = choice.putObject("message").put("role", "assistant").putNull("content");
      ArrayNode array = message.putArray("tool_calls");
      for (ToolCall call : calls) {
        Objects.requireNonNull(call, "call");
        array.addObject().put("id", call.id()).put("type", "function").putObject("function")
            .put("name", call.name()).put("arguments", call.arguments());
      }
      choice.put("finish_reason", "tool_calls");
      return ok(completion);
    }

    /**
     * {@return an error reply with the OpenAI error object}
     * {@code {"error": {"message": …, "type": …, "code": null}}}
     *
     * @param status the HTTP status, such as 400, 429 or 503
     * @param type the error type, such as {@code invalid_request_error}
     * @param message the message
     */
    public static Reply error(int status, String type, String message) {
      ObjectNode error = JSON.createObjectNode();
      error.putObject("error").put("message", Objects.requireNonNull(message, "message"))
          .put("type", Objects.requireNonNull(type, "type")).putNull("code");
      return new Reply(status, Map.of("Content-Type", "application/json"), error.toString());
    }

    private static ObjectNode completion() {
      ObjectNode completion = JSON.createObjectNode().put("id", "chatcmpl-local").put("object", "chat.completion")
          .put("created", 0).put("model", "local");
      completion.putArray("choices").addObject().put("index", 0);
      completion.putObject("usage").put("prompt_tokens", 0).put("completion_tokens", 0).put("total_tokens", 0);
      return completion;
    }

    /**
     * {@return this reply with the header {@code name} set to {@code value}}, replacing a header of
     * the same name in any letter case, such as {@code Retry-After} on a 429
     */
    public Reply withHeader(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      Map<String, String> more = new LinkedHashMap<>();
      headers.forEach((k, v) -> {
        if (!k.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
          more.put(k, v);
        }
      });
      more.put(name, value);
      return new Reply(status, more, body);
    }

    /** {@return the HTTP status} */
    public int status() {
      return status;
    }

    /** {@return the response headers, in the order they are sent} */
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
      String shown = body.length() <= 80 ? body : body.substring(0, 77) + "...";
      return "Reply[" + status + ", " + shown + "]";
    }
  }
}
