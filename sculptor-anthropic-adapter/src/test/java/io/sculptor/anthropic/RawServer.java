package io.sculptor.anthropic;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The adapter's fault injector: a loopback HTTP/1.1 server on a plain socket that answers with
 * scripted raw bytes, in order, each piece flushed on its own after a pause, the body ending when
 * the connection closes — bodies cut anywhere (inside a line, a UTF-8 character), streams that stall
 * or break off, error events mid-stream — which sculptor-testing's honest
 * {@code LocalAnthropicServer} never sends.
 */
final class RawServer implements AutoCloseable {
  /** One scripted answer: a status, a content type and the body's pieces. */
  record Reply(int status, String contentType, List<byte[]> pieces, long pauseMillis) {}

  private final ServerSocket socket;
  private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final Thread acceptor;

  RawServer(Reply... script) throws IOException {
    replies.addAll(List.of(script));
    socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    acceptor = new Thread(() -> {
      while (!socket.isClosed()) {
        try {
          Socket connection = socket.accept();
          Thread answer = new Thread(() -> answer(connection), "raw-server-answer");
          answer.setDaemon(true);
          answer.start();
        } catch (IOException e) {
          return;
        }
      }
    }, "raw-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void answer(Socket connection) {
    try (connection) {
      InputStream in = connection.getInputStream();
      String head = readHead(in);
      int length = 0;
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      in.readNBytes(length);
      requests.incrementAndGet();
      Reply reply = replies.poll();
      OutputStream out = connection.getOutputStream();
      if (reply == null) {
        out.write("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        return;
      }
      out.write(("HTTP/1.1 " + reply.status() + " Scripted\r\nContent-Type: " + reply.contentType()
          + "\r\nrequest-id: req_raw\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      for (byte[] piece : reply.pieces()) {
        out.write(piece);
        out.flush();
        if (reply.pauseMillis() > 0) {
          Thread.sleep(reply.pauseMillis());
        }
      }
    } catch (IOException | InterruptedException e) {
      // the client went away
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    for (int b = in.read(); b >= 0; b = in.read()) {
      head.write(b);
      matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
      if (matched == 4) {
        break;
      }
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  int requests() {
    return requests.get();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
