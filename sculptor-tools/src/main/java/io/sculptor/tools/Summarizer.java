package io.sculptor.tools;

/**
 * Writes the summary that {@code summarize_fragment} shows instead of a fragment.
 *
 * <p>Implementations must be thread-safe. They may call a model; when they cannot answer they
 * throw a {@link io.sculptor.core.SculptorException}, which the toolkit turns into an error result
 * for the model. A summary that is not shorter than its source is refused by the state.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Summarizer {
  /**
   * {@return a summary of {@code text} that concentrates on {@code focus}}
   *
   * @param text the original text of the fragment
   * @param focus what to concentrate on, e.g. {@code "key decisions"}; may be empty
   */
  String summarize(String text, String focus);
}
