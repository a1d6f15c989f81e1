package io.sculptor.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.memory.ChatMemory;
import io.sculptor.agent.ContextPolicy;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.TokenCounter;
import io.sculptor.store.ConcurrentSaveException;
import io.sculptor.store.ContextStore;
import io.sculptor.store.StoredContext;
import io.sculptor.tools.SculptorToolkit;
import io.sculptor.tools.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A LangChain4j {@link ChatMemory} backed by a Sculptor {@link ContextState}: a reversible
 * replacement for {@code MessageWindowChatMemory} and {@code TokenWindowChatMemory}.
 *
 * <p>{@link #add(ChatMessage)} appends to the original conversation, which nothing ever evicts.
 * {@link #messages()} applies the provider's {@link ContextPolicy} and returns the <em>view</em>:
 * folded and summarized text replaced by markers the model can restore with the Sculptor tools.
 * Since LangChain4j's {@code AiServices} reads the memory before every model call of its tool
 * loop, the policy sees every intermediate tool result, and the model's own Sculptor tool calls
 * (through {@link SculptorChatMemoryProvider#toolProvider()}) change this same state.
 *
 * <p>System messages follow LangChain4j's rule: adding the system message the memory already
 * shows does nothing; adding a different one replaces it in what {@link #messages()} returns.
 * The original conversation keeps every system message ever added, in order, and the view shows
 * only the latest. {@link #clear()} forgets the conversation, in the store too.
 *
 * <p>With a {@link ContextStore}, every change is saved as it happens, writing only what changed;
 * when another server saved the same conversation first, the change is applied again to what is
 * stored and saved, so no message is lost.
 *
 * <p>Thread-safe: changes to one memory run one at a time.
 *
 * @since 0.1
 */
public final class SculptorChatMemory implements ChatMemory {
  private final Object id;
  private final String conversationId;
  private final ContextPolicy policy;
  private final TokenCounter counter;
  private final SculptorToolkit toolkit;
  private final ContextStore store;
  private ContextState state;
  private StoredContext stored;

  SculptorChatMemory(Object id, ContextPolicy policy, TokenCounter counter, SculptorToolkit toolkit,
      ContextStore store) {
    this.id = Objects.requireNonNull(id, "id");
    this.conversationId = String.valueOf(id);
    this.policy = policy;
    this.counter = counter;
    this.toolkit = toolkit;
    this.store = store;
    this.stored = store == null ? null : store.load(conversationId, counter).orElse(null);
    this.state = stored != null ? stored.state() : empty();
  }

  @Override
  public Object id() {
    return id;
  }

  /** Appends {@code message} to the original conversation, unless it is the system message shown now. */
  @Override
  public synchronized void add(ChatMessage message) {
    Message converted = LangChain4jMessages.toSculptor(message);
    if (converted.role() == Role.SYSTEM && latestSystem(state).map(converted::equals).orElse(false)) {
      return;
    }
    change(s -> s.append(converted));
  }

  /**
   * {@return the view after the policy}: every message in order, with folded and summarized text
   * replaced by markers, and of the system messages only the latest
   */
  @Override
  public synchronized List<ChatMessage> messages() {
    ContextState before = state;
    ContextState applied = policy.apply(before);
    if (applied != before) {
      change(s -> s == before ? applied : policy.apply(s));
    }
    List<Message> view = state.view().messages();
    int latestSystem = -1;
    for (int i = 0; i < view.size(); i++) {
      if (view.get(i).role() == Role.SYSTEM) {
        latestSystem = i;
      }
    }
    List<ChatMessage> messages = new ArrayList<>(view.size());
    for (int i = 0; i < view.size(); i++) {
      if (view.get(i).role() != Role.SYSTEM || i == latestSystem) {
        messages.add(LangChain4jMessages.toLangChain4j(view.get(i)));
      }
    }
    return messages;
  }

  /** Forgets the whole conversation, in the store too. */
  @Override
  public synchronized void clear() {
    state = empty();
    stored = null;
    if (store != null) {
      store.delete(conversationId);
    }
  }

  /** {@return the current state: the original conversation, the fragments, the view} */
  public synchronized ContextState state() {
    return state;
  }

  /**
   * Runs one Sculptor tool call on this conversation, as the model's call through
   * {@link SculptorChatMemoryProvider#toolProvider()} does.
   *
   * @param toolName the tool the model called
   * @param rawArguments the arguments as the model wrote them
   * @return the result; a failed call leaves the conversation unchanged
   */
  public synchronized ToolResult execute(String toolName, String rawArguments) {
    ToolResult result = toolkit.execute(state, toolName, rawArguments);
    if (result.isSuccess() && result.state() != state) {
      ToolResult[] again = {result};
      change(s -> {
        if (s == state) {
          return again[0].state();
        }
        // Another server changed the conversation first: run the call on what is stored now.
        again[0] = toolkit.execute(s, toolName, rawArguments);
        return again[0].state();
      });
      return again[0];
    }
    return result;
  }

  private ContextState empty() {
    return ContextState.of(Conversation.of(List.of()), 0, counter);
  }

  private static java.util.Optional<Message> latestSystem(ContextState state) {
    List<Message> original = state.original().messages();
    for (int i = original.size() - 1; i >= 0; i--) {
      if (original.get(i).role() == Role.SYSTEM) {
        return java.util.Optional.of(original.get(i));
      }
    }
    return java.util.Optional.empty();
  }

  /** Applies {@code change} and saves it; on a concurrent save, applies it again to what is stored. */
  private void change(UnaryOperator<ContextState> change) {
    ContextState next = change.apply(state);
    if (store == null) {
      state = next;
      return;
    }
    try {
      stored = stored == null ? store.create(conversationId, next) : store.save(stored, next);
    } catch (ConcurrentSaveException e) {
      stored = store.update(conversationId, counter, change);
    }
    state = stored.state();
  }

  @Override
  public String toString() {
    return "SculptorChatMemory[" + conversationId + ", " + state + "]";
  }
}
