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
   * A refused operation: the unchanged state and the facts of the refusal. The tools module
   * turns the facts into a text for a model; {@link #message()} states them for a developer.
   *
   * @param state the unchanged state
   * @param refusal why, with the values that explain it
   * @param <T> the type the result would have had
   */
  record Failure<T>(ContextState state, Refusal refusal) implements Outcome<T> {
    /** Checks that no component is null. */
    public Failure {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(refusal, "refusal");
    }

    /** {@return the kind of refusal} */
    public FailureReason reason() {
      return refusal.reason();
    }

    /** {@return the facts of the refusal for logs and developers} */
    public String message() {
      return refusal.describe();
    }

    @Override
    public boolean isSuccess() {
      return false;
    }

    @Override
    public T value() {
      throw new IllegalStateException("operation failed (" + reason() + "): " + message());
    }

    @Override
    public Optional<Failure<T>> failure() {
      return Optional.of(this);
    }
  }
}
