package io.sculptor.core;

import java.util.Objects;
import java.util.Optional;

/**
 * What an operation on a {@link ContextState} produced: a new state and a typed result, or a
 * refusal that says why and carries the unchanged state.
 *
 * <p>Value semantics, immutable, thread-safe.
 *
 * @param <T> the type of the result of a successful operation
 * @since 0.1
 */
public sealed interface Outcome<T> {
  /** {@return the state after the operation: the new one on success, the unchanged one on failure} */
  ContextState state();

  /** {@return whether the operation succeeded} */
  boolean isSuccess();

  /**
   * {@return the result of a successful operation}
   *
   * @throws IllegalStateException if the operation failed; the message says why
   */
  T value();

  /** {@return the refusal, when the operation failed} */
  Optional<Failure<T>> failure();

  /**
   * A successful operation.
   *
   * @param state the new state
   * @param value the result
   * @param <T> the type of the result
   */
  record Success<T>(ContextState state, T value) implements Outcome<T> {
    /** Checks that neither component is null. */
    public Success {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean isSuccess() {
      return true;
    }

    @Override
    public Optional<Failure<T>> failure() {
      return Optional.empty();
    }
  }

  /**
   * A refused operation. The message is written for whoever asked, a model or a developer: it
   * names what was wrong and what to do next.
   *
   * @param state the unchanged state
   * @param reason the kind of refusal
   * @param message the explanation
   * @param <T> the type the result would have had
   */
  record Failure<T>(ContextState state, FailureReason reason, String message) implements Outcome<T> {
    /** Checks that no component is null. */
    public Failure {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public boolean isSuccess() {
      return false;
    }

    @Override
    public T value() {
      throw new IllegalStateException("operation failed (" + reason + "): " + message);
    }

    @Override
    public Optional<Failure<T>> failure() {
      return Optional.of(this);
    }
  }
}
