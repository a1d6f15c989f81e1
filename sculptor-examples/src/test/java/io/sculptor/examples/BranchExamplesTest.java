package io.sculptor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.agent.AgentRun;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.testing.ScriptedChatModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the branch example of docs/tools.md with scripted models. */
class BranchExamplesTest {
  private static final String BRANCH = "{\"description\": \"find the cause\", \"prompt\": \"read the log\"}";

  private static ContextState task() {
    return ContextState.of(Conversation.of(Message.system("You fix failing builds."),
        Message.user("The parser test fails. Find the cause and fix it.")));
  }

  private static String readFile(String arguments) {
    return "line 12: error E42 in parse()\n".repeat(40);
  }

  @Test
  void agentWithBranches_returnedBranch_isFoldedAndNothingStaysOpen() {
    ScriptedChatModel model = ScriptedChatModel.create().thenCall("branch", BRANCH)
        .thenCall("read_file", "{\"path\": \"test.log\"}")
        .thenCall("return", "{\"message\": \"E42: parse() rejects empty input (line 12).\"}")
        .thenAnswer("Fixed parse().");
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    AgentRun run = BranchExamples.agentWithBranches(model, task(), BranchExamplesTest::readFile,
        new PrintStream(log, true, StandardCharsets.UTF_8));

    assertThat(run.answer()).isEqualTo("Fixed parse().");
    assertThat(log.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(model.lastRequest().messages().get(3).content()).startsWith("[summary of fragment ")
        .contains("E42: parse() rejects empty input (line 12).");
    assertThat(model.lastRequest().messages().get(5).content()).contains("continues here");
  }

  @Test
  void agentWithBranches_stepCapInsideABranch_printsItAsOpen() {
    ScriptedChatModel model = ScriptedChatModel.create().thenCall("branch", BRANCH);
    for (int i = 0; i < 20; i++) {
      model.thenCall("read_file", "{\"path\": \"test.log\"}");
    }
    model.thenAnswer("Out of steps.");
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    AgentRun run = BranchExamples.agentWithBranches(model, task(), BranchExamplesTest::readFile,
        new PrintStream(log, true, StandardCharsets.UTF_8));

    assertThat(run.stopReason()).isEqualTo(AgentRun.StopReason.STEP_CAP);
    assertThat(log.toString(StandardCharsets.UTF_8)).isEqualTo("still open: find the cause since message 3\n");
    assertThat(run.state().fragments()).isEmpty();
  }
}
