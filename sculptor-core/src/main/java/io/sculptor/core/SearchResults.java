package io.sculptor.core;

import java.util.List;
import java.util.Objects;

/**
 * The hits of one search, in conversation order: the first ones, and when more matched than
 * those, the last ones ({@link SearchQuery#latestResults()}).
 *
 * <p>Value semantics, immutable, thread-safe. A class rather than a record, so that later
 * versions can add data without breaking callers.
 *
 * @since 0.1
 */
public final class SearchResults {
  private final SearchQuery query;
  private final int totalMatches;
  private final List<SearchHit> hits;
  private final List<SearchHit> latestHits;

  private SearchResults(SearchQuery query, int totalMatches, List<SearchHit> hits, List<SearchHit> latestHits) {
    this.query = Objects.requireNonNull(query, "query");
    this.totalMatches = totalMatches;
    this.hits = List.copyOf(Objects.requireNonNull(hits, "hits"));
    this.latestHits = List.copyOf(Objects.requireNonNull(latestHits, "latestHits"));
  }

  /**
   * {@return an instance with these components}
   *
   * @param query the query that was run
   * @param totalMatches how many matches exist in the searched messages; may exceed the hits shown
   * @param hits the first matches, at most {@link SearchQuery#maxResults()}, each with an id that later calls can use
   * @param latestHits the last matches, when more matched than {@code hits} holds and the query asked for them; none of them is also in {@code hits}
   */
  public static SearchResults of(SearchQuery query, int totalMatches, List<SearchHit> hits, List<SearchHit> latestHits) {
    return new SearchResults(query, totalMatches, hits, latestHits);
  }

  /** {@return the query that was run} */
  public SearchQuery query() {
    return query;
  }

  /** {@return how many matches exist in the searched messages; may exceed the hits shown} */
  public int totalMatches() {
    return totalMatches;
  }

  /** {@return the first matches, at most {@link SearchQuery#maxResults()}, each with an id that later calls can use} */
  public List<SearchHit> hits() {
    return hits;
  }

  /** {@return the last matches, when more matched than {@code hits} holds and the query asked for them; none of them is also in {@code hits}} */
  public List<SearchHit> latestHits() {
    return latestHits;
  }

  /** {@return how many matches neither {@link #hits()} nor {@link #latestHits()} shows} */
  public int omittedMatches() {
    return totalMatches - hits.size() - latestHits.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SearchResults other
        && query.equals(other.query)
        && totalMatches == other.totalMatches
        && hits.equals(other.hits)
        && latestHits.equals(other.latestHits);
  }

  @Override
  public int hashCode() {
    return Objects.hash(query, totalMatches, hits, latestHits);
  }

  @Override
  public String toString() {
    return "SearchResults[query=" + query + ", totalMatches=" + totalMatches + ", hits=" + hits + ", latestHits=" + latestHits + "]";
  }
}
