package io.sculptor.model;

/**
 * A chat model behind any provider. Implementations must be thread-safe.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ChatModel {
  /**
   * Sends one request and returns the model's answer.
   *
   * @param request the messages, tools and tool choice
   * @return the assistant message and usage
   * @throws ChatModelException when the provider fails or answers something unusable
   */
  ChatResponse chat(ChatRequest request);
}
