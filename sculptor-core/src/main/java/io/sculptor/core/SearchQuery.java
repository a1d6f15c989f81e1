package io.sculptor.core;

import io.sculptor.core.internal.Preconditions;
import java.util.Objects;
import java.util.Set;

/**
 * An exact, case-sensitive text search over the original conversation, like Ctrl+F.
 *
 * <p>Value semantics, immutable, thread-safe. A class rather than a record, so that later versions
 * can add settings without breaking callers.
 *
 * @since 0.1
 */
public final class SearchQuery {
  private final String text;
  private final RoleFilter roles;
  private final int maxResults;
  private final int contextSize;
  private final Set<String> ignoredToolResults;
  private final int latestResults;

  private SearchQuery(String text, RoleFilter roles, int maxResults, int contextSize,
      Set<String> ignoredToolResults, int latestResults) {
    this.text = Preconditions.notEmpty(text, "text");
    this.roles = Objects.requireNonNull(roles, "roles");
    this.maxResults = Preconditions.inRange(maxResults, 1, Integer.MAX_VALUE, "maxResults");
    this.contextSize = Preconditions.inRange(contextSize, 0, Integer.MAX_VALUE, "contextSize");
    this.ignoredToolResults = Set.copyOf(ignoredToolResults);
    this.latestResults = Preconditions.inRange(latestResults, 0, Integer.MAX_VALUE, "latestResults");
  }

  /**
   * {@return a query for {@code text} in {@code roles}, up to {@code maxResults} hits}
   *
   * @param text the exact text to find; not empty
   * @param roles which messages to search; system messages are never searched
   * @param maxResults the most hits to return and remember, at least 1
   * @param contextSize characters of context shown before and after each hit, at least 0
   */
  public static SearchQuery of(String text, RoleFilter roles, int maxResults, int contextSize) {
    return new SearchQuery(text, roles, maxResults, contextSize, Set.of(), 0);
  }

  /** {@return a copy that skips the results of the tools named {@code toolNames}} */
  public SearchQuery ignoringResultsOf(Set<String> toolNames) {
    return new SearchQuery(text, roles, maxResults, contextSize, toolNames, latestResults);
  }

  /**
   * {@return a copy that, when more than {@link #maxResults()} matches exist, also returns the
   * last {@code count} of them}, so that the newest occurrence of a repeated text (the current
   * value of a key updated many times) is always reachable
   */
  public SearchQuery withLatestResults(int count) {
    return new SearchQuery(text, roles, maxResults, contextSize, ignoredToolResults, count);
  }

  /** {@return the exact text to find} */
  public String text() {
    return text;
  }

  /** {@return which messages to search; system messages are never searched} */
  public RoleFilter roles() {
    return roles;
  }

  /** {@return the most hits to return and remember, besides the latest ones} */
  public int maxResults() {
    return maxResults;
  }

  /** {@return characters of context shown before and after each hit} */
  public int contextSize() {
    return contextSize;
  }

  /**
   * {@return the names of tools whose result messages are skipped}, so that a search does not
   * find the echoes of earlier searches; empty to search every tool result
   */
  public Set<String> ignoredToolResults() {
    return ignoredToolResults;
  }

  /** {@return how many of the last matches are returned too when more than {@link #maxResults()} exist} */
  public int latestResults() {
    return latestResults;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SearchQuery q && text.equals(q.text) && roles == q.roles && maxResults == q.maxResults
        && contextSize == q.contextSize && ignoredToolResults.equals(q.ignoredToolResults)
        && latestResults == q.latestResults;
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, roles, maxResults, contextSize, ignoredToolResults, latestResults);
  }

  @Override
  public String toString() {
    return "SearchQuery[" + text + ", " + roles + ", maxResults=" + maxResults + ", contextSize=" + contextSize
        + ", latestResults=" + latestResults + "]";
  }
}
