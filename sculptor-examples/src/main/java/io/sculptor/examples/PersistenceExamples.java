package io.sculptor.examples;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.TokenCounter;
import io.sculptor.openai.TiktokenCounter;
import io.sculptor.store.ConcurrentSaveException;
import io.sculptor.store.ContextStore;
import io.sculptor.store.StoredContext;
import io.sculptor.store.jdbc.JdbcContextStore;
import java.nio.file.Path;

/**
 * The code of {@code docs/persistence.md}: a conversation kept in the embedded store, changed by
 * several servers through the retry helper, and a conflict handled by hand.
 */
public final class PersistenceExamples {
  private PersistenceExamples() {}

  /** {@return the conversation saved, changed, saved again and loaded from an embedded store in {@code file}} */
  public static StoredContext embedded(Path file) {
    // snippet:embedded
    TokenCounter counter = TiktokenCounter.o200k();
    try (JdbcContextStore store = JdbcContextStore.embedded(file)) {  // an H2 file, tables made on first use
      StoredContext saved = store.create("support-42", ContextState.of(Conversation.of(
          Message.system("You are a support agent."),
          Message.user("My order 1234 has not arrived.")), 1, counter));
      ContextState next = saved.state().append(Message.assistant("Let me look up order 1234."));
      saved = store.save(saved, next);  // one new message row; the version goes from 1 to 2
      return store.load("support-42", counter).orElseThrow();  // o200k counts are read, not recounted
    }
    // end-snippet
  }

  /** {@return the version saved after appending {@code message}, however many servers append at once} */
  public static StoredContext append(ContextStore store, String conversationId, Message message, TokenCounter counter) {
    // snippet:update
    // Load, change, save; if another server saved first, load its version and change that.
    StoredContext saved = store.update(conversationId, counter, state -> state.append(message));
    // end-snippet
    return saved;
  }

  /** {@return the version saved, after one conflict handled by hand} */
  public static StoredContext saveOrRetry(ContextStore store, StoredContext base, Message message,
      TokenCounter counter) {
    // snippet:conflict
    try {
      return store.save(base, base.state().append(message));
    } catch (ConcurrentSaveException e) {
      // Version e.currentVersion() was saved since base was loaded: nothing of ours was written.
      StoredContext current = store.load(e.conversationId(), counter).orElseThrow();
      return store.save(current, current.state().append(message));
    }
    // end-snippet
  }
}
