package io.sculptor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sculptor.agent.AgentRun;
import io.sculptor.anthropic.AnthropicChatModel;
import io.sculptor.anthropic.AnthropicTokenCounter;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.testing.LocalAnthropicServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The snippets of docs/anthropic.md run against the local Messages API server. */
class AnthropicEndpointSetupTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void streamAgentAndCount_runOverTheLocalServer() {
    try (LocalAnthropicServer server = LocalAnthropicServer.start(r -> LocalAnthropicServer.Reply.answer("Noted."))) {
      AnthropicChatModel model = AnthropicChatModel.builder().baseUrl(server.baseUrl()).noApiKey()
          .model("claude-sonnet-4-5").build();
      ContextState state = ContextState.of(Conversation.of(Message.system("Be brief."), Message.user("Remember 7.")),
          1, AnthropicTokenCounter.estimate());
      ByteArrayOutputStream printed = new ByteArrayOutputStream();

      AnthropicEndpointSetup.streamed(model, state, new PrintStream(printed, true, StandardCharsets.UTF_8));
      AgentRun run = AnthropicEndpointSetup.agent(model, state.original());
      long exact = AnthropicEndpointSetup.exactTokens(model, state);

      assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("Noted.").contains("prompt tokens read from the cache");
      assertThat(run.answer()).isEqualTo("Noted.");
      assertThat(exact).isPositive();
    }
  }

  @Test
  void builders_needNoNetworkAndTheFormatRoundTrips() throws Exception {
    if (System.getenv("ANTHROPIC_API_KEY") == null) {
      org.assertj.core.api.Assertions.assertThatThrownBy(AnthropicEndpointSetup::withLimits)
          .hasMessageContaining("[ANTHROPIC_API_KEY]");
      org.assertj.core.api.Assertions.assertThatThrownBy(AnthropicEndpointSetup::claude)
          .hasMessageContaining("[ANTHROPIC_API_KEY]");
    } else {
      assertThat(AnthropicEndpointSetup.withLimits().toString()).contains("PromptCaching[cacheAware]");
      assertThat(AnthropicEndpointSetup.thinking().endpoint().toString()).isEqualTo("https://api.anthropic.com/v1/messages");
    }
    JsonNode body = JSON.readTree("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,\"system\":\"Be brief.\","
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertThat(AnthropicEndpointSetup.roundTrip(body)).isEqualTo(body);
  }
}
