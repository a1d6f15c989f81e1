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
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * An OpenAI-compatible HTTP endpoint on {@code 127.0.0.1}, for tests that run a real HTTP client
 * (an {@code OpenAiChatModel} or {@code OpenAiResponsesModel}, the official SDK, an application's
 * own stack) against a "model" on a machine with no network. It serves
 * {@code POST /v1/chat/completions} and {@code POST /v1/responses}: it parses the request body and
 * answers with the {@link Reply} that the handler makes of it (a handler that serves both tells
 * them apart by {@code messages} or {@code input}); it records every parsed request.
 *
 * <p>It streams as OpenAI does when a request asks for {@code "stream": true}: a successful reply
 * whose body is a whole chat completion or Responses API response is sent as the server-sent
 * events of that answer ({@link Reply#streamed()}), so one handler serves streamed and whole
 * requests alike; a reply that is already a stream ({@link Reply#sse(String)}) or an error is sent
 * as it is. {@link Reply#cutAt(int...)} sends a body in pieces cut at chosen bytes, even inside a
 * character, each flushed as its own HTTP chunk. A body that is not a JSON object gets a 400 error;
 * another path a 404 and another method a 405, each with an OpenAI-style error object. When the
 * handler throws, the reply is a 500 error that names the exception (a client that retries server
 * errors will ask again).
 *
 * <p>Thread-safe. {@link #close()} stops the server; its threads are daemon threads, so a server
 * that a test forgets to close does not keep the JVM alive.
 *
 * @since 0.1
 */
public final class LocalOpenAiServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH = "/v1/chat/completions";
  private static final String RESPONSES_PATH = "/v1/responses";
  private static final EventStreams STREAMS = new EventStreams(JSON);

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
   * {@return the parsed bodies of the requests received so far (both paths), oldest first}; copies
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
    if (!path.equals(PATH) && !path.equals(RESPONSES_PATH)) {
      return Reply.error(404, "invalid_request_error",
          "LocalOpenAiServer serves only POST " + PATH + " and POST " + RESPONSES_PATH + ", got [" + method + " " + path
              + "]");
    }
    if (!method.equals("POST")) {
      return Reply.error(405, "invalid_request_error", path + " takes POST, got [" + method + "]")
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
    requests.add(request.deepCopy());
    Reply reply;
    try {
      reply = Objects.requireNonNull(handler.apply(request), "the handler returned no reply");
    } catch (RuntimeException | Error e) {
      return Reply.error(500, "server_error", "the handler threw " + e);
    }
    return request.path("stream").asBoolean(false) ? reply.streamed() : reply;
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    LoopbackHttp.send(exchange, reply.status(), reply.headers(), reply.body(), reply.isStream(), reply.cuts);
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
    private static final String EVENT_STREAM = "text/event-stream";

    private final int status;
    private final Map<String, String> headers;
    private final String body;
    private final int[] cuts;

    private Reply(int status, Map<String, String> headers, String body) {
      this(status, headers, body, new int[0]);
    }

    private Reply(int status, Map<String, String> headers, String body, int[] cuts) {
      if (status < 200 || status > 599) {
        throw new IllegalArgumentException("status must be in [200, 599], got [" + status + "]");
      }
      this.status = status;
      this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
      this.body = Objects.requireNonNull(body, "body");
      this.cuts = cuts;
    }

    /**
     * {@return a 200 reply that streams {@code events} as they are}: a {@code text/event-stream}
     * body such as {@code "data: {...}\n\ndata: [DONE]\n\n"}, for streams a test writes itself —
     * an error in the middle, a stream that stops early, a provider's own events
     *
     * @param events the whole event-stream text
     */
    public static Reply sse(String events) {
      return new Reply(200, Map.of("Content-Type", EVENT_STREAM), Objects.requireNonNull(events, "events"));
    }

    /**
     * {@return this reply as OpenAI streams it}: a 200 reply whose body is a chat completion
     * (it has {@code choices}) becomes {@code chat.completion.chunk} events — the message's text
     * and every other string field in pieces of a few characters, tool calls by index with their
     * arguments in pieces, the finish reason, then the usage in a last chunk without choices, then
     * {@code data: [DONE]}; one whose body is a Responses API response ({@code "object":
     * "response"}) becomes its typed events ({@code response.created},
     * {@code response.output_item.added}, {@code response.output_text.delta},
     * {@code response.function_call_arguments.delta}…, then {@code response.completed} with the
     * whole response). A client that assembles the stream gets the answer of the body back. Any
     * other reply (an error, a stream already) is this reply. The cuts of {@link #cutAt(int...)}
     * are kept and apply to the stream's bytes.
     */
    public Reply streamed() {
      if (status != 200 || isStream()) {
        return this;
      }
      JsonNode answer;
      try {
        answer = JSON.readTree(body);
      } catch (JsonProcessingException e) {
        return this;
      }
      String events;
      if (answer != null && answer.path("choices").isArray()) {
        events = STREAMS.chatCompletion(answer);
      } else if (answer != null && answer.path("object").asText().equals("response")) {
        events = STREAMS.response(answer);
      } else {
        return this;
      }
      Map<String, String> streamed = new LinkedHashMap<>();
      headers.forEach((k, v) -> {
        if (!k.equalsIgnoreCase("Content-Type")) {
          streamed.put(k, v);
        }
      });
      streamed.put("Content-Type", EVENT_STREAM);
      return new Reply(status, streamed, events, cuts);
    }

    /**
     * {@return this reply with its body sent in pieces}, cut at each of {@code byteOffsets} of the
     * UTF-8 body (even inside a character), each piece flushed as its own HTTP chunk; offsets
     * outside the body, repeated or out of order are skipped
     *
     * @param byteOffsets where to cut, in bytes from the start of the body
     */
    public Reply cutAt(int... byteOffsets) {
      int[] sorted = byteOffsets.clone();
      Arrays.sort(sorted);
      return new Reply(status, headers, body, sorted);
    }

    private boolean isStream() {
      return headers.entrySet().stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Content-Type")
          && h.getValue().startsWith(EVENT_STREAM));
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
      return new Reply(status, more, body, cuts);
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

    /** {@return where the body is cut into pieces, in bytes, ascending; empty when it is sent whole} */
    public int[] cuts() {
      return cuts.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Reply r && status == r.status && headers.equals(r.headers) && body.equals(r.body)
          && Arrays.equals(cuts, r.cuts);
    }

    @Override
    public int hashCode() {
      return Objects.hash(status, headers, body) * 31 + Arrays.hashCode(cuts);
    }

    @Override
    public String toString() {
      String shown = body.length() <= 80 ? body : body.substring(0, 77) + "...";
      return "Reply[" + status + ", " + shown + "]";
    }
  }
}
