package io.sculptor.openai.internal;

import io.sculptor.model.ChatModelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The events of one streamed answer, read on the caller's thread within the attempt's deadline
 * and the byte limit. Closing it closes the connection.
 *
 * <p>Not thread-safe: one reader.
 */
public final class SseEvents implements AutoCloseable {
  private final QueuedBodySubscriber body;
  private final long deadlineNanos;
  private final long maxBytes;
  private final OpenAiHttp.StreamFailures failures;
  private final SseDecoder decoder = new SseDecoder();
  private final ArrayDeque<SseEvent> ready = new ArrayDeque<>();
  private long bytesRead;
  private boolean ended;

  SseEvents(QueuedBodySubscriber body, long deadlineNanos, long maxBytes, OpenAiHttp.StreamFailures failures) {
    this.body = body;
    this.deadlineNanos = deadlineNanos;
    this.maxBytes = maxBytes;
    this.failures = failures;
  }

  /**
   * {@return the next event, or null when the stream ended} An event cut off by the end of the
   * stream is dropped, as the standard says.
   *
   * @throws ChatModelException when the stream breaks off, is not complete by the deadline, or is
   *     longer than the byte limit
   */
  public SseEvent next() {
    while (ready.isEmpty() && !ended) {
      List<ByteBuffer> bytes;
      try {
        bytes = body.next(deadlineNanos - System.nanoTime());
      } catch (TimeoutException e) {
        close();
        throw failures.timeout();
      } catch (IOException e) {
        close();
        throw failures.broken(e);
      } catch (InterruptedException e) {
        close();
        Thread.currentThread().interrupt();
        throw new ChatModelException(ChatModelException.Kind.CONNECTION, "interrupted while reading a stream", e);
      }
      if (bytes == null) {
        ended = true;
        break;
      }
      List<SseEvent> events = new ArrayList<>();
      for (ByteBuffer buffer : bytes) {
        bytesRead += buffer.remaining();
        if (bytesRead > maxBytes) {
          close();
          throw failures.tooLarge();
        }
        decoder.feed(buffer, events);
      }
      ready.addAll(events);
    }
    return ready.poll();
  }

  /** Stops reading and closes the connection; the events not read yet are dropped. */
  @Override
  public void close() {
    body.close();
  }
}
