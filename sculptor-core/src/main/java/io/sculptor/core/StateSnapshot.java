package io.sculptor.core;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything a {@link ContextState} consists of, as plain data, so that a state can be written
 * somewhere and read back: the original conversation, the id generator, the fragments, the
 * remembered search hits and the pins, and optionally the token counts of every message under a
 * named encoding ({@link TokenCounts}), so that loading with a counter of the same encoding counts
 * nothing again. The counts are a cache: they take no part in equality, and a counter of another
 * encoding (or none) recounts.
 *
 * <p>A snapshot only holds data; whether the data describes a consistent state is checked by
 * {@link ContextState#fromSnapshot(StateSnapshot, TokenCounter)}. Instances are made by
 * {@link ContextState#snapshot()} or {@link #of(Conversation, long, long, List, List, Set)}; later
 * versions may add components with further factories, which is why this is a class and not a
 * record.
 *
 * <p>Value semantics, immutable (the collections are unmodifiable copies), thread-safe.
 *
 * @since 0.1
 */
public final class StateSnapshot {
  private final Conversation conversation;
  private final long seed;
  private final long idsDrawn;
  private final List<FragmentRecord> fragments;
  private final List<SearchHitRecord> searchHits;
  private final Set<Integer> pinned;
  private final TokenCounts tokenCounts;

  private StateSnapshot(Conversation conversation, long seed, long idsDrawn,
      List<FragmentRecord> fragments, List<SearchHitRecord> searchHits, Set<Integer> pinned,
      TokenCounts tokenCounts) {
    this.tokenCounts = tokenCounts;
    this.conversation = Objects.requireNonNull(conversation, "conversation");
    this.seed = seed;
    this.idsDrawn = idsDrawn;
    this.fragments = List.copyOf(fragments);
    this.searchHits = List.copyOf(searchHits);
    this.pinned = Collections.unmodifiableSet(new TreeSet<>(pinned));
  }

  /**
   * {@return a snapshot of these components}; the collections are copied, and none of them nor
   * their elements may be null
   *
   * @param conversation the original conversation
   * @param seed the seed of the id generator
   * @param idsDrawn how many ids the generator has drawn
   * @param fragments the fragments in creation order
   * @param searchHits the remembered search hits in the order they were found
   * @param pinned the indexes of the messages the application pinned
   */
  public static StateSnapshot of(Conversation conversation, long seed, long idsDrawn,
      List<FragmentRecord> fragments, List<SearchHitRecord> searchHits, Set<Integer> pinned) {
    return new StateSnapshot(conversation, seed, idsDrawn, fragments, searchHits, pinned, null);
  }

  /**
   * {@return this snapshot with the token counts {@code counts}}
   *
   * @throws IllegalArgumentException if the counts are not for as many messages as the conversation
   */
  public StateSnapshot withTokenCounts(TokenCounts counts) {
    Objects.requireNonNull(counts, "counts");
    if (counts.size() != conversation.size()) {
      throw new IllegalArgumentException("token counts are for [" + counts.size() + "] messages, the conversation has ["
          + conversation.size() + "]");
    }
    return new StateSnapshot(conversation, seed, idsDrawn, fragments, searchHits, pinned, counts);
  }

  /** {@return the stored token counts, if the snapshot has them} */
  public java.util.Optional<TokenCounts> tokenCounts() {
    return java.util.Optional.ofNullable(tokenCounts);
  }

  /** {@return the original conversation} */
  public Conversation conversation() {
    return conversation;
  }

  /** {@return the seed of the id generator} */
  public long seed() {
    return seed;
  }

  /** {@return how many ids the generator has drawn} */
  public long idsDrawn() {
    return idsDrawn;
  }

  /** {@return the fragments in creation order, unmodifiable} */
  public List<FragmentRecord> fragments() {
    return fragments;
  }

  /** {@return the remembered search hits in the order they were found, unmodifiable} */
  public List<SearchHitRecord> searchHits() {
    return searchHits;
  }

  /** {@return the indexes of the messages the application pinned, ascending, unmodifiable} */
  public Set<Integer> pinned() {
    return pinned;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StateSnapshot s
        && conversation.equals(s.conversation)
        && seed == s.seed
        && idsDrawn == s.idsDrawn
        && fragments.equals(s.fragments)
        && searchHits.equals(s.searchHits)
        && pinned.equals(s.pinned);
  }

  @Override
  public int hashCode() {
    return Objects.hash(conversation, seed, idsDrawn, fragments, searchHits, pinned);
  }

  @Override
  public String toString() {
    return "StateSnapshot[" + conversation.size() + " messages, seed=" + seed + ", idsDrawn=" + idsDrawn
        + ", " + fragments.size() + " fragments, " + searchHits.size() + " search hits, pinned=" + pinned + "]";
  }

  /**
   * The token counts of every message under one encoding: its framing, its original content and
   * its content as the view shows it. Loading a snapshot with a counter whose
   * {@link TokenCounter#encoding()} is this encoding uses them instead of counting.
   *
   * <p>Value semantics, immutable (the arrays are copied in and out), thread-safe.
   *
   * @since 0.1
   */
  public static final class TokenCounts {
    private final String encoding;
    private final int[] overhead;
    private final int[] content;
    private final int[] viewContent;

    private TokenCounts(String encoding, int[] overhead, int[] content, int[] viewContent) {
      this.encoding = encoding;
      this.overhead = overhead;
      this.content = content;
      this.viewContent = viewContent;
    }

    /**
     * {@return the counts of {@code overhead.length} messages under {@code encoding}}
     *
     * @param encoding the counter's {@link TokenCounter#encoding()}
     * @param overhead per message, the tokens besides its content
     * @param content per message, the tokens of its original content
     * @param viewContent per message, the tokens of its content as the view shows it
     * @throws IllegalArgumentException if the arrays differ in length, a count is negative or the
     *     encoding is blank
     */
    public static TokenCounts of(String encoding, int[] overhead, int[] content, int[] viewContent) {
      Objects.requireNonNull(encoding, "encoding");
      if (encoding.isBlank()) {
        throw new IllegalArgumentException("encoding must not be blank");
      }
      if (content.length != overhead.length || viewContent.length != overhead.length) {
        throw new IllegalArgumentException("token counts differ in length: [" + overhead.length + ", "
            + content.length + ", " + viewContent.length + "]");
      }
      for (int[] counts : new int[][] {overhead, content, viewContent}) {
        for (int i = 0; i < counts.length; i++) {
          if (counts[i] < 0) {
            throw new IllegalArgumentException("token count of message [" + i + "] is negative: [" + counts[i] + "]");
          }
        }
      }
      return new TokenCounts(encoding, overhead.clone(), content.clone(), viewContent.clone());
    }

    /** {@return the name of the encoding the counts were made with} */
    public String encoding() {
      return encoding;
    }

    /** {@return the number of messages counted} */
    public int size() {
      return overhead.length;
    }

    /** {@return per message, the tokens besides its content} */
    public int[] overheadTokens() {
      return overhead.clone();
    }

    /** {@return per message, the tokens of its original content} */
    public int[] contentTokens() {
      return content.clone();
    }

    /** {@return per message, the tokens of its content as the view shows it} */
    public int[] viewContentTokens() {
      return viewContent.clone();
    }

    int[] overheadUnsafe() {
      return overhead;
    }

    int[] contentUnsafe() {
      return content;
    }

    int[] viewContentUnsafe() {
      return viewContent;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof TokenCounts t && encoding.equals(t.encoding)
          && java.util.Arrays.equals(overhead, t.overhead) && java.util.Arrays.equals(content, t.content)
          && java.util.Arrays.equals(viewContent, t.viewContent);
    }

    @Override
    public int hashCode() {
      return Objects.hash(encoding, java.util.Arrays.hashCode(content));
    }

    @Override
    public String toString() {
      return "TokenCounts[" + encoding + ", " + overhead.length + " messages]";
    }
  }

  /**
   * One fragment of a snapshot: its id, its spans and its status.
   *
   * <p>Value semantics, immutable, thread-safe.
   *
   * @since 0.1
   */
  public static final class FragmentRecord {
    private final FragmentId id;
    private final List<Span> spans;
    private final FragmentStatus status;

    private FragmentRecord(FragmentId id, List<Span> spans, FragmentStatus status) {
      this.id = Objects.requireNonNull(id, "id");
      this.spans = List.copyOf(spans);
      this.status = Objects.requireNonNull(status, "status");
    }

    /**
     * {@return the record of one fragment}; the list is copied, and nothing may be null
     *
     * @param id its id
     * @param spans its spans, one per message at most, in message order
     * @param status how it shows in the view
     */
    public static FragmentRecord of(FragmentId id, List<Span> spans, FragmentStatus status) {
      return new FragmentRecord(id, spans, status);
    }

    /** {@return the fragment's id} */
    public FragmentId id() {
      return id;
    }

    /** {@return the spans, one per message at most, in message order, unmodifiable} */
    public List<Span> spans() {
      return spans;
    }

    /** {@return how the fragment shows in the view} */
    public FragmentStatus status() {
      return status;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof FragmentRecord r && id.equals(r.id) && spans.equals(r.spans) && status.equals(r.status);
    }

    @Override
    public int hashCode() {
      return Objects.hash(id, spans, status);
    }

    @Override
    public String toString() {
      return "FragmentRecord[" + id + ", " + spans + ", " + status + "]";
    }
  }

  /**
   * One remembered search hit of a snapshot: its id, the text searched and where it was found.
   *
   * <p>Value semantics, immutable, thread-safe.
   *
   * @since 0.1
   */
  public static final class SearchHitRecord {
    private final SearchResultId id;
    private final String query;
    private final int messageIndex;
    private final int offset;

    private SearchHitRecord(SearchResultId id, String query, int messageIndex, int offset) {
      this.id = Objects.requireNonNull(id, "id");
      this.query = Objects.requireNonNull(query, "query");
      this.messageIndex = messageIndex;
      this.offset = offset;
    }

    /**
     * {@return the record of one search hit}; nothing may be null
     *
     * @param id its id
     * @param query the text that was searched
     * @param messageIndex the message holding the match
     * @param offset where the match begins
     */
    public static SearchHitRecord of(SearchResultId id, String query, int messageIndex, int offset) {
      return new SearchHitRecord(id, query, messageIndex, offset);
    }

    /** {@return the hit's id} */
    public SearchResultId id() {
      return id;
    }

    /** {@return the text that was searched} */
    public String query() {
      return query;
    }

    /** {@return the index of the message holding the match} */
    public int messageIndex() {
      return messageIndex;
    }

    /** {@return where the match begins in the message's content} */
    public int offset() {
      return offset;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SearchHitRecord r && id.equals(r.id) && query.equals(r.query)
          && messageIndex == r.messageIndex && offset == r.offset;
    }

    @Override
    public int hashCode() {
      return Objects.hash(id, query, messageIndex, offset);
    }

    @Override
    public String toString() {
      return "SearchHitRecord[" + id + ", " + query.length() + " chars at message " + messageIndex + ", offset "
          + offset + "]";
    }
  }
}
