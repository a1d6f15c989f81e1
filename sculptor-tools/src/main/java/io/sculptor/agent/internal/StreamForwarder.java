package io.sculptor.agent.internal;

import io.sculptor.agent.ContextAgent;
import io.sculptor.model.ChatStreamListener;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the pieces of one run's streamed answers to the application's listener and notes when
 * the first piece of each call arrived. The application's listener cannot break the run: when it
 * throws, that is logged at WARN and it receives nothing more in this run (a sink that failed once,
 * such as a closed connection, fails again). Not thread-safe: one per run.
 */
public final class StreamForwarder implements ChatStreamListener {
  private static final Logger LOG = LoggerFactory.getLogger(ContextAgent.class);

  private final ChatStreamListener target;
  private boolean broken;
  private long callStartNanos;
  private long firstChunkNanos = -1;

  /** Creates a forwarder to {@code target}. */
  public StreamForwarder(ChatStreamListener target) {
    this.target = Objects.requireNonNull(target, "target");
  }

  /** {@return this forwarder, ready for a call sent at {@code startNanos} (a {@link System#nanoTime()})} */
  public StreamForwarder startCall(long startNanos) {
    this.callStartNanos = startNanos;
    this.firstChunkNanos = -1;
    return this;
  }

  /** {@return the time from the start of the current call to its first piece}, if one arrived */
  public Optional<Duration> timeToFirstChunk() {
    return firstChunkNanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(firstChunkNanos - callStartNanos));
  }

  @Override
  public void onText(String delta) {
    forward("onText", () -> target.onText(delta));
  }

  @Override
  public void onReasoning(String delta) {
    forward("onReasoning", () -> target.onReasoning(delta));
  }

  @Override
  public void onToolCall(String id, String name) {
    forward("onToolCall", () -> target.onToolCall(id, name));
  }

  private void forward(String method, Runnable delivery) {
    if (firstChunkNanos < 0) {
      firstChunkNanos = System.nanoTime();
    }
    if (broken) {
      return;
    }
    try {
      delivery.run();
    } catch (RuntimeException e) {
      broken = true;
      LOG.warn("stream listener [{}] failed in {}; it receives nothing more in this run, which goes on", target,
          method, e);
    }
  }
}
