package io.sculptor.springai;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.TokenCounter;
import io.sculptor.store.ConcurrentSaveException;
import io.sculptor.store.ContextStore;
import io.sculptor.store.StoredContext;
import io.sculptor.tools.SculptorToolkit;
import io.sculptor.tools.ToolResult;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The state of one conversation, saved in the store (when there is one) as every change happens;
 * when another server saved the same conversation first, the change is applied again to what is
 * stored, so nothing is lost. Callers synchronize on this object for a sequence of changes.
 */
final class ConversationContext {
  private final String id;
  private final TokenCounter counter;
  private final ContextStore store;
  private ContextState state;
  private StoredContext stored;
  /** Model calls since the latest user message: the steps of the current turn. */
  int steps;

  ConversationContext(String id, TokenCounter counter, ContextStore store) {
    this.id = id;
    this.counter = counter;
    this.store = store;
    this.stored = store == null ? null : store.load(id, counter).orElse(null);
    this.state = stored != null ? stored.state() : empty();
  }

  synchronized ContextState state() {
    return state;
  }

  /** Applies {@code change} and saves it; on a concurrent save, applies it again to what is stored. */
  synchronized void change(UnaryOperator<ContextState> change) {
    ContextState next = change.apply(state);
    if (next == state) {
      return;
    }
    if (store == null) {
      state = next;
      return;
    }
    try {
      stored = stored == null ? store.create(id, next) : store.save(stored, next);
    } catch (ConcurrentSaveException e) {
      stored = store.update(id, counter, change);
    }
    state = stored.state();
  }

  synchronized ToolResult execute(SculptorToolkit toolkit, String toolName, String rawArguments) {
    ToolResult result = toolkit.execute(state, toolName, rawArguments);
    if (!result.isSuccess() || result.state() == state) {
      return result;
    }
    ContextState before = state;
    ToolResult[] again = {result};
    change(s -> {
      if (s == before) {
        return again[0].state();
      }
      // Another server changed the conversation first: run the call on what is stored now.
      again[0] = toolkit.execute(s, toolName, rawArguments);
      return again[0].state();
    });
    return again[0];
  }

  synchronized void clear() {
    state = empty();
    stored = null;
    steps = 0;
    if (store != null) {
      store.delete(id);
    }
  }

  private ContextState empty() {
    return ContextState.of(Conversation.of(List.of()), 0, counter);
  }
}
