package io.sculptor.core;

import io.sculptor.core.internal.EstimatingTokenCounter;

/**
 * Counts the tokens a model would see. Implementations must be thread-safe and deterministic.
 *
 * <p>The library keeps the view's token total current after every edit by counting only what
 * the edit touched, so {@link #countTokens(String)} is called on pieces of messages (fragment
 * spans, markers, summaries) and the pieces are added up. Counts of a tokenizer whose tokens do
 * not cross line breaks and spaces add up exactly; for the others the sum may differ from
 * counting the whole message at once by about one token per fragment boundary.
 *
 * @since 0.1
 */
public interface TokenCounter {
  /** {@return the number of tokens in {@code text}; zero for the empty string} */
  int countTokens(String text);

  /**
   * {@return the tokens a message costs besides its content}: the chat format's framing, the
   * name, and the tool calls of an assistant message. The default follows OpenAI's chat format:
   * three tokens per message, one more for a name, and the name and arguments of each tool call.
   */
  default int countMessageOverhead(Message message) {
    int tokens = 3;
    if (message.name().isPresent()) {
      tokens += 1 + countTokens(message.name().get());
    }
    for (ToolCall call : message.toolCalls()) {
      tokens += 3 + countTokens(call.name()) + countTokens(call.arguments());
    }
    return tokens;
  }

  /**
   * {@return a stable name of what this counter counts}, when counts it made may be stored and
   * reused later without counting again (as {@link StateSnapshot.TokenCounts}): two counters with
   * the same name must give the same counts for every text and message. Empty, the default, means
   * counts are never reused. Name the tokenizer and the message-overhead recipe, e.g.
   * {@code "tiktoken:o200k_base/chat-1"}, and change the name when either changes.
   *
   * @since 0.1
   */
  default java.util.Optional<String> encoding() {
    return java.util.Optional.empty();
  }

  /**
   * {@return a dependency-free estimator}: about four characters per token for Latin text, one
   * token per CJK character, emoji or other symbol. Good for budgets, not for billing; use the
   * OpenAI adapter's tiktoken counter for exact counts.
   */
  static TokenCounter estimator() {
    return EstimatingTokenCounter.INSTANCE;
  }
}
