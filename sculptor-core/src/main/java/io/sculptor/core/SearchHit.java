package io.sculptor.core;

import java.util.Objects;
import java.util.Optional;

/**
 * One place where a search found its text, with context from the original conversation.
 *
 * <p>Value semantics, immutable, thread-safe. A class rather than a record, so that later
 * versions can add data without breaking callers.
 *
 * @since 0.1
 */
public final class SearchHit {
  private final SearchResultId id;
  private final int messageIndex;
  private final Role role;
  private final int offset;
  private final String before;
  private final String match;
  private final String after;
  private final Optional<FragmentId> hiddenBy;

  private SearchHit(SearchResultId id, int messageIndex, Role role, int offset, String before, String match, String after, Optional<FragmentId> hiddenBy) {
    this.id = Objects.requireNonNull(id, "id");
    this.messageIndex = messageIndex;
    this.role = Objects.requireNonNull(role, "role");
    this.offset = offset;
    this.before = Objects.requireNonNull(before, "before");
    this.match = Objects.requireNonNull(match, "match");
    this.after = Objects.requireNonNull(after, "after");
    this.hiddenBy = Objects.requireNonNull(hiddenBy, "hiddenBy");
  }

  /**
   * {@return an instance with these components}
   *
   * @param id the hit's id, for {@link ContextState#searchDetail(SearchResultId, int)}
   * @param messageIndex the index of the message holding the match
   * @param role the role of that message
   * @param offset where the match begins in the message content
   * @param before up to the requested number of characters before the match
   * @param match the matched text
   * @param after up to the requested number of characters after the match
   * @param hiddenBy the folded or summarized fragment that hides the match from the view now, if any
   */
  public static SearchHit of(SearchResultId id, int messageIndex, Role role, int offset, String before, String match, String after, Optional<FragmentId> hiddenBy) {
    return new SearchHit(id, messageIndex, role, offset, before, match, after, hiddenBy);
  }

  /** {@return the hit's id, for {@link ContextState#searchDetail(SearchResultId, int)}} */
  public SearchResultId id() {
    return id;
  }

  /** {@return the index of the message holding the match} */
  public int messageIndex() {
    return messageIndex;
  }

  /** {@return the role of that message} */
  public Role role() {
    return role;
  }

  /** {@return where the match begins in the message content} */
  public int offset() {
    return offset;
  }

  /** {@return up to the requested number of characters before the match} */
  public String before() {
    return before;
  }

  /** {@return the matched text} */
  public String match() {
    return match;
  }

  /** {@return up to the requested number of characters after the match} */
  public String after() {
    return after;
  }

  /** {@return the folded or summarized fragment that hides the match from the view now, if any} */
  public Optional<FragmentId> hiddenBy() {
    return hiddenBy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SearchHit other
        && id.equals(other.id)
        && messageIndex == other.messageIndex
        && role.equals(other.role)
        && offset == other.offset
        && before.equals(other.before)
        && match.equals(other.match)
        && after.equals(other.after)
        && hiddenBy.equals(other.hiddenBy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, messageIndex, role, offset, before, match, after, hiddenBy);
  }

  @Override
  public String toString() {
    return "SearchHit[id=" + id + ", messageIndex=" + messageIndex + ", role=" + role + ", offset=" + offset + ", before=" + before + ", match=" + match + ", after=" + after + ", hiddenBy=" + hiddenBy + "]";
  }
}
