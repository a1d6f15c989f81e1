package io.sculptor.openai;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import io.sculptor.core.Message;
import io.sculptor.core.TokenCounter;
import io.sculptor.core.ToolCall;

/**
 * Counts tokens exactly as OpenAI's tiktoken does, with jtokkit. Text that looks like a special
 * token (such as {@code <|endoftext|>}) is counted as ordinary text, as the API does for message
 * content.
 *
 * <p>Message overhead follows OpenAI's published recipe for chat models: three tokens per message
 * for the role and framing, one more when a name is present; tool calls are counted by their
 * name and arguments. The final three tokens that prime the reply are part of a request, not of a
 * message, and are not included.
 *
 * <p>Immutable, thread-safe. Equal when the encodings are equal.
 *
 * @since 0.1
 */
public final class TiktokenCounter implements TokenCounter {
  private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

  private final EncodingType type;
  private final Encoding encoding;

  private TiktokenCounter(EncodingType type) {
    this.type = type;
    this.encoding = REGISTRY.getEncoding(type);
  }

  /** {@return a counter for {@code o200k_base}, the encoding of the GPT-4o and later families} */
  public static TiktokenCounter o200k() {
    return new TiktokenCounter(EncodingType.O200K_BASE);
  }

  /** {@return a counter for {@code cl100k_base}, the encoding of GPT-4 and GPT-3.5} */
  public static TiktokenCounter cl100k() {
    return new TiktokenCounter(EncodingType.CL100K_BASE);
  }

  /** {@return the encoding's name, e.g. {@code o200k_base}} */
  public String encodingName() {
    return type.getName();
  }

  @Override
  public int countTokens(String text) {
    return text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
  }

  @Override
  public int countMessageOverhead(Message message) {
    int tokens = 3 + countTokens(message.role().wireName());
    if (message.name().isPresent()) {
      tokens += 1 + countTokens(message.name().get());
    }
    for (ToolCall call : message.toolCalls()) {
      tokens += 3 + countTokens(call.name()) + countTokens(call.arguments());
    }
    return tokens;
  }

  /**
   * {@return {@code "tiktoken:<encoding>/openai-chat-1"}}: the encoding and the version of the
   * per-message overhead recipe, under which stored counts may be reused
   */
  @Override
  public java.util.Optional<String> encoding() {
    return java.util.Optional.of("tiktoken:" + encodingName() + "/openai-chat-1");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TiktokenCounter c && c.type == type;
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  @Override
  public String toString() {
    return "TiktokenCounter[" + type.getName() + "]";
  }
}
