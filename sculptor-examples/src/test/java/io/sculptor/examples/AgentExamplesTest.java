package io.sculptor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ContextLengthExceededException;
import io.sculptor.model.ProviderError;
import io.sculptor.model.Usage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the examples of docs/agent.md with deterministic models. */
class AgentExamplesTest {
  @TempDir
  Path directory;

  /** Calls get_weather, then search_context, then answers. */
  private static ChatModel scripted() {
    AtomicInteger calls = new AtomicInteger();
    return request -> {
      Message message = switch (calls.getAndIncrement()) {
        case 0 -> Message.assistant("", List.of(new ToolCall("c0", "get_weather", "{\"city\": \"Paris\"}")));
        case 1 -> Message.assistant("", List.of(new ToolCall("c1", "search_context", "{\"query\": \"Paris\"}")));
        default -> Message.assistant("14 °C and cloudy in Paris.");
      };
      return ChatResponse.of(message, Usage.of(50, 5), Optional.empty());
    };
  }

  @Test
  void multiTurnChat_eachTurnRunsOnTheStateThePreviousEndedWith() {
    List<ChatRequest> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
    ChatModel echo = request -> {
      requests.add(request);
      return ChatResponse.of(Message.assistant("turn " + requests.size()), Usage.UNKNOWN, Optional.empty());
    };

    List<String> answers = AgentExamples.multiTurnChat(ContextAgent.builder(echo).build(), "Be brief.",
        List.of("first question", "second question"));

    assertThat(answers).containsExactly("turn 1", "turn 2");
    assertThat(requests.get(1).messages()).extracting(Message::content)
        .containsExactly("Be brief.", "first question", "turn 1", "second question");
  }

  @Test
  void agentSaveLoadAndExport_runEndToEnd() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    AgentRun run = AgentExamples.agentWithApplicationTool(scripted(), new PrintStream(log, true, StandardCharsets.UTF_8));
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("step 1: get_weather").contains("step 2: search_context")
        .contains("14 °C and cloudy in Paris. (3 calls, 165 tokens, tool entropy 1.0 bits)");

    ContextState loaded = AgentExamples.saveAndLoad(run, directory);
    assertThat(loaded).isEqualTo(run.state());

    Path jsonl = AgentExamples.exportTrainingData(run, directory);
    List<String> lines = Files.readAllLines(jsonl);
    assertThat(lines).hasSize(1);
    assertThat(new ObjectMapper().readTree(lines.get(0)).get("messages")).hasSize(7);
  }

  @Test
  void retryAfterOverflow_foldsAndRunsAgain() {
    AtomicInteger calls = new AtomicInteger();
    ChatModel model = request -> {
      if (calls.getAndIncrement() == 0) {
        throw new ContextLengthExceededException("HTTP [400] context_length_exceeded", ProviderError.of(400)
            .withType("invalid_request_error").withCode("context_length_exceeded").withMessage("too long")
            .withRequestId("req_1"));
      }
      return ChatResponse.of(Message.assistant("fits now"), Usage.UNKNOWN, Optional.empty());
    };
    ContextState state = ContextState.of(Conversation.of(Message.system("S"),
        Message.user("old " + "words and more words. ".repeat(400)), Message.assistant("noted"),
        Message.user("a"), Message.assistant("b"), Message.user("c"), Message.user("question?")));
    AgentRun run = AgentExamples.retryAfterOverflow(ContextAgent.builder(model).build(), state);
    assertThat(run.answer()).isEqualTo("fits now");
    assertThat(run.state().viewMessage(1).content()).startsWith("[summary of fragment ");
  }

  @Test
  void retryAfterOverflow_otherFailures_propagate() {
    ChatModel down = request -> {
      throw new ChatModelException(ChatModelException.Kind.AUTHENTICATION, "HTTP [401]", ProviderError.of(401), null);
    };
    ContextState state = ContextState.of(Conversation.of(Message.user("hi")));
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> AgentExamples.retryAfterOverflow(ContextAgent.builder(down).build(), state))
        .hasMessageContaining("HTTP [401]");
  }
}
