package io.sculptor.anthropic.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One HTTP exchange whose response the calling thread reads piece by piece, under a deadline and
 * a size limit. The client's threads only hand over what arrives (the status and headers, then the
 * body's chunks, one at a time: the next is requested when the caller takes one); the caller waits
 * for each piece at most until the deadline, so a server that stops sending mid-body cannot hold
 * it longer, and it stops reading (closing the connection) as soon as the body passes the limit.
 *
 * <p>For one exchange and one reading thread; {@link #cancel()} may be called from any thread.
 */
public final class BodyStream implements HttpResponse.BodySubscriber<Void> {
  /** The body passed the limit; the message names it. */
  public static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(String message) {
      super(message);
    }
  }

  /** The response did not come, or did not end, before the deadline. */
  public static final class DeadlineException extends HttpTimeoutException {
    private static final long serialVersionUID = 1L;
    private final boolean headersArrived;

    DeadlineException(String message, boolean headersArrived) {
      super(message);
      this.headersArrived = headersArrived;
    }

    /** {@return whether the status and headers had arrived when the deadline passed} */
    public boolean headersArrived() {
      return headersArrived;
    }
  }

  private record Failure(Throwable cause) {}

  private static final Object END = new Object();

  private final BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
  private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
  private final int limit;
  private final long deadline;
  private CompletableFuture<?> exchange;
  private HttpResponse.ResponseInfo head;
  private long received;
  private boolean ended;

  private BodyStream(int limit, long deadline) {
    this.limit = limit;
    this.deadline = deadline;
  }

  /**
   * Sends {@code request} and returns the exchange to read from.
   *
   * @param limit the most body bytes read
   * @param deadline {@link System#nanoTime()} by which the whole body must have arrived
   */
  public static BodyStream send(HttpClient client, HttpRequest request, int limit, long deadline) {
    BodyStream stream = new BodyStream(limit, deadline);
    stream.exchange = client.sendAsync(request, info -> {
      stream.arrived.add(info);
      return stream;
    }).whenComplete((response, failure) -> {
      if (failure != null) {
        stream.arrived.add(new Failure(failure));
      }
    });
    return stream;
  }

  /**
   * {@return the status and headers}, waiting for them until the deadline
   *
   * @throws IOException when the exchange failed, or {@link TooLargeException} when the declared
   *     length passes the limit
   * @throws DeadlineException when they did not arrive before the deadline
   */
  public HttpResponse.ResponseInfo head() throws IOException, InterruptedException {
    if (head == null) {
      Object item = take();
      if (!(item instanceof HttpResponse.ResponseInfo info)) {
        throw new IOException("the response ended before its headers");
      }
      head = info;
      long declared = info.headers().firstValueAsLong("content-length").orElse(-1);
      if (declared > limit) {
        cancel();
        throw new TooLargeException(String.format(Locale.ROOT,
            "the response declares [%d] bytes, more than maxResponseBytes [%d]", declared, limit));
      }
    }
    return head;
  }

  /**
   * {@return the next chunk of the body, or null at its end}, waiting until the deadline
   *
   * @throws IOException when the exchange failed or the body passed the limit
   * @throws DeadlineException when the body did not end before the deadline
   */
  public byte[] next() throws IOException, InterruptedException {
    head();
    if (ended) {
      return null;
    }
    Object item = take();
    if (item == END) {
      ended = true;
      return null;
    }
    byte[] chunk = (byte[]) item;
    received += chunk.length;
    if (received > limit) {
      cancel();
      throw new TooLargeException("the response body is longer than maxResponseBytes [" + limit + "]");
    }
    subscription.get().request(1);
    return chunk;
  }

  /** {@return the rest of the body} Same failures as {@link #next()}. */
  public byte[] readAll() throws IOException, InterruptedException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] chunk = next(); chunk != null; chunk = next()) {
      all.write(chunk);
    }
    return all.toByteArray();
  }

  /** Stops the exchange and closes its connection; harmless when it has ended. */
  public void cancel() {
    Flow.Subscription s = subscription.getAndSet(CANCELLED);
    if (s != null && s != CANCELLED) {
      s.cancel();
    }
    if (exchange != null) {
      exchange.cancel(true);
    }
  }

  private static final Flow.Subscription CANCELLED = new Flow.Subscription() {
    @Override
    public void request(long n) {}

    @Override
    public void cancel() {}
  };

  private Object take() throws IOException, InterruptedException {
    long wait = deadline - System.nanoTime();
    Object item = wait > 0 ? arrived.poll(wait, TimeUnit.NANOSECONDS) : arrived.poll();
    if (item == null) {
      cancel();
      throw new DeadlineException(head == null ? "no response before the deadline"
          : "the response body did not end before the deadline", head != null);
    }
    if (item instanceof Failure failure) {
      Throwable cause = failure.cause();
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(cause);
    }
    return item;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    if (!subscription.compareAndSet(null, s)) {
      s.cancel();
      return;
    }
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    int size = 0;
    for (ByteBuffer buffer : buffers) {
      size += buffer.remaining();
    }
    byte[] chunk = new byte[size];
    int at = 0;
    for (ByteBuffer buffer : buffers) {
      int n = buffer.remaining();
      buffer.get(chunk, at, n);
      at += n;
    }
    arrived.add(chunk);
  }

  @Override
  public void onError(Throwable failure) {
    arrived.add(new Failure(failure));
  }

  @Override
  public void onComplete() {
    arrived.add(END);
  }

  @Override
  public CompletionStage<Void> getBody() {
    // Complete at once, so the exchange's future completes with the headers, as for a stream.
    return CompletableFuture.completedFuture(null);
  }
}
