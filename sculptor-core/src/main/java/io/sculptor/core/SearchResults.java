package io.sculptor.core;

import java.util.List;
import java.util.Objects;

/**
 * The hits of one search, in conversation order.
 *
 * @param query the query that was run
 * @param totalMatches how many matches exist in the searched messages; may exceed
 *     {@code hits().size()}, which is capped by {@link SearchQuery#maxResults()}
 * @param hits the first matches, each with an id that later calls can use
 * @since 0.1
 */
public record SearchResults(SearchQuery query, int totalMatches, List<SearchHit> hits) {
  /** Copies the list and checks that nothing is null. */
  public SearchResults {
    Objects.requireNonNull(query, "query");
    hits = List.copyOf(hits);
  }
}
