package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sculptor.agent.AgentEvent;
import io.sculptor.agent.AgentException;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatStreamListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's log lines, written by a real SLF4J backend (slf4j-simple, configured in
 * {@code src/test/resources/simplelogger.properties} to log {@code io.sculptor.agent} at DEBUG into
 * a file) and read back from that file.
 */
class ContextAgentLoggingTest {
  private static final Path LOG_FILE = Path.of("target/sculptor-tools-tests.log");
  private static final String AGENT_LOGGER = " io.sculptor.agent.ContextAgent - ";

  private long logStart;

  @BeforeEach
  void rememberWhereTheLogEnds() throws IOException {
    org.slf4j.LoggerFactory.getLogger(ContextAgentLoggingTest.class).info("test starts");
    logStart = Files.size(LOG_FILE);
  }

  /** {@return the agent's lines logged since the test began, without the thread name} */
  private List<String> agentLines() throws IOException {
    return readSinceStart().stream().filter(l -> l.contains(AGENT_LOGGER))
        .map(l -> l.substring(l.indexOf("] ") + 2)).toList();
  }

  private static List<String> at(List<String> lines, String level) {
    return lines.stream().filter(l -> l.startsWith(level + " ")).map(l -> l.substring(l.indexOf(" - ") + 3)).toList();
  }

  private static ContextState question() {
    return ContextState.of(Conversation.of(Message.system("You track updates."),
        Message.user("UPDATES\n" + Fixtures.keyValueStream(2_000, 4) + "END\nWhat is the value of key7?")));
  }

  @Test
  void run_logsOneInfoLinePerRunAndOneDebugLinePerStep() throws IOException {
    ScriptedStreamingModel model = new ScriptedStreamingModel()
        .thenStream(List.of(), List.of(),
            new ToolCall("c1", "fragment_context",
                "{\"start_marker\": \"UPDATES\", \"end_marker\": \"END\", \"num_fragments\": 4}"))
        .thenStream(List.of(), List.of("Searching."), new ToolCall("c2", "search_context", "{\"query\": \"key7:\"}"),
            new ToolCall("c3", "teleport", "{}"))
        .thenText("key7 is value3.");

    AgentRun run = ContextAgent.builder(model).build().run(question());

    List<String> lines = agentLines();
    assertThat(at(lines, "INFO")).singleElement().asString().matches(
        Pattern.quote("agent run answered after 3 model calls in ") + "\\d+" + Pattern.quote(" ms: 300 prompt + 30 "
            + "completion tokens (0 cached), view " + run.state().viewTokens() + " of " + run.state().originalTokens()
            + " tokens, 3 tool calls {fragment_context=1, search_context=1, teleport=1}, 1 failed"));
    List<String> debug = at(lines, "DEBUG");
    assertThat(debug).hasSize(3);
    assertThat(debug.get(0)).startsWith("step 1: 2 messages, view " + question().viewTokens() + " of "
        + question().originalTokens() + " tokens, tool choice auto; model answered in ")
        .contains(": 100 prompt + 10 completion tokens, model " + ScriptedStreamingModel.MODEL
            + ", finish tool_calls, request req_1; tools [fragment_context] in ");
    assertThat(debug.get(1)).startsWith("step 2: 4 messages, view ")
        .contains("request req_2; tools [search_context, teleport failed] in ");
    assertThat(debug.get(2)).startsWith("step 3: 7 messages").contains("finish stop, request req_3")
        .doesNotContain("tools [");
  }

  @Test
  void run_modelFails_logsTheFailureOnce() throws IOException {
    ScriptedModel model = new ScriptedModel()
        .thenCall("search_context", "{\"query\": \"key7\"}")
        .thenFail(new ChatModelException(ChatModelException.Kind.TIMEOUT, "no answer within [PT1S]", null));
    List<AgentEvent> events = new ArrayList<>();

    assertThatThrownBy(() -> ContextAgent.builder(model).listener(events::add).build().run(question()))
        .isInstanceOf(AgentException.class);

    assertThat(at(agentLines(), "INFO")).singleElement().asString()
        .startsWith("agent run failed at step 2 after ").endsWith("ms: agent step [2] failed: no answer within [PT1S]");
    assertThat(events).last().isInstanceOfSatisfying(AgentEvent.Failed.class, f -> {
      assertThat(f.step()).isEqualTo(2);
      assertThat(f.failure()).isInstanceOf(AgentException.class);
    });
  }

  @Test
  void run_listenerThrows_isLoggedAtWarnWithTheEventTypeAndTheRunGoesOn() throws IOException {
    ScriptedModel model = new ScriptedModel()
        .thenCall("search_context", "{\"query\": \"key7\"}")
        .thenAnswer("key7 is value3.");
    List<AgentEvent> seenByTheNextListener = new ArrayList<>();
    ContextAgent agent = ContextAgent.builder(model)
        .listener(event -> {
          if (event instanceof AgentEvent.ModelResponded) {
            throw new IllegalStateException("dashboard is down");
          }
        })
        .listener(seenByTheNextListener::add)
        .build();

    AgentRun run = agent.run(question());

    assertThat(run.answer()).isEqualTo("key7 is value3.");
    assertThat(seenByTheNextListener).hasSize(8);
    List<String> warnings = at(agentLines(), "WARN");
    assertThat(warnings).hasSize(2).allSatisfy(w -> assertThat(w).startsWith("agent listener [")
        .contains("failed on ModelResponded at step ").endsWith("; the run goes on"));
    assertThat(String.join("\n", readSinceStart())).contains("java.lang.IllegalStateException: dashboard is down");
  }

  @Test
  void run_streamListenerThrows_isLoggedAtWarnOnce() throws IOException {
    ScriptedStreamingModel model = new ScriptedStreamingModel().thenText("a", "b", "c");
    ChatStreamListener broken = new ChatStreamListener() {
      @Override
      public void onText(String delta) {
        throw new IllegalStateException("socket closed");
      }
    };

    ContextAgent.builder(model).build().run(question(), broken);

    assertThat(at(agentLines(), "WARN")).singleElement().asString().startsWith("stream listener [")
        .endsWith("failed in onText; it receives nothing more in this run, which goes on");
  }

  private List<String> readSinceStart() throws IOException {
    byte[] all = Files.readAllBytes(LOG_FILE);
    return new String(all, (int) logStart, all.length - (int) logStart, StandardCharsets.UTF_8).lines().toList();
  }
}
