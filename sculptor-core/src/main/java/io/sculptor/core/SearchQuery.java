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
 * @since 0.1
 */
public record SearchQuery(String text, RoleFilter roles, int maxResults, int contextSize,
    Set<String> ignoredToolResults) {
  /** Checks every component. */
  public SearchQuery {
    Preconditions.notEmpty(text, "text");
    Objects.requireNonNull(roles, "roles");
    Preconditions.inRange(maxResults, 1, Integer.MAX_VALUE, "maxResults");
    Preconditions.inRange(contextSize, 0, Integer.MAX_VALUE, "contextSize");
    ignoredToolResults = Set.copyOf(ignoredToolResults);
  }

  /** {@return a query for {@code text} in {@code roles}, up to {@code maxResults} hits} */
  public static SearchQuery of(String text, RoleFilter roles, int maxResults, int contextSize) {
    return new SearchQuery(text, roles, maxResults, contextSize, Set.of());
  }

  /** {@return a copy that skips the results of the tools named {@code toolNames}} */
  public SearchQuery ignoringResultsOf(Set<String> toolNames) {
    return new SearchQuery(text, roles, maxResults, contextSize, toolNames);
  }
}
