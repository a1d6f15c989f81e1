package io.sculptor.examples.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * An OpenAI-compatible HTTP endpoint on the loopback interface, answering
 * {@code POST /v1/chat/completions} with a function from request body to response body — by default
 * the {@link OfflineDriver}. It lets the real HTTP client, retries and all, run against a "model"
 * on a machine with no network.
 */
public final class LocalModelServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);

  /**
   * Starts a server on a free loopback port.
   *
   * @param model the answer for each request body
   */
  public LocalModelServer(UnaryOperator<JsonNode> model) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/v1/chat/completions", exchange -> {
      int status;
      byte[] body;
      try {
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        body = JSON.writeValueAsBytes(model.apply(request));
        status = 200;
      } catch (RuntimeException | IOException e) {
        body = JSON.writeValueAsBytes(JSON.createObjectNode().set("error", JSON.createObjectNode()
            .put("message", String.valueOf(e.getMessage())).put("type", "invalid_request_error")));
        status = 400;
      }
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  /** {@return a server that answers with the offline driver} */
  public static LocalModelServer offline() {
    OfflineDriver driver = new OfflineDriver();
    return new LocalModelServer(driver::respond);
  }

  /** {@return the base URL to give an OpenAI-compatible client, ending in {@code /v1}} */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "LocalModelServer[" + baseUrl() + "]";
  }
}
