package io.sculptor.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.TokenCounter;
import io.sculptor.tools.SculptorTools;
import java.util.List;
import org.junit.jupiter.api.Test;

class BridgesTest {
  /** A LangChain4j estimator of one token per word, as an application might bring. */
  static final class WordEstimator implements TokenCountEstimator {
    @Override
    public int estimateTokenCountInText(String text) {
      return text.isBlank() ? 0 : text.strip().split("\\s+").length;
    }

    @Override
    public int estimateTokenCountInMessage(ChatMessage message) {
      return estimateTokenCountInText(((UserMessage) message).singleText());
    }

    @Override
    public int estimateTokenCountInMessages(Iterable<ChatMessage> messages) {
      int total = 0;
      for (ChatMessage m : messages) {
        total += estimateTokenCountInMessage(m);
      }
      return total;
    }
  }

  @Test
  void langChain4jTokenCounter_countsWithTheEstimatorAndIsReusedOnlyWhenNamed() {
    LangChain4jTokenCounter counter = LangChain4jTokenCounter.of(new WordEstimator());
    ContextState state = ContextState.of(Conversation.of(Message.user("one two three")), 0, counter);

    assertThat(counter.countTokens("one two three")).isEqualTo(3);
    assertThat(state.originalTokens()).isEqualTo(3 + counter.countMessageOverhead(Message.user("")));
    assertThat(counter.encoding()).isEmpty();
    assertThat(counter.named("words-1").encoding()).contains("words-1");
    assertThatThrownBy(() -> counter.named(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sculptorTokenCountEstimator_countsLikeASculptorView() {
    SculptorTokenCountEstimator estimator = SculptorTokenCountEstimator.of(TokenCounter.estimator());
    Message converted = Message.user("What is the current value of key7?");

    int message = estimator.estimateTokenCountInMessage(UserMessage.from("What is the current value of key7?"));

    assertThat(message).isEqualTo(TokenCounter.estimator().countMessageOverhead(converted)
        + TokenCounter.estimator().countTokens(converted.content()));
    assertThat(estimator.estimateTokenCountInMessages(List.of(UserMessage.from("a"), UserMessage.from("b"))))
        .isEqualTo(2 * estimator.estimateTokenCountInMessage(UserMessage.from("a")));
  }

  @Test
  void specification_keepsTypesEnumsAndRequiredAndWritesBoundsIntoDescriptions() {
    ToolSpecification fragment = SculptorToolProvider.specification(SculptorTools.specs().get(0));

    assertThat(fragment.name()).isEqualTo("fragment_context");
    assertThat(fragment.parameters().required()).containsExactly("start_marker", "end_marker");
    assertThat(fragment.parameters().properties().get("start_marker")).isInstanceOf(JsonStringSchema.class);
    JsonIntegerSchema pieces = (JsonIntegerSchema) fragment.parameters().properties().get("num_fragments");
    assertThat(pieces.description()).isEqualTo("Number of fragments to create (default: 5)"
        + " (an integer from 1 to 20; default 5)");
    JsonEnumSchema role = (JsonEnumSchema) fragment.parameters().properties().get("role");
    assertThat(role.enumValues()).containsExactly("user", "assistant", "all");
    assertThat(fragment.parameters().additionalProperties()).isFalse();
  }

  @Test
  void toolProvider_offersTheSixToolsInThePapersOrder() {
    SculptorToolProvider tools = (SculptorToolProvider) SculptorChatMemoryProvider.builder().build().toolProvider();

    assertThat(tools.specifications()).extracting(ToolSpecification::name).containsExactlyElementsOf(SculptorTools.NAMES);
  }

  @Test
  void toolProvider_toolkitWithBranchTools_offersThemAfterTheSix() {
    SculptorToolProvider tools = (SculptorToolProvider) SculptorChatMemoryProvider.builder()
        .toolkit(io.sculptor.tools.SculptorToolkit.create().withBranchTools()).build().toolProvider();

    assertThat(tools.specifications()).extracting(ToolSpecification::name).endsWith("branch", "return").hasSize(8);
    assertThat(tools.toString()).endsWith("get_search_detail, branch, return]");
  }
}
