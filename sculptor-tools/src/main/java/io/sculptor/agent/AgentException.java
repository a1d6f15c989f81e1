package io.sculptor.agent;

import io.sculptor.core.ContextState;
import io.sculptor.core.SculptorException;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ContextLengthExceededException;
import java.util.Objects;

/**
 * An agent run stopped because a model call failed. Carries the state as it was before the failing
 * step, so the application can retry, run a policy, or save it; the cause is the
 * {@link ChatModelException} (for example a {@link ContextLengthExceededException}).
 *
 * @since 0.1
 */
public final class AgentException extends SculptorException {
  private static final long serialVersionUID = 1L;

  private final transient ContextState state;
  private final int step;

  /**
   * Creates the exception.
   *
   * @param step the step that failed
   * @param state the state before that step
   * @param cause the model failure
   */
  public AgentException(int step, ContextState state, ChatModelException cause) {
    super("agent step [" + step + "] failed: " + cause.getMessage(), cause);
    this.state = Objects.requireNonNull(state, "state");
    this.step = step;
  }

  /** {@return the state before the failing step} */
  public ContextState state() {
    return state;
  }

  /** {@return the step that failed, from 1} */
  public int step() {
    return step;
  }

  /** {@return the model failure} */
  public ChatModelException modelFailure() {
    return (ChatModelException) getCause();
  }
}
