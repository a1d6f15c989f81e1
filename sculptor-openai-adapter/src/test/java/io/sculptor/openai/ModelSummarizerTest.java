package io.sculptor.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.testing.LocalOpenAiServer;
import io.sculptor.testing.LocalOpenAiServer.Reply;
import io.sculptor.tools.SculptorToolkit;
import io.sculptor.tools.ToolErrorCode;
import io.sculptor.tools.ToolResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ModelSummarizerTest {
  @Test
  void summarizeFragment_throughTheModel_asksForTheFocusAndShowsTheAnswer() {
    String log = "Step 1 passed.\n".repeat(40) + "Step 41 failed with E42.\n" + "Step 42 passed.\n".repeat(20);
    ContextState state = ContextState.of(Conversation.of(Message.user("LOG\n" + log + "END")));
    state = state.fragmentBetween("LOG", "END", io.sculptor.core.RoleFilter.USER, 1).state();
    String id = state.fragments().get(0).id().value();
    try (LocalOpenAiServer server = LocalOpenAiServer.start(
        request -> Reply.answer("Step 41 failed with E42; all others passed."))) {
      OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey("k").model("m").build();
      SculptorToolkit toolkit = SculptorToolkit.create(ModelSummarizer.using(model));

      ToolResult result = toolkit.execute(state, "summarize_fragment",
          "{\"fragment_id\": \"" + id + "\", \"focus\": \"failures\"}");

      assertThat(result.isSuccess()).as(result.text()).isTrue();
      assertThat(result.state().view().get(0).content()).contains("Step 41 failed with E42; all others passed.");
      JsonNode body = server.requests().get(0);
      assertThat(body.has("tools")).isFalse();
      assertThat(body.get("messages").get(0).get("role").asText()).isEqualTo("system");
      assertThat(body.get("messages").get(1).get("content").asText()).startsWith("Focus: failures\n")
          .contains("Step 41 failed with E42.");
    }
  }

  @Test
  void summarizeFragment_modelDown_isAnErrorResultForTheModel() {
    ContextState state = ContextState.of(Conversation.of(Message.user("LOG " + "words ".repeat(100) + "END")));
    state = state.fragmentBetween("LOG", "END", io.sculptor.core.RoleFilter.USER, 1).state();
    String id = state.fragments().get(0).id().value();
    try (LocalOpenAiServer server = LocalOpenAiServer.start(
        request -> Reply.error(503, "server_error", "overloaded"))) {
      OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey("k").model("m")
          .maxAttempts(2).initialBackoff(Duration.ofMillis(5)).build();
      ToolResult result = SculptorToolkit.create(ModelSummarizer.using(model)).execute(state, "summarize_fragment",
          "{\"fragment_id\": \"" + id + "\", \"focus\": \"x\"}");
      assertThat(result.error()).contains(ToolErrorCode.SUMMARIZER_FAILED);
      assertThat(result.text()).contains("HTTP [503]").contains("Fold " + id + " instead");
      assertThat(result.state()).isSameAs(state);
    }
  }
}
