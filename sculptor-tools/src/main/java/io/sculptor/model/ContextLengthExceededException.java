package io.sculptor.model;

/**
 * The request did not fit the model's context window. Applications can react by folding more of
 * the context (for example with a budget policy) and sending the request again.
 *
 * @since 0.1
 */
public final class ContextLengthExceededException extends ChatModelException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, with values in brackets
   * @param error what the provider said
   */
  public ContextLengthExceededException(String message, ProviderError error) {
    super(Kind.CONTEXT_LENGTH_EXCEEDED, message, error, null);
  }
}
