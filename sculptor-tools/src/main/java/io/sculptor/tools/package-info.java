/**
 * The six Sculptor tools of the paper — {@code fragment_context}, {@code summarize_fragment},
 * {@code fold_fragment}, {@code restore_fragment}, {@code search_context} and
 * {@code get_search_detail} — and what executes them: {@link io.sculptor.tools.SculptorToolkit}
 * runs one call on an immutable state; {@link io.sculptor.tools.ContextSession} is a thread-safe
 * mutable handle for applications that want one.
 */
package io.sculptor.tools;
