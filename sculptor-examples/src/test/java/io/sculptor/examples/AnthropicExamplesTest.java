package io.sculptor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.agent.AgentRun;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.testing.LocalAnthropicServer;
import io.sculptor.testing.LocalAnthropicServer.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The docs/anthropic.md snippet, against a local Messages API server that streams. */
class AnthropicExamplesTest {
  @Test
  void claude_runsTheToolsAndStreamsTheAnswer() {
    AtomicInteger calls = new AtomicInteger();
    ContextState state = ContextState.of(Conversation.of(Message.system("You are a build assistant."),
        Message.user("The build log says: step 4 failed with exit code 2. Which step failed?")));
    try (LocalAnthropicServer server = LocalAnthropicServer.start(request -> calls.getAndIncrement() == 0
        ? Reply.toolUses(new ToolCall("toolu_1", "search_context", "{\"query\": \"exit code\"}"))
        : Reply.answer("Step 4 failed (exit code 2)."))) {
      ByteArrayOutputStream shown = new ByteArrayOutputStream();

      AgentRun run = AnthropicExamples.claude(server.baseUrl(), "sk-ant-example-0123456789", state, new PrintStream(shown, true,
          StandardCharsets.UTF_8));

      assertThat(run.answer()).isEqualTo("Step 4 failed (exit code 2).");
      assertThat(shown.toString(StandardCharsets.UTF_8)).isEqualTo(run.answer());
      assertThat(run.toolUsage().counts()).containsEntry("search_context", 1);
      assertThat(server.requests()).allSatisfy(r -> {
        assertThat(r.get("stream").asBoolean()).isTrue();
        assertThat(r.get("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(r.get("system").toString()).contains("You are a build assistant.");
      });
      assertThat(server.requests().get(1).toString()).contains("tool_result", "toolu_1");
      assertThat(server.requestHeaders()).allSatisfy(h -> {
        assertThat(h).containsEntry("x-api-key", "sk-ant-example-0123456789");
        assertThat(h).containsEntry("anthropic-version", "2023-06-01");
      });
    }
  }
}
