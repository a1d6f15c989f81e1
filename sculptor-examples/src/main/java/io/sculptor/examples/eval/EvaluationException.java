package io.sculptor.examples.eval;

/**
 * An evaluation that could not finish: a sample failed (its model call, typically) or the results
 * file cannot be used. The message is one line; the samples recorded before stay in the results
 * file, from which the same command resumes.
 */
public final class EvaluationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  EvaluationException(String message, Throwable cause) {
    super(message.replace('\n', ' ').replace('\r', ' '), cause);
  }
}
