package io.sculptor.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.TokenCountEstimator;
import io.sculptor.core.Message;
import io.sculptor.core.TokenCounter;
import java.util.Objects;

/**
 * A Sculptor {@link TokenCounter} as a LangChain4j {@link TokenCountEstimator}, so that LangChain4j
 * components (a {@code TokenWindowChatMemory}, a document splitter) count like Sculptor: for
 * example with the OpenAI adapter's exact tiktoken counter. A message counts its content and its
 * framing, as in a Sculptor view. Thread-safe when the counter is.
 *
 * @since 0.1
 */
public final class SculptorTokenCountEstimator implements TokenCountEstimator {
  private final TokenCounter counter;

  private SculptorTokenCountEstimator(TokenCounter counter) {
    this.counter = Objects.requireNonNull(counter, "counter");
  }

  /** {@return an estimator that counts with {@code counter}} */
  public static SculptorTokenCountEstimator of(TokenCounter counter) {
    return new SculptorTokenCountEstimator(counter);
  }

  @Override
  public int estimateTokenCountInText(String text) {
    return counter.countTokens(text);
  }

  @Override
  public int estimateTokenCountInMessage(ChatMessage message) {
    Message converted = LangChain4jMessages.toSculptor(message);
    return counter.countMessageOverhead(converted) + counter.countTokens(converted.content());
  }

  @Override
  public int estimateTokenCountInMessages(Iterable<ChatMessage> messages) {
    int total = 0;
    for (ChatMessage message : messages) {
      total += estimateTokenCountInMessage(message);
    }
    return total;
  }

  @Override
  public String toString() {
    return "SculptorTokenCountEstimator[" + counter + "]";
  }
}
