package io.sculptor.testing;

import io.sculptor.model.ChatStreamListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link ChatStreamListener} that records what it receives, for tests of streaming code: every
 * piece in the order it arrived, as {@code "text:…"}, {@code "reasoning:…"} and
 * {@code "call:ID NAME"}, and the threads that delivered them. Hand it to
 * {@code StreamingChatModel.chat(request, listener)} or {@code ContextAgent.run(state, listener)},
 * then check the order with {@link #joined()}, which merges the deltas of one stretch of text.
 *
 * <p>Thread-safe: every method is synchronized, so a test may read it while another thread
 * streams into it.
 *
 * @since 0.1
 */
public final class StreamRecorder implements ChatStreamListener {
  private static final String TEXT = "text:";
  private static final String REASONING = "reasoning:";
  private static final String CALL = "call:";

  private final List<String> pieces = new ArrayList<>();
  private final Set<Thread> threads = new LinkedHashSet<>();

  /** {@return a recorder that has received nothing} */
  public static StreamRecorder create() {
    return new StreamRecorder();
  }

  private StreamRecorder() {}

  @Override
  public synchronized void onText(String delta) {
    record(TEXT + Objects.requireNonNull(delta, "delta"));
  }

  @Override
  public synchronized void onReasoning(String delta) {
    record(REASONING + Objects.requireNonNull(delta, "delta"));
  }

  @Override
  public synchronized void onToolCall(String id, String name) {
    record(CALL + Objects.requireNonNull(id, "id") + " " + Objects.requireNonNull(name, "name"));
  }

  private void record(String piece) {
    pieces.add(piece);
    threads.add(Thread.currentThread());
  }

  /**
   * {@return every piece received, in arrival order}: {@code "text:DELTA"},
   * {@code "reasoning:DELTA"} or {@code "call:ID NAME"}; a copy
   */
  public synchronized List<String> pieces() {
    return List.copyOf(pieces);
  }

  /**
   * {@return the pieces with each run of consecutive text deltas, and of reasoning deltas, joined
   * into one}: what a stream said and in which order, wherever its chunks were cut, e.g.
   * {@code ["reasoning:Fold first.", "call:call_1 fold_fragment", "text:Done."]}
   */
  public synchronized List<String> joined() {
    List<String> joined = new ArrayList<>();
    for (String piece : pieces) {
      int last = joined.size() - 1;
      String kind = piece.substring(0, piece.indexOf(':') + 1);
      if (!kind.equals(CALL) && last >= 0 && joined.get(last).startsWith(kind)) {
        joined.set(last, joined.get(last) + piece.substring(kind.length()));
      } else {
        joined.add(piece);
      }
    }
    return List.copyOf(joined);
  }

  /** {@return all text deltas joined, in order}; empty when none came */
  public synchronized String text() {
    return joinedOf(TEXT);
  }

  /** {@return all reasoning deltas joined, in order}; empty when none came */
  public synchronized String reasoning() {
    return joinedOf(REASONING);
  }

  /** {@return the tool calls announced, in order, as {@code "ID NAME"}} */
  public synchronized List<String> toolCalls() {
    return pieces.stream().filter(p -> p.startsWith(CALL)).map(p -> p.substring(CALL.length())).toList();
  }

  /** {@return the threads that delivered a piece, in the order they first did}; a copy */
  public synchronized Set<Thread> threads() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(threads));
  }

  private String joinedOf(String kind) {
    StringBuilder text = new StringBuilder();
    pieces.stream().filter(p -> p.startsWith(kind)).forEach(p -> text.append(p, kind.length(), p.length()));
    return text.toString();
  }

  @Override
  public synchronized String toString() {
    return "StreamRecorder[" + pieces.size() + " pieces]";
  }
}
