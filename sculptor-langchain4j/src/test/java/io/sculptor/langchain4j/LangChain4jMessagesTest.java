package io.sculptor.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.CustomMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.ToolCall;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LangChain4jMessagesTest {
  private static final ToolExecutionRequest WEATHER = ToolExecutionRequest.builder().id("call_1")
      .name("get_weather").arguments("{\"city\":\"Oslo\"}").build();

  static Stream<ChatMessage> messages() {
    return Stream.of(
        SystemMessage.from("You are careful."),
        UserMessage.from("What is key7?"),
        UserMessage.from("ann", "Hello from Ann."),
        UserMessage.from(TextContent.from("Describe this:"), ImageContent.from("https://example.com/cat.png"),
            TextContent.from("Be brief.")),
        AiMessage.from("The value is 42."),
        AiMessage.from(WEATHER),
        AiMessage.from("Checking.", List.of(WEATHER)),
        AiMessage.builder().text("Done.").thinking("The user wants the value.").build(),
        ToolExecutionResultMessage.from(WEATHER, "14 °C and cloudy"),
        ToolExecutionResultMessage.builder().id("call_2").toolName("read").text("no such file").isError(true)
            .build());
  }

  @ParameterizedTest
  @MethodSource("messages")
  void roundTrip_givesTheSameMessage(ChatMessage message) {
    assertThat(LangChain4jMessages.toLangChain4j(LangChain4jMessages.toSculptor(message))).isEqualTo(message);
  }

  @Test
  void toSculptor_plainMessages_carryNoExtension() {
    Message user = LangChain4jMessages.toSculptor(UserMessage.from("ann", "Hello."));
    Message call = LangChain4jMessages.toSculptor(AiMessage.from("Checking.", List.of(WEATHER)));
    Message result = LangChain4jMessages.toSculptor(ToolExecutionResultMessage.from(WEATHER, "14 °C"));

    assertThat(user).isEqualTo(Message.user("Hello.").withName("ann"));
    assertThat(call).isEqualTo(Message.assistant("Checking.",
        List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}"))));
    assertThat(result).isEqualTo(Message.tool("call_1", "14 °C").withName("get_weather"));
  }

  @Test
  void toSculptor_toolOnlyAiMessage_hasEmptyTextAndKeepsTheNullText() {
    Message converted = LangChain4jMessages.toSculptor(AiMessage.from(WEATHER));

    assertThat(converted.content()).isEmpty();
    assertThat(converted.role()).isEqualTo(Role.ASSISTANT);
    assertThat(converted.extensions()).containsKey(LangChain4jMessages.ORIGINAL);
    assertThat(((AiMessage) LangChain4jMessages.toLangChain4j(converted)).text()).isNull();
  }

  @Test
  void toLangChain4j_viewChangedTheTextOfAMessageWithAnImage_keepsTheImageAndReplacesTheText() {
    ImageContent image = ImageContent.from("https://example.com/cat.png");
    UserMessage original = UserMessage.from(TextContent.from("Describe this:"), image, TextContent.from("Be brief."));
    Message converted = LangChain4jMessages.toSculptor(original);
    assertThat(converted.content()).isEqualTo("Describe this:\nBe brief.");

    ChatMessage shown = LangChain4jMessages.toLangChain4j(converted.withContent("[fragment f00001 folded]"));

    assertThat(((UserMessage) shown).contents()).containsExactly(TextContent.from("[fragment f00001 folded]"), image);
  }

  @Test
  void toLangChain4j_viewChangedAToolResultWithAnErrorFlag_keepsTheFlag() {
    ToolExecutionResultMessage original = ToolExecutionResultMessage.builder().id("call_2").toolName("read")
        .text("a long log").isError(true).build();

    ChatMessage shown = LangChain4jMessages.toLangChain4j(
        LangChain4jMessages.toSculptor(original).withContent("[folded]"));

    assertThat(shown).isEqualTo(ToolExecutionResultMessage.builder().id("call_2").toolName("read").text("[folded]")
        .isError(true).build());
  }

  @Test
  void toSculptor_customMessage_isRefusedNamingTheType() {
    assertThatThrownBy(() -> LangChain4jMessages.toSculptor(CustomMessage.from(Map.of("k", "v"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[CUSTOM]");
  }
}
