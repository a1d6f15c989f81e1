package io.sculptor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
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
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the local servers share: a JDK {@link HttpServer} on a free port of {@code 127.0.0.1},
 * answered by two daemon threads, and the writing of replies, whole or in pieces. Thread-safe.
 */
final class LoopbackHttp {
  private final HttpServer server;
  private final ExecutorService executor;

  private LoopbackHttp(String threadName, HttpHandler handler) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a port on 127.0.0.1", e);
    }
    AtomicInteger threads = new AtomicInteger();
    executor = Executors.newFixedThreadPool(2, task -> {
      Thread thread = new Thread(task, threadName + "-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/", handler);
    server.start();
  }

  /** {@return a started server whose threads are named {@code threadName-N}} */
  static LoopbackHttp start(String threadName, HttpHandler handler) {
    return new LoopbackHttp(threadName, handler);
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Stops at once; requests still being answered are dropped. */
  void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Sends a whole reply with its length (none for an empty body). */
  static void send(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
    send(exchange, status, headers, body, false, new int[0]);
  }

  /**
   * Sends a reply; {@code chunked} sends it without a length, and each of {@code cuts} (byte
   * offsets, even inside a character) ends a piece flushed as its own HTTP chunk.
   */
  static void send(HttpExchange exchange, int status, Map<String, String> headers, String body, boolean chunked,
      int[] cuts) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    if (bytes.length == 0) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, chunked || cuts.length > 0 ? 0 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      int from = 0;
      for (int cut : cuts) {
        if (cut > from && cut < bytes.length) {
          out.write(bytes, from, cut - from);
          out.flush();
          from = cut;
        }
      }
      out.write(bytes, from, bytes.length - from);
    }
  }

  /** {@return deep copies of the trees of a synchronized list, unmodifiable} */
  static List<JsonNode> copies(List<JsonNode> trees) {
    synchronized (trees) {
      List<JsonNode> copies = new ArrayList<>(trees.size());
      trees.forEach(t -> copies.add(t.deepCopy()));
      return Collections.unmodifiableList(copies);
    }
  }
}
