package io.sculptor.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.Message;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatRequest;
import io.sculptor.testing.LocalAnthropicServer;
import io.sculptor.testing.LocalAnthropicServer.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The breakpoints {@link PromptCaching} leaves in a request stay within what the API accepts, which
 * {@link LocalAnthropicServer} checks as the API does.
 */
class PromptCachingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A conversation read from the wire whose five tool results each carry a breakpoint on the text
   * inside them, as an application that marked them itself sent it.
   */
  private static List<Message> markedResults() {
    ObjectNode request = JSON.createObjectNode().put("system", "You read reports.");
    ArrayNode messages = request.putArray("messages");
    messages.addObject().put("role", "user").put("content", "Read the five pages.");
    for (int i = 0; i < 5; i++) {
      messages.addObject().put("role", "assistant").putArray("content").addObject().put("type", "tool_use")
          .put("id", "toolu_" + i).put("name", "read_page").putObject("input").put("page", i);
      ObjectNode result = messages.addObject().put("role", "user").putArray("content").addObject()
          .put("type", "tool_result").put("tool_use_id", "toolu_" + i);
      result.putArray("content").addObject().put("type", "text").put("text", "Page " + i + " of the report.")
          .putObject("cache_control").put("type", "ephemeral");
    }
    return MessagesFormat.fromRequest(request);
  }

  private static int breakpoints(JsonNode node) {
    int marked = node.has("cache_control") ? 1 : 0;
    for (JsonNode child : node) {
      marked += breakpoints(child);
    }
    return marked;
  }

  @Test
  void breakpointsInsideToolResults_areReplaced_soTheApiAcceptsTheRequest() {
    ChatRequest request = ChatRequest.of(markedResults());
    for (PromptCaching caching : List.of(PromptCaching.cacheAware(), PromptCaching.lastMessage())) {
      try (LocalAnthropicServer server = LocalAnthropicServer.start(r -> Reply.answer("Read."))) {
        AnthropicChatModel model = AnthropicChatModelTest.model(server.baseUrl()).promptCaching(caching).build();

        assertThat(model.chat(request).message().content()).isEqualTo("Read.");
        assertThat(breakpoints(server.requests().get(0))).isBetween(1, LocalAnthropicServer.MAX_BREAKPOINTS);
        // the blocks keep everything else: the text inside each result is unchanged
        assertThat(server.requests().get(0).get("messages").get(10).get("content").get(0).get("content").get(0)
            .get("text").asText()).isEqualTo("Page 4 of the report.");
      }
    }
  }

  @Test
  void requestsAsWritten_withTooManyBreakpoints_areRefusedByTheServerAsByTheApi() {
    try (LocalAnthropicServer server = LocalAnthropicServer.start(r -> Reply.answer("Read."))) {
      AnthropicChatModel model = AnthropicChatModelTest.model(server.baseUrl()).promptCaching(PromptCaching.none())
          .build();

      assertThatThrownBy(() -> model.chat(ChatRequest.of(markedResults())))
          .isInstanceOf(ChatModelException.class)
          .hasMessageContaining("A maximum of 4 blocks with cache_control may be provided. Found 5.")
          .satisfies(e -> assertThat(((ChatModelException) e).kind()).isEqualTo(ChatModelException.Kind.BAD_REQUEST));
      assertThat(server.requests()).isEmpty();
    }
  }

  @Test
  void thinkingAtTheEnd_isNeverMarked() {
    ObjectNode wire = JSON.createObjectNode();
    ArrayNode messages = wire.putArray("messages");
    messages.addObject().put("role", "user").put("content", "Think, then call the tool.");
    ArrayNode turn = messages.addObject().put("role", "assistant").putArray("content");
    turn.addObject().put("type", "thinking").put("thinking", "The page first.").put("signature", "c2lnbmF0dXJl");
    turn.addObject().put("type", "redacted_thinking").put("data", "ZGF0YQ==");
    try (LocalAnthropicServer server = LocalAnthropicServer.start(r -> Reply.answer("Done."))) {
      AnthropicChatModel model = AnthropicChatModelTest.model(server.baseUrl()).build();

      assertThat(model.chat(ChatRequest.of(MessagesFormat.fromRequest(wire))).message().content()).isEqualTo("Done.");
      JsonNode sent = server.requests().get(0).get("messages");
      assertThat(breakpoints(sent.get(1))).isZero();
      assertThat(breakpoints(sent.get(0))).isEqualTo(1);
    }
  }
}
