package io.sculptor.tools;

import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.Usage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A deterministic chat model for tests: answers from a script and records every request. The public
 * {@code io.sculptor.testing.ScriptedChatModel} grew from this class; these tests cannot use it,
 * because sculptor-testing depends on this module and Maven refuses the cycle.
 */
final class ScriptedModel implements ChatModel {
  private final Deque<Function<ChatRequest, Message>> script = new ArrayDeque<>();
  private final List<ChatRequest> requests = new ArrayList<>();

  ScriptedModel then(Function<ChatRequest, Message> answer) {
    script.add(answer);
    return this;
  }

  ScriptedModel thenCall(String name, String arguments) {
    return then(r -> Message.assistant("", List.of(new ToolCall("call_" + (requests.size()), name, arguments))));
  }

  ScriptedModel thenAnswer(String text) {
    return then(r -> Message.assistant(text));
  }

  ScriptedModel thenFail(ChatModelException e) {
    return then(r -> {
      throw e;
    });
  }

  List<ChatRequest> requests() {
    return requests;
  }

  @Override
  public synchronized ChatResponse chat(ChatRequest request) {
    requests.add(request);
    Function<ChatRequest, Message> next = script.poll();
    if (next == null) {
      throw new IllegalStateException("script exhausted at request " + requests.size());
    }
    return ChatResponse.of(next.apply(request), Usage.of(100, 10), Optional.empty());
  }
}
