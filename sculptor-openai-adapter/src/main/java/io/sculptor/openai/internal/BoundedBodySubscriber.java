package io.sculptor.openai.internal;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Collects one response body into a byte array of at most {@code limit} bytes. It never holds more
 * than the limit: it refuses a body whose declared length is longer before reading a byte, and
 * stops reading a longer body (cancelling the subscription, which closes the connection) as soon as
 * the next bytes would pass the limit. Either way the body completes exceptionally with
 * {@link TooLargeException}. {@link #abort()} stops reading for a caller that gives up, e.g. at a
 * deadline.
 *
 * <p>For one response only. Safe to {@link #abort()} from any thread.
 */
public final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
  /** A body longer than the limit; the message names both. */
  public static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    private TooLargeException(String message) {
      super(message);
    }
  }

  private static final int FIRST_CAPACITY = 16 * 1024;

  private final int limit;
  private final long declaredLength;
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
  // Touched only by onNext and onComplete, which the publisher never calls concurrently.
  private byte[] buffer;
  private int size;

  /**
   * Creates a subscriber for one body.
   *
   * @param limit the most bytes accepted, at least 0
   * @param declaredLength the length the response declares (Content-Length), or -1 when unknown
   */
  public BoundedBodySubscriber(int limit, long declaredLength) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got [" + limit + "]");
    }
    this.limit = limit;
    this.declaredLength = declaredLength;
    this.buffer = new byte[(int) Math.min(limit, declaredLength >= 0 ? declaredLength : FIRST_CAPACITY)];
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    if (!subscription.compareAndSet(null, s) || body.isDone()) {
      s.cancel();
      return;
    }
    if (declaredLength > limit) {
      s.cancel();
      body.completeExceptionally(new TooLargeException(String.format(Locale.ROOT,
          "the response declares [%d] bytes, more than the limit [%d]", declaredLength, limit)));
      return;
    }
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (body.isDone()) {
      return;
    }
    long incoming = 0;
    for (ByteBuffer item : items) {
      incoming += item.remaining();
    }
    if (size + incoming > limit) {
      subscription.get().cancel();
      buffer = null;
      body.completeExceptionally(new TooLargeException(String.format(Locale.ROOT,
          "the response body is longer than the limit [%d]", limit)));
      return;
    }
    if (size + incoming > buffer.length) {
      buffer = Arrays.copyOf(buffer, (int) Math.min(limit, Math.max(size + incoming, 2L * buffer.length)));
    }
    for (ByteBuffer item : items) {
      int n = item.remaining();
      item.get(buffer, size, n);
      size += n;
    }
    subscription.get().request(1);
  }

  @Override
  public void onError(Throwable failure) {
    buffer = null;
    body.completeExceptionally(failure);
  }

  @Override
  public void onComplete() {
    byte[] all = buffer;
    buffer = null;
    if (all != null) {
      body.complete(all.length == size ? all : Arrays.copyOf(all, size));
    }
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }

  /** Stops reading: the body completes with a {@link CancellationException} unless it is complete. */
  public void abort() {
    body.completeExceptionally(new CancellationException("reading the response body was stopped"));
    Flow.Subscription s = subscription.get();
    if (s != null) {
      s.cancel();
    }
  }
}
