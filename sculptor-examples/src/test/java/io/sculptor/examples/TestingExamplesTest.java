package io.sculptor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.model.ChatRequest;
import io.sculptor.openai.OpenAiChatModel;
import io.sculptor.testing.LocalOpenAiServer;
import io.sculptor.testing.LocalOpenAiServer.Reply;
import io.sculptor.testing.ScriptedChatModel;
import io.sculptor.testing.TestConversations;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The unit tests of docs/testing.md: how an application tests its agent with sculptor-testing. */
class TestingExamplesTest {
  // snippet:scripted-model
  @Test
  void agent_fragmentsTheUpdatesAndSearchesForTheLatestValue() {
    ScriptedChatModel model = ScriptedChatModel.create()
        .thenCall("fragment_context", "{\"start_marker\": \"UPDATES BEGIN\","
            + " \"end_marker\": \"UPDATES END\", \"num_fragments\": 4}")
        .thenCall("search_context", "{\"query\": \"key7: \"}")
        .thenAnswer("The current value of key7 is in the newest hit.");
    ContextAgent agent = ContextAgent.builder(model).build();

    AgentRun run = agent.run(ContextState.of(TestConversations.keyValueTask(20_000, 7)));

    assertThat(run.stopReason()).isEqualTo(AgentRun.StopReason.ANSWERED);
    assertThat(model.requests()).hasSize(3);
    List<Message> seen = model.lastRequest().messages();
    String latest = TestConversations.latestValue(TestConversations.keyValueStream(20_000, 7), "key7");
    assertThat(seen.get(seen.size() - 1).content()).contains("**key7: **" + latest);
  }
  // end-snippet

  // snippet:local-server
  @Test
  void openAiChatModel_sendsTheToolsAndReadsTheAnswer() {
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> Reply.answer("Paris."))) {
      OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(server.baseUrl()).noApiKey()
          .model("test-model").build();

      AgentRun run = ContextAgent.builder(model).build()
          .run(ContextState.of(Conversation.of(Message.user("What is the capital of France?"))));

      assertThat(run.answer()).isEqualTo("Paris.");
      JsonNode sent = server.requests().get(0);
      assertThat(sent.get("model").asText()).isEqualTo("test-model");
      assertThat(sent.get("tools")).hasSize(6);
    }
  }
  // end-snippet

  @Test
  void scriptedModel_readsTheRequestItAnswers() {
    // snippet:computed-answer
    ScriptedChatModel model = ScriptedChatModel.create()
        .thenCall("search_context", "{\"query\": \"umbrella\"}")
        .then((ChatRequest request) -> {
          List<Message> seen = request.messages();
          String result = seen.get(seen.size() - 1).content();
          return Message.assistant(result.startsWith("Found ") ? "You said to pack an umbrella." : "I don't know.");
        });
    // end-snippet
    AgentRun run = ContextAgent.builder(model).build().run(ContextState.of(Conversation.of(
        Message.user("Pack an umbrella for Paris."), Message.assistant("Noted."),
        Message.user("What did I tell you about Paris?"))));
    assertThat(run.answer()).isEqualTo("You said to pack an umbrella.");
  }
}
