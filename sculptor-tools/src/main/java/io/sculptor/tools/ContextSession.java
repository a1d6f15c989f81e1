package io.sculptor.tools;

import io.sculptor.core.ContextState;
import io.sculptor.core.Message;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A mutable handle on the current {@link ContextState} of one conversation, for applications that
 * want one object to share between threads.
 *
 * <p>Thread-safe: every change runs under one lock, so concurrent tool calls and appends apply one
 * after another and none is lost; {@link #state()} never blocks and returns the latest snapshot,
 * which stays valid and unchanged whatever happens to the session later.
 *
 * @since 0.1
 */
public final class ContextSession {
  private final SculptorToolkit toolkit;
  private final Object lock = new Object();
  private volatile ContextState state;

  private ContextSession(ContextState state, SculptorToolkit toolkit) {
    this.state = Objects.requireNonNull(state, "state");
    this.toolkit = Objects.requireNonNull(toolkit, "toolkit");
  }

  /** {@return a session starting at {@code state} that runs tools with {@code toolkit}} */
  public static ContextSession of(ContextState state, SculptorToolkit toolkit) {
    return new ContextSession(state, toolkit);
  }

  /** {@return the current snapshot} */
  public ContextState state() {
    return state;
  }

  /** {@return the toolkit this session runs tools with} */
  public SculptorToolkit toolkit() {
    return toolkit;
  }

  /**
   * Executes one tool call on the current state and keeps the state it produces.
   *
   * @param toolName the tool the model called
   * @param rawArguments the arguments as the model wrote them
   * @return the result; on failure the session's state is unchanged
   */
  public ToolResult execute(String toolName, String rawArguments) {
    synchronized (lock) {
      ToolResult result = toolkit.execute(state, toolName, rawArguments);
      state = result.state();
      return result;
    }
  }

  /** Appends {@code message} to the conversation and returns the new state. */
  public ContextState append(Message message) {
    return update(s -> s.append(message));
  }

  /**
   * Replaces the state by {@code change(state)}, atomically with respect to the other methods.
   *
   * @param change a function from the current state to the next; must not return null
   * @return the new state
   */
  public ContextState update(UnaryOperator<ContextState> change) {
    Objects.requireNonNull(change, "change");
    synchronized (lock) {
      state = Objects.requireNonNull(change.apply(state), "change returned null");
      return state;
    }
  }

  @Override
  public String toString() {
    return "ContextSession[" + state + "]";
  }
}
