package io.sculptor.model;

/**
 * Receives the pieces of a streamed answer as they arrive (see {@link StreamingChatModel}).
 * Every method has an empty default, so a listener implements only what it shows.
 *
 * <p>Called on the thread that called {@link StreamingChatModel#chat(ChatRequest,
 * ChatStreamListener)}, in arrival order. The whole answer is still returned by that call, so a
 * listener need not assemble anything.
 *
 * @since 0.1
 */
public interface ChatStreamListener {
  /** A listener that ignores every piece. */
  ChatStreamListener NONE = new ChatStreamListener() {};

  /**
   * A piece of the answer's visible text.
   *
   * @param delta the next characters, never empty
   */
  default void onText(String delta) {}

  /**
   * A piece of the model's reasoning or thinking, where the provider streams it.
   *
   * @param delta the next characters, never empty
   */
  default void onReasoning(String delta) {}

  /**
   * The model started a tool call; its arguments follow in the stream and arrive whole in the
   * returned response.
   *
   * @param id the call's id
   * @param name the tool's name
   */
  default void onToolCall(String id, String name) {}
}
