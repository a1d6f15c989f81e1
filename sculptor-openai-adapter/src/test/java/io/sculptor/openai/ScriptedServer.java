package io.sculptor.openai;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on the loopback interface that answers with scripted responses, in order: the
 * adapter's fault injector. It can delay a reply, drip a body, declare a Content-Length its body
 * does not keep and send bodies of any size, which an honest OpenAI-compatible server must never
 * do; tests that need only well-formed replies use sculptor-testing's {@code LocalOpenAiServer}.
 */
final class ScriptedServer implements AutoCloseable {
  /** Writes a reply's body; may block, and stops with an {@link IOException} when the client goes away. */
  @FunctionalInterface
  interface BodyWriter {
    void write(OutputStream out) throws IOException, InterruptedException;
  }

  /**
   * One scripted answer.
   *
   * @param length the Content-Length to declare: -1 for no body, 0 for a chunked body
   */
  record Reply(int status, Map<String, String> headers, long length, BodyWriter body, long delayMillis) {
    static Reply json(int status, String body) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      return new Reply(status, defaultHeaders(status), bytes.length == 0 ? -1 : bytes.length, out -> out.write(bytes), 0);
    }

    /** A reply whose body {@code writer} sends chunked, at its own pace. */
    static Reply streamed(int status, BodyWriter writer) {
      return new Reply(status, defaultHeaders(status), 0, writer, 0);
    }

    private static Map<String, String> defaultHeaders(int status) {
      return Map.of("Content-Type", "application/json", "x-request-id", "req_" + status);
    }

    Reply withHeader(String name, String value) {
      Map<String, String> more = new java.util.LinkedHashMap<>(headers);
      more.put(name, value);
      return new Reply(status, more, length, body, delayMillis);
    }

    /** This reply declaring a Content-Length of {@code bytes}, whatever its body writes. */
    Reply withLength(long bytes) {
      return new Reply(status, headers, bytes, body, delayMillis);
    }

    Reply delayed(long millis) {
      return new Reply(status, headers, length, body, millis);
    }
  }

  /** One request the server received. */
  record Received(String method, String path, Map<String, List<String>> headers, String body, long nanoTime) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());

  ScriptedServer(Reply... replies) throws IOException {
    script.addAll(List.of(replies));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          Map.copyOf(exchange.getRequestHeaders()), body, System.nanoTime()));
      Reply reply = script.poll();
      if (reply == null) {
        reply = Reply.json(500, "{\"error\": {\"message\": \"script exhausted\"}}");
      }
      try {
        if (reply.delayMillis() > 0) {
          Thread.sleep(reply.delayMillis());
        }
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(reply.status(), reply.length());
        try (OutputStream out = exchange.getResponseBody()) {
          reply.body().write(out);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException clientGone) {
        // the client timed out and closed the connection
      } finally {
        exchange.close();
      }
    });
    server.start();
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
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
