package io.sculptor.core;

/**
 * The root of the failures that Sculptor reports as exceptions: a model endpoint that fails, a
 * summarizer that cannot answer, a snapshot that cannot be read. Messages put values in
 * {@code [brackets]}.
 *
 * <p>A model's bad tool call is never an exception: it becomes a tool result that tells the
 * model what to do next. Programming errors are reported with the JDK's
 * {@link IllegalArgumentException}, {@link NullPointerException} and
 * {@link IllegalStateException}.
 *
 * @since 0.1
 */
public class SculptorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what failed, with values in brackets
   */
  public SculptorException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what failed, with values in brackets
   * @param cause the underlying failure
   */
  public SculptorException(String message, Throwable cause) {
    super(message, cause);
  }
}
