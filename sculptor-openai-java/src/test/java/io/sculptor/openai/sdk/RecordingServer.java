package io.sculptor.openai.sdk;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP server on the loopback interface that keeps the raw bytes of every request and
 * answers each with a function of its path and (strictly parsed) body.
 */
final class RecordingServer implements AutoCloseable {
  /** Reads JSON the way a careful server does: a key twice in one object is an error. */
  static final ObjectMapper STRICT = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** One request as it arrived. */
  record Received(String path, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** {@return the body parsed strictly; throws when a key occurs twice in an object} */
    JsonNode json() {
      try {
        return STRICT.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Thrown by an answer: the server replies with an OpenAI error of this status and code. */
  static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    Refusal(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  /** An answer: the path and the strictly parsed body in, the response JSON out. */
  @FunctionalInterface
  interface Answer {
    String respond(String path, JsonNode request);
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());

  RecordingServer(Answer answer) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Received request = new Received(exchange.getRequestURI().getPath(), body);
      received.add(request);
      int status = 200;
      byte[] reply;
      try {
        reply = answer.respond(request.path(), request.json()).getBytes(StandardCharsets.UTF_8);
      } catch (RuntimeException e) {
        Refusal refusal = e instanceof Refusal r ? r : new Refusal(400, null, String.valueOf(e.getMessage()));
        status = refusal.status;
        reply = ("{\"error\":{\"message\":" + STRICT.writeValueAsString(refusal.getMessage())
            + ",\"type\":\"invalid_request_error\",\"code\":" + STRICT.writeValueAsString(refusal.code)
            + ",\"param\":null}}").getBytes(StandardCharsets.UTF_8);
      }
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, reply.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply);
      }
    });
    server.start();
  }

  /** A server that answers every request with {@code json}, whatever it was. */
  static RecordingServer answering(String json) {
    return new RecordingServer((path, request) -> json);
  }

  /** A server that answers the n-th request with {@code replies.apply(n)}, from 0. */
  static RecordingServer scripted(Function<Integer, String> replies) {
    int[] count = {0};
    return new RecordingServer((path, request) -> {
      synchronized (count) {
        return replies.apply(count[0]++);
      }
    });
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
