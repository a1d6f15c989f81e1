package io.sculptor.core;

import io.sculptor.core.internal.Preconditions;
import java.util.Objects;
import java.util.Set;

/**
 * An exact, case-sensitive text search over the original conversation, like Ctrl+F.
 *
 * @param text the exact text to find; not empty
 * @param roles which messages to search; system messages are never searched
 * @param maxResults the most hits to return and remember, at least 1
 * @param contextSize characters of context shown before and after each hit, at least 0
 * @param ignoredToolResults names of tools whose result messages are skipped, so that a search
 *     does not find the echoes of earlier searches; empty to search every tool result
 * @param latestResults when more than {@code maxResults} matches exist, how many of the last ones
 *     to return and remember as well, so that the newest occurrence of a repeated text (the
 *     current value of a key updated many times) is always reachable; at least 0
 * @since 0.1
 */
public record SearchQuery(String text, RoleFilter roles, int maxResults, int contextSize,
    Set<String> ignoredToolResults, int latestResults) {
  /** Checks every component. */
  public SearchQuery {
    Preconditions.notEmpty(text, "text");
    Objects.requireNonNull(roles, "roles");
    Preconditions.inRange(maxResults, 1, Integer.MAX_VALUE, "maxResults");
    Preconditions.inRange(contextSize, 0, Integer.MAX_VALUE, "contextSize");
    ignoredToolResults = Set.copyOf(ignoredToolResults);
    Preconditions.inRange(latestResults, 0, Integer.MAX_VALUE, "latestResults");
  }

  /** {@return a query for {@code text} in {@code roles}, up to {@code maxResults} hits} */
  public static SearchQuery of(String text, RoleFilter roles, int maxResults, int contextSize) {
    return new SearchQuery(text, roles, maxResults, contextSize, Set.of(), 0);
  }

  /** {@return a copy that skips the results of the tools named {@code toolNames}} */
  public SearchQuery ignoringResultsOf(Set<String> toolNames) {
    return new SearchQuery(text, roles, maxResults, contextSize, toolNames, latestResults);
  }

  /**
   * {@return a copy that, when more than {@link #maxResults()} matches exist, also returns the
   * last {@code count} of them}
   */
  public SearchQuery withLatestResults(int count) {
    return new SearchQuery(text, roles, maxResults, contextSize, ignoredToolResults, count);
  }
}
