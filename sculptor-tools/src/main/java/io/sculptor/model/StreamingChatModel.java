package io.sculptor.model;

import java.util.Objects;

/**
 * A {@link ChatModel} that can stream its answer: it forwards pieces of the answer to a
 * {@link ChatStreamListener} as they arrive and still returns the whole {@link ChatResponse}
 * (the assembled assistant message, tool calls included, and the usage) when the stream ends.
 *
 * <p>The call blocks until the stream ends, so callers that execute tool calls (the agent loop)
 * work exactly as with a non-streaming model; only the listener sees the answer early. The
 * listener is called on the calling thread, in the order the provider sent the pieces, and never
 * after {@code chat} has returned or thrown. Implementations must be thread-safe.
 *
 * @since 0.1
 */
public interface StreamingChatModel extends ChatModel {
  /**
   * Sends one request as a stream, forwarding its pieces to {@code listener}.
   *
   * @param request the messages, tools and tool choice
   * @param listener receives the pieces as they arrive; a listener that throws aborts the call with
   *     that exception, and the response is lost
   * @return the whole answer, as {@link #chat(ChatRequest)} would have returned it
   * @throws ChatModelException when the provider fails, also mid-stream, or answers something
   *     unusable
   */
  ChatResponse chat(ChatRequest request, ChatStreamListener listener);

  /** Streams the answer to no one and returns it whole. */
  @Override
  default ChatResponse chat(ChatRequest request) {
    return chat(request, ChatStreamListener.NONE);
  }

  /**
   * {@return {@code model} itself when it streams, else a streaming view of it} that hands the
   * whole answer to the listener when it has arrived: its text once ({@link
   * ChatStreamListener#onText}, unless it is empty), then each of its tool calls
   * ({@link ChatStreamListener#onToolCall}), as {@link #replay(ChatResponse, ChatStreamListener)}
   *
   * @param model any chat model
   */
  static StreamingChatModel of(ChatModel model) {
    Objects.requireNonNull(model, "model");
    if (model instanceof StreamingChatModel streaming) {
      return streaming;
    }
    return (request, listener) -> replay(model.chat(request), listener);
  }

  /**
   * Hands a whole answer to {@code listener} as a stream of it would have: its text once, unless
   * it is empty, then the start of each tool call, in order. For a streaming model whose provider
   * answered whole (it ignored the request to stream), so that the listener sees the same kinds of
   * pieces either way.
   *
   * @param response the whole answer
   * @param listener receives its text and its tool calls
   * @return {@code response}
   */
  static ChatResponse replay(ChatResponse response, ChatStreamListener listener) {
    Objects.requireNonNull(listener, "listener");
    String text = response.message().content();
    if (!text.isEmpty()) {
      listener.onText(text);
    }
    response.message().toolCalls().forEach(call -> listener.onToolCall(call.id(), call.name()));
    return response;
  }
}
