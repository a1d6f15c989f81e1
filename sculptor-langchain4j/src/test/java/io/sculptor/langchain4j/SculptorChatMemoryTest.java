package io.sculptor.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import io.sculptor.agent.ContextPolicy;
import io.sculptor.core.Role;
import io.sculptor.store.jdbc.JdbcContextStore;
import io.sculptor.tools.ToolResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SculptorChatMemoryTest {
  private static String log(int lines) {
    StringBuilder text = new StringBuilder("LOG START\n");
    for (int i = 0; i < lines; i++) {
      text.append("step ").append(i).append(": the build of module ").append(i % 7).append(" passed\n");
    }
    return text.append("LOG END").toString();
  }

  @Test
  void add_neverEvictsAndMessagesShowTheViewAfterThePolicy() {
    SculptorChatMemoryProvider memories = SculptorChatMemoryProvider.builder()
        .policy(ContextPolicy.foldStaleToolResults(1)).build();
    SculptorChatMemory memory = memories.get("alice");
    ToolExecutionRequest first = ToolExecutionRequest.builder().id("c1").name("read_log").arguments("{}").build();
    ToolExecutionRequest second = ToolExecutionRequest.builder().id("c2").name("read_log").arguments("{}").build();

    memory.add(UserMessage.from("Why did the build fail?"));
    memory.add(AiMessage.from(first));
    memory.add(ToolExecutionResultMessage.from(first, log(200)));
    memory.add(AiMessage.from(second));
    memory.add(ToolExecutionResultMessage.from(second, log(10)));
    List<ChatMessage> view = memory.messages();

    assertThat(view).hasSize(5);
    assertThat(((ToolExecutionResultMessage) view.get(2)).text()).startsWith("[fragment f").contains("folded");
    assertThat(((ToolExecutionResultMessage) view.get(4)).text()).isEqualTo(log(10));
    assertThat(((AiMessage) view.get(1)).text()).isNull();
    assertThat(memory.state().original().get(2).content()).isEqualTo(log(200));
  }

  @Test
  void add_changedSystemMessage_replacesItInTheViewAndKeepsBothInTheOriginal() {
    SculptorChatMemory memory = SculptorChatMemoryProvider.builder().build().get("alice");

    memory.add(SystemMessage.from("Be brief."));
    memory.add(SystemMessage.from("Be brief."));
    memory.add(UserMessage.from("Hi"));
    memory.add(SystemMessage.from("Be thorough."));

    assertThat(memory.messages()).containsExactly(UserMessage.from("Hi"), SystemMessage.from("Be thorough."));
    assertThat(memory.state().original().messages()).extracting(m -> m.role())
        .containsExactly(Role.SYSTEM, Role.USER, Role.SYSTEM);
  }

  @Test
  void store_anotherServerLoadsTheConversationWithItsFragments(@TempDir Path dir) {
    JdbcContextStore store = JdbcContextStore.embedded(dir.resolve("sculptor"));
    SculptorChatMemory first = SculptorChatMemoryProvider.builder().store(store).build().get("alice");
    first.add(UserMessage.from(log(100)));
    ToolResult made = first.execute("fragment_context",
        "{\"start_marker\": \"LOG START\", \"end_marker\": \"LOG END\", \"num_fragments\": 2}");
    String id = made.state().fragments().get(0).id().value();
    first.execute("fold_fragment", "{\"fragment_id\": \"" + id + "\"}");

    SculptorChatMemory second = SculptorChatMemoryProvider.builder().store(store).build().get("alice");

    assertThat(second.state()).isEqualTo(first.state());
    assertThat(((UserMessage) second.messages().get(0)).singleText()).contains("[fragment " + id + " folded");
    first.clear();
    assertThat(SculptorChatMemoryProvider.builder().store(store).build().get("alice").messages()).isEmpty();
  }

  @Test
  void store_messagesSculptorCannotHoldComeBackWhole(@TempDir Path dir) {
    JdbcContextStore store = JdbcContextStore.embedded(dir.resolve("sculptor"));
    ToolExecutionRequest call = ToolExecutionRequest.builder().id("c1").name("read_log").arguments("{}").build();
    UserMessage withImage = UserMessage.from(dev.langchain4j.data.message.TextContent.from("What is this?"),
        dev.langchain4j.data.message.ImageContent.from("https://example.com/cat.png"));
    SculptorChatMemory first = SculptorChatMemoryProvider.builder().store(store).build().get("alice");
    first.add(withImage);
    first.add(AiMessage.from(call));

    SculptorChatMemory second = SculptorChatMemoryProvider.builder().store(store).build().get("alice");
    List<ChatMessage> reloaded = second.messages();

    assertThat(second.state()).isEqualTo(first.state());

    assertThat(reloaded).containsExactly(withImage, AiMessage.from(call));
    assertThat(((AiMessage) reloaded.get(1)).text()).isNull();
  }

  @Test
  void store_twoServersAddToTheSameConversation_noMessageIsLost(@TempDir Path dir) throws Exception {
    JdbcContextStore store = JdbcContextStore.embedded(dir.resolve("sculptor"));
    SculptorChatMemory one = SculptorChatMemoryProvider.builder().store(store).build().get("shared");
    SculptorChatMemory two = SculptorChatMemoryProvider.builder().store(store).build().get("shared");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int n = i;
      futures.add(pool.submit(() -> (n % 2 == 0 ? one : two).add(UserMessage.from("message " + n))));
    }
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    List<String> stored = new ArrayList<>();
    SculptorChatMemoryProvider.builder().store(store).build().get("shared").state().original()
        .forEach(m -> stored.add(m.content()));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      expected.add("message " + i);
    }
    assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
  }
}
