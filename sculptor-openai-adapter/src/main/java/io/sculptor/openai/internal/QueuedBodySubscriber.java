package io.sculptor.openai.internal;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hands a response body to the thread that reads it, one delivery at a time: it asks the connection
 * for the next bytes only after the reader took the last ones, so at most one delivery waits in
 * memory. Its body completes at once (with the subscriber itself), so the response is available as
 * soon as its head arrives.
 *
 * <p>One reader thread; {@link #close()} is safe from any thread.
 */
final class QueuedBodySubscriber implements HttpResponse.BodySubscriber<QueuedBodySubscriber> {
  /** The end of the body. */
  private static final Object END = new Object();

  private final LinkedBlockingQueue<Object> deliveries = new LinkedBlockingQueue<>();
  private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
  private final CompletableFuture<QueuedBodySubscriber> body = CompletableFuture.completedFuture(this);
  private volatile boolean closed;
  private boolean ended;

  @Override
  public void onSubscribe(Flow.Subscription s) {
    if (!subscription.compareAndSet(null, s) || closed) {
      s.cancel();
      return;
    }
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    deliveries.add(items);
  }

  @Override
  public void onError(Throwable failure) {
    deliveries.add(failure);
  }

  @Override
  public void onComplete() {
    deliveries.add(END);
  }

  @Override
  public CompletionStage<QueuedBodySubscriber> getBody() {
    return body;
  }

  /**
   * {@return the next bytes, or null at the end of the body}
   *
   * @param timeoutNanos how long to wait at most
   * @throws IOException when the connection failed
   * @throws java.util.concurrent.TimeoutException when nothing came in time
   * @throws InterruptedException when the thread was interrupted while waiting
   */
  @SuppressWarnings("unchecked")
  List<ByteBuffer> next(long timeoutNanos) throws IOException, java.util.concurrent.TimeoutException,
      InterruptedException {
    if (ended) {
      return null;
    }
    Object delivery = deliveries.poll(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
    if (delivery == null) {
      throw new java.util.concurrent.TimeoutException("no bytes within the deadline");
    }
    if (delivery == END) {
      ended = true;
      return null;
    }
    if (delivery instanceof Throwable failure) {
      ended = true;
      throw failure instanceof IOException io ? io : new IOException(failure);
    }
    subscription.get().request(1);
    return (List<ByteBuffer>) delivery;
  }

  /** Stops reading and closes the connection. */
  void close() {
    closed = true;
    Flow.Subscription s = subscription.get();
    if (s != null) {
      s.cancel();
    }
  }
}
