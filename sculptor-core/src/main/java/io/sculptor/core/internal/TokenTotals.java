package io.sculptor.core.internal;

/**
 * The token accounting of one state: per message, the tokens of its framing, of its original
 * content and of its content as the view shows it, with the two totals kept current. Each is held
 * in 64-entry chunks, so a new state shares all but the chunk a change touches, and appending a
 * message or changing one message's view count costs a chunk copy, never the conversation.
 *
 * <p>Immutable, thread-safe.
 */
public final class TokenTotals {
  private static final TokenTotals EMPTY = new TokenTotals(IntChunks.of(new int[0]), IntChunks.of(new int[0]),
      IntChunks.of(new int[0]), 0, 0);

  private final IntChunks overhead;
  private final IntChunks content;
  private final IntChunks viewContent;
  private final long viewTotal;
  private final long originalTotal;

  private TokenTotals(IntChunks overhead, IntChunks content, IntChunks viewContent, long viewTotal,
      long originalTotal) {
    this.overhead = overhead;
    this.content = content;
    this.viewContent = viewContent;
    this.viewTotal = viewTotal;
    this.originalTotal = originalTotal;
  }

  /** {@return the totals of no messages} */
  public static TokenTotals empty() {
    return EMPTY;
  }

  /**
   * {@return the totals of messages with these counts}; the arrays are not kept
   *
   * @param overhead per message, the tokens besides its content
   * @param content per message, the tokens of its original content
   * @param viewContent per message, the tokens of its content as the view shows it
   */
  public static TokenTotals of(int[] overhead, int[] content, int[] viewContent) {
    long view = 0;
    long original = 0;
    for (int i = 0; i < overhead.length; i++) {
      view += overhead[i] + viewContent[i];
      original += overhead[i] + content[i];
    }
    return new TokenTotals(IntChunks.of(overhead), IntChunks.of(content), IntChunks.of(viewContent), view, original);
  }

  /** {@return these totals with one more message, shown as it is} */
  public TokenTotals append(int overheadTokens, int contentTokens) {
    return new TokenTotals(overhead.append(overheadTokens), content.append(contentTokens),
        viewContent.append(contentTokens), viewTotal + overheadTokens + contentTokens,
        originalTotal + overheadTokens + contentTokens);
  }

  /** {@return these totals with message {@code index}'s content showing {@code tokens} in the view} */
  public TokenTotals withViewContent(int index, int tokens) {
    int old = viewContent.get(index);
    return old == tokens ? this
        : new TokenTotals(overhead, content, viewContent.with(index, tokens), viewTotal - old + tokens, originalTotal);
  }

  /** {@return the tokens of the view, framing included} */
  public long viewTotal() {
    return viewTotal;
  }

  /** {@return the tokens of the original conversation, framing included} */
  public long originalTotal() {
    return originalTotal;
  }

  /** {@return the tokens of message {@code index} as the view shows it, framing included} */
  public int view(int index) {
    return overhead.get(index) + viewContent.get(index);
  }

  /** {@return the tokens of message {@code index}'s original content} */
  public int content(int index) {
    return content.get(index);
  }

  /** {@return per message, the tokens besides its content} */
  public int[] overheadArray() {
    return overhead.toArray();
  }

  /** {@return per message, the tokens of its original content} */
  public int[] contentArray() {
    return content.toArray();
  }

  /** {@return per message, the tokens of its content as the view shows it} */
  public int[] viewContentArray() {
    return viewContent.toArray();
  }
}
