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

/** A real HTTP server on the loopback interface that answers with scripted responses, in order. */
final class ScriptedServer implements AutoCloseable {
  /** One scripted answer. */
  record Reply(int status, Map<String, String> headers, String body, long delayMillis) {
    static Reply json(int status, String body) {
      return new Reply(status, Map.of("Content-Type", "application/json", "x-request-id", "req_" + status), body, 0);
    }

    Reply withHeader(String name, String value) {
      Map<String, String> more = new java.util.LinkedHashMap<>(headers);
      more.put(name, value);
      return new Reply(status, more, body, delayMillis);
    }

    Reply delayed(long millis) {
      return new Reply(status, headers, body, millis);
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
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
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
