package io.sculptor.tools;

import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ChatStreamListener;
import io.sculptor.model.StreamingChatModel;
import io.sculptor.model.Usage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A streaming chat model for tests: each scripted answer is sent as pieces (reasoning, then text,
 * then the start of each tool call) to the listener, and returned whole, with the metadata a
 * provider reports (model, response id, request id, finish reason), when the "stream" ends.
 * Records every request and whether it was asked to stream.
 */
final class ScriptedStreamingModel implements StreamingChatModel {
  static final String MODEL = "gpt-test-2026-01-01";

  private record Answer(List<String> reasoning, List<String> text, List<ToolCall> calls) {}

  private final Deque<Answer> script = new ArrayDeque<>();
  private final List<ChatRequest> requests = new ArrayList<>();
  private final List<Boolean> streamed = new ArrayList<>();

  ScriptedStreamingModel thenStream(List<String> reasoning, List<String> text, ToolCall... calls) {
    script.add(new Answer(List.copyOf(reasoning), List.copyOf(text), List.of(calls)));
    return this;
  }

  ScriptedStreamingModel thenText(String... pieces) {
    return thenStream(List.of(), List.of(pieces));
  }

  List<ChatRequest> requests() {
    return requests;
  }

  /** {@return per call, whether a listener other than {@link ChatStreamListener#NONE} received it} */
  List<Boolean> streamed() {
    return streamed;
  }

  @Override
  public synchronized ChatResponse chat(ChatRequest request, ChatStreamListener listener) {
    requests.add(request);
    streamed.add(listener != ChatStreamListener.NONE);
    Answer answer = script.poll();
    if (answer == null) {
      throw new IllegalStateException("script exhausted at request " + requests.size());
    }
    answer.reasoning().forEach(listener::onReasoning);
    answer.text().forEach(listener::onText);
    answer.calls().forEach(call -> listener.onToolCall(call.id(), call.name()));
    String finish = answer.calls().isEmpty() ? "stop" : "tool_calls";
    return ChatResponse.builder(Message.assistant(String.join("", answer.text()), answer.calls()))
        .usage(Usage.of(100, 10))
        .finishReason(Optional.of(finish))
        .model(MODEL)
        .responseId("chatcmpl-" + requests.size())
        .requestId("req_" + requests.size())
        .build();
  }
}
