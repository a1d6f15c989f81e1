package io.sculptor.anthropic;

import io.sculptor.core.Message;
import io.sculptor.core.TokenCounter;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Token counts for Claude models, two ways.
 *
 * <p>{@link #estimate()} works offline and costs nothing. It is an <b>estimate</b>: Anthropic does
 * not publish Claude's tokenizer, so it counts with the core's estimator (about four characters per
 * token of Latin text, one per CJK character or emoji) and adds the framing of the Messages API —
 * about four tokens per message, and per {@code tool_use} block its name, its input and about ten
 * tokens of structure. Good for budget policies, which need a stable, cheap measure; not for
 * billing.
 *
 * <p>{@link #remote(AnthropicChatModel)} asks the API's {@code count_tokens} endpoint, which counts
 * exactly for the model (free of charge, with its own rate limits). Each text is counted as a user
 * message, less the framing of a one-letter message measured once; results are remembered (the
 * latest 4,096 texts), because a state counts the same pieces again. It makes a network call per
 * new text: use it to check an estimate or to count a few large texts, not as the counter of a
 * state that edits often. For one whole request, {@link AnthropicChatModel#countTokens(ChatRequest)}
 * is exact and needs one call.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class AnthropicTokenCounter implements TokenCounter {
  private static final AnthropicTokenCounter ESTIMATE = new AnthropicTokenCounter(null);
  private static final int CACHED_TEXTS = 4096;

  private final AnthropicChatModel model;
  private final Map<String, Integer> counted = new LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
      return size() > CACHED_TEXTS;
    }
  };
  private long framing = -1;

  private AnthropicTokenCounter(AnthropicChatModel model) {
    this.model = model;
  }

  /** {@return the offline estimate}; deterministic, no network */
  public static AnthropicTokenCounter estimate() {
    return ESTIMATE;
  }

  /** {@return a counter that asks the {@code count_tokens} endpoint through {@code model}} */
  public static AnthropicTokenCounter remote(AnthropicChatModel model) {
    return new AnthropicTokenCounter(Objects.requireNonNull(model, "model"));
  }

  /**
   * {@inheritDoc}
   *
   * @throws io.sculptor.model.ChatModelException for the remote counter, when the endpoint fails
   */
  @Override
  public int countTokens(String text) {
    if (text.isEmpty()) {
      return 0;
    }
    if (model == null) {
      return TokenCounter.estimator().countTokens(text);
    }
    synchronized (counted) {
      Integer known = counted.get(text);
      if (known != null) {
        return known;
      }
    }
    long base = framing();
    int tokens = (int) Math.max(0, Math.min(Integer.MAX_VALUE, askFor(text) - base));
    synchronized (counted) {
      counted.put(text, tokens);
    }
    return tokens;
  }

  /** {@return the estimated framing of a message: four tokens, plus each tool_use block's name, input and ten} */
  @Override
  public int countMessageOverhead(Message message) {
    int tokens = 4;
    for (ToolCall call : message.toolCalls()) {
      tokens += 10 + countTokens(call.name()) + countTokens(call.arguments());
    }
    return tokens;
  }

  /** {@return a stable name for the estimate, so stored counts are reused; empty for the remote counter} */
  @Override
  public Optional<String> encoding() {
    return model == null ? Optional.of("sculptor-estimate/anthropic-messages-1") : Optional.empty();
  }

  private long framing() {
    synchronized (counted) {
      if (framing >= 0) {
        return framing;
      }
    }
    long measured = askFor("a") - 1;
    synchronized (counted) {
      framing = Math.max(0, measured);
      return framing;
    }
  }

  private long askFor(String text) {
    return model.countTokens(ChatRequest.of(List.of(Message.user(text))));
  }

  @Override
  public String toString() {
    return model == null ? "AnthropicTokenCounter[estimate]" : "AnthropicTokenCounter[count_tokens via " + model.model() + "]";
  }
}
