package io.sculptor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.Message;
import io.sculptor.core.TokenCounter;
import io.sculptor.openai.TiktokenCounter;
import io.sculptor.store.StoredContext;
import io.sculptor.store.jdbc.JdbcContextStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceExamplesTest {
  @TempDir
  Path dir;

  @Test
  void embedded_savesChangesAndLoadsThem() {
    StoredContext loaded = PersistenceExamples.embedded(dir.resolve("sculptor"));
    assertThat(loaded.version()).isEqualTo(2);
    assertThat(loaded.state().original().messages()).extracting(Message::content)
        .containsExactly("You are a support agent.", "My order 1234 has not arrived.", "Let me look up order 1234.");
  }

  @Test
  void appendAndConflict_bothLand() {
    TokenCounter counter = TiktokenCounter.o200k();
    try (JdbcContextStore store = JdbcContextStore.embedded(dir.resolve("sculptor"))) {
      PersistenceExamples.embedded(dir.resolve("other"));
      StoredContext first = store.create("c", io.sculptor.core.ContextState.of(
          io.sculptor.core.Conversation.of(Message.user("hello")), 1, counter));
      PersistenceExamples.append(store, "c", Message.assistant("from server A"), counter);
      StoredContext saved = PersistenceExamples.saveOrRetry(store, first, Message.assistant("from server B"), counter);
      assertThat(saved.version()).isEqualTo(3);
      assertThat(store.load("c", counter).orElseThrow().state().original().messages()).extracting(Message::content)
          .containsExactly("hello", "from server A", "from server B");
    }
  }
}
