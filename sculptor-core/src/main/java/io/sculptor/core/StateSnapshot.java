package io.sculptor.core;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything a {@link ContextState} consists of, as plain data, so that a state can be written
 * somewhere and read back: the original conversation, the id generator, the fragments, the
 * remembered search hits and the pins. Token totals are not part of it; they are recounted with the
 * counter given to {@link ContextState#fromSnapshot(StateSnapshot, TokenCounter)}.
 *
 * @param conversation the original conversation
 * @param seed the seed of the id generator
 * @param idsDrawn how many ids the generator has drawn
 * @param fragments the fragments in creation order
 * @param searchHits the remembered search hits in the order they were found
 * @param pinned the indexes of the messages the application pinned
 * @since 0.1
 */
public record StateSnapshot(Conversation conversation, long seed, long idsDrawn,
    List<FragmentRecord> fragments, List<SearchHitRecord> searchHits, Set<Integer> pinned) {
  /** Copies the collections and checks that nothing is null. */
  public StateSnapshot {
    Objects.requireNonNull(conversation, "conversation");
    fragments = List.copyOf(fragments);
    searchHits = List.copyOf(searchHits);
    pinned = java.util.Collections.unmodifiableSet(new TreeSet<>(pinned));
  }

  /**
   * One fragment.
   *
   * @param id its id
   * @param spans its spans, one per message at most, in message order
   * @param status how it shows in the view
   */
  public record FragmentRecord(FragmentId id, List<Span> spans, FragmentStatus status) {
    /** Copies the list and checks that nothing is null. */
    public FragmentRecord {
      Objects.requireNonNull(id, "id");
      spans = List.copyOf(spans);
      Objects.requireNonNull(status, "status");
    }
  }

  /**
   * One remembered search hit.
   *
   * @param id its id
   * @param query the text that was searched
   * @param messageIndex the message holding the match
   * @param offset where the match begins
   */
  public record SearchHitRecord(SearchResultId id, String query, int messageIndex, int offset) {
    /** Checks that nothing is null. */
    public SearchHitRecord {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(query, "query");
    }
  }
}
