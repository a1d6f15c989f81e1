package io.sculptor.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.testing.LocalAnthropicServer;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicTokenCounterTest {
  @Test
  void estimate_countsOfflineWithTheMessagesApisFraming() {
    AnthropicTokenCounter counter = AnthropicTokenCounter.estimate();
    Message call = Message.assistant("", List.of(new ToolCall("toolu_1", "fold_fragment", "{\"fragment_id\":\"f1a2b3\"}")));

    assertThat(counter.countTokens("")).isZero();
    assertThat(counter.countTokens("The quick brown fox jumps over the lazy dog.")).isBetween(8, 14);
    assertThat(counter.countMessageOverhead(Message.user("hi"))).isEqualTo(4);
    assertThat(counter.countMessageOverhead(call)).isGreaterThan(14);
    assertThat(counter.encoding()).contains("sculptor-estimate/anthropic-messages-1");
    ContextState state = ContextState.of(Conversation.of(Message.user("hello there")), 1, counter);
    assertThat(state.viewTokens()).isEqualTo(counter.countTokens("hello there") + 4);
  }

  @Test
  void remote_asksCountTokensOncePerTextLessTheFraming() {
    try (LocalAnthropicServer server = LocalAnthropicServer.start(r -> LocalAnthropicServer.Reply.answer("unused"))) {
      AnthropicChatModel model = AnthropicChatModelTest.model(server.baseUrl()).build();
      AnthropicTokenCounter counter = AnthropicTokenCounter.remote(model);
      String text = "key7: value7\n".repeat(50);

      int tokens = counter.countTokens(text);
      int again = counter.countTokens(text);

      long whole = model.countTokens(io.sculptor.model.ChatRequest.of(List.of(Message.user(text))));
      assertThat(tokens).isEqualTo(again).isPositive().isLessThan((int) whole);
      assertThat(server.requests()).hasSize(3);
      assertThat(server.requests()).allSatisfy(r -> assertThat(r.has("max_tokens")).isFalse());
      assertThat(counter.encoding()).isEmpty();
    }
  }
}
