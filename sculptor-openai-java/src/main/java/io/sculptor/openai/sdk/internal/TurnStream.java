package io.sculptor.openai.sdk.internal;

import com.openai.core.http.StreamResponse;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A streamed turn of a wrapped client: the model calls of one turn, read one after the other as one
 * stream of the SDK's elements. A subclass opens each call, reads its elements and passes on what
 * the application sees; this class reads lazily, on the thread that reads the stream, and ends the
 * turn exactly once — when the stream ends, fails or is closed.
 *
 * @param <T> the SDK's element type: chunks or events
 */
abstract class TurnStream<T> implements StreamResponse<T> {
  private final Runnable endTurn;
  private final ArrayDeque<T> ready = new ArrayDeque<>();
  private StreamResponse<T> call;
  private Iterator<T> elements;
  private boolean ended;
  private boolean streamed;

  TurnStream(Runnable endTurn) {
    this.endTurn = endTurn;
  }

  /** {@return the next model call of the turn, opened} */
  abstract StreamResponse<T> startCall();

  /** Reads one element of the call under way. */
  abstract void take(T element);

  /** The call under way ended (and is closed): decide whether another follows, or {@link #finish()}. */
  abstract void endCall();

  /** Hands {@code element} to the application. */
  final void pass(T element) {
    ready.add(element);
  }

  /** Ends the turn; elements passed before still reach the application. */
  final void finish() {
    if (!ended) {
      ended = true;
      endTurn.run();
    }
  }

  @Override
  public final synchronized Stream<T> stream() {
    if (streamed) {
      throw new IllegalStateException("the stream of a turn can be read once");
    }
    streamed = true;
    Iterator<T> iterator = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return advance();
      }

      @Override
      public T next() {
        if (!advance()) {
          throw new NoSuchElementException();
        }
        synchronized (TurnStream.this) {
          return ready.poll();
        }
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator,
        Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(this::close);
  }

  /** Reads on until an element is ready or the turn is over; {@return whether an element is ready} */
  private synchronized boolean advance() {
    try {
      while (ready.isEmpty() && !ended) {
        if (elements == null) {
          call = startCall();
          elements = call.stream().iterator();
        } else if (elements.hasNext()) {
          take(elements.next());
        } else {
          elements = null;
          call.close();
          endCall();
        }
      }
    } catch (RuntimeException | Error e) {
      try {
        close();
      } catch (RuntimeException | Error closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    return !ready.isEmpty();
  }

  /** Ends the turn: closes the model call under way, if any; elements not read yet are dropped. */
  @Override
  public final synchronized void close() {
    try {
      if (call != null && elements != null) {
        elements = null;
        call.close();
      }
    } finally {
      finish();
    }
  }
}
