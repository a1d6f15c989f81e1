package io.sculptor.core;

import java.util.Objects;
import java.util.Optional;

/**
 * One place where a search found its text, with context from the original conversation.
 *
 * @param id the hit's id, for {@link ContextState#searchDetail(SearchResultId, int)}
 * @param messageIndex the index of the message holding the match
 * @param role the role of that message
 * @param offset where the match begins in the message content
 * @param before up to the requested number of characters before the match
 * @param match the matched text
 * @param after up to the requested number of characters after the match
 * @param hiddenBy the folded or summarized fragment that hides the match from the view now, if any
 * @since 0.1
 */
public record SearchHit(SearchResultId id, int messageIndex, Role role, int offset, String before,
    String match, String after, Optional<FragmentId> hiddenBy) {
  /** Checks that no component is null. */
  public SearchHit {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(hiddenBy, "hiddenBy");
  }
}
