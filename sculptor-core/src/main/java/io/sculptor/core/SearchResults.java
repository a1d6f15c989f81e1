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
 * @param latestHits the last matches, when more matched than {@code hits} holds and the query
 *     asked for them ({@link SearchQuery#latestResults()}); none of them is also in {@code hits}
 * @since 0.1
 */
public record SearchResults(SearchQuery query, int totalMatches, List<SearchHit> hits,
    List<SearchHit> latestHits) {
  /** Copies the lists and checks that nothing is null. */
  public SearchResults {
    Objects.requireNonNull(query, "query");
    hits = List.copyOf(hits);
    latestHits = List.copyOf(latestHits);
  }

  /** {@return how many matches neither {@link #hits()} nor {@link #latestHits()} shows} */
  public int omittedMatches() {
    return totalMatches - hits.size() - latestHits.size();
  }
}
