package io.sculptor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ContextLengthExceededException;
import io.sculptor.model.ProviderError;
import io.sculptor.testing.ScriptedChatModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the examples of docs/agent.md with deterministic models. */
class AgentExamplesTest {
  @TempDir
  Path directory;

  /** Calls get_weather, then search_context, then answers. */
  private static ScriptedChatModel scripted() {
    return ScriptedChatModel.create()
        .thenCall("get_weather", "{\"city\": \"Paris\"}")
        .thenCall("search_context", "{\"query\": \"Paris\"}")
        .thenAnswer("14 °C and cloudy in Paris.");
  }

  @Test
  void multiTurnChat_eachTurnRunsOnTheStateThePreviousEndedWith() {
    ScriptedChatModel echo = ScriptedChatModel.create().thenAnswer("turn 1").thenAnswer("turn 2");

    List<String> answers = AgentExamples.multiTurnChat(ContextAgent.builder(echo).build(), "Be brief.",
        List.of("first question", "second question"));

    assertThat(answers).containsExactly("turn 1", "turn 2");
    assertThat(echo.requests().get(1).messages()).extracting(Message::content)
        .containsExactly("Be brief.", "first question", "turn 1", "second question");
  }

  @Test
  void agentSaveLoadAndExport_runEndToEnd() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    AgentRun run = AgentExamples.agentWithApplicationTool(scripted(), new PrintStream(log, true, StandardCharsets.UTF_8));
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("step 1: get_weather").contains("step 2: search_context")
        .contains("14 °C and cloudy in Paris. (3 calls, 330 tokens, tool entropy 1.0 bits)");

    ContextState loaded = AgentExamples.saveAndLoad(run, directory);
    assertThat(loaded).isEqualTo(run.state());

    Path jsonl = AgentExamples.exportTrainingData(run, directory);
    List<String> lines = Files.readAllLines(jsonl);
    assertThat(lines).hasSize(1);
    assertThat(new ObjectMapper().readTree(lines.get(0)).get("messages")).hasSize(7);
  }

  @Test
  void retryAfterOverflow_foldsAndRunsAgain() {
    ScriptedChatModel model = ScriptedChatModel.create()
        .thenFail(new ContextLengthExceededException("HTTP [400] context_length_exceeded", ProviderError.of(400)
            .withType("invalid_request_error").withCode("context_length_exceeded").withMessage("too long")
            .withRequestId("req_1")))
        .thenAnswer("fits now");
    ContextState state = ContextState.of(Conversation.of(Message.system("S"),
        Message.user("old " + "words and more words. ".repeat(400)), Message.assistant("noted"),
        Message.user("a"), Message.assistant("b"), Message.user("c"), Message.user("question?")));
    AgentRun run = AgentExamples.retryAfterOverflow(ContextAgent.builder(model).build(), state);
    assertThat(run.answer()).isEqualTo("fits now");
    assertThat(run.state().viewMessage(1).content()).startsWith("[summary of fragment ");
  }

  @Test
  void retryAfterOverflow_otherFailures_propagate() {
    ScriptedChatModel down = ScriptedChatModel.create().thenFail(
        new ChatModelException(ChatModelException.Kind.AUTHENTICATION, "HTTP [401]", ProviderError.of(401), null));
    ContextState state = ContextState.of(Conversation.of(Message.user("hi")));
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> AgentExamples.retryAfterOverflow(ContextAgent.builder(down).build(), state))
        .hasMessageContaining("HTTP [401]");
  }
}
