package io.sculptor.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.TokenCounter;
import io.sculptor.store.ContextSnapshots;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AbstractMessage;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.util.MimeTypeUtils;

class SpringAiMessagesTest {
  private static final List<org.springframework.ai.chat.messages.Message> CONVERSATION = List.of(
      new SystemMessage("Be brief."),
      UserMessage.builder().text("What is in this picture?")
          .media(Media.builder().mimeType(MimeTypeUtils.IMAGE_PNG).data(new byte[] {1, 2, 3}).id("img1")
              .name("cat.png").build())
          .metadata(Map.of("tenant", "acme")).build(),
      AssistantMessage.builder().content(null).toolCalls(List.of(
          new AssistantMessage.ToolCall("c1", "function", "look", "{\"x\":1}"),
          new AssistantMessage.ToolCall("c2", "function", "weather", "{\"city\":\"Oslo\"}")))
          .properties(Map.of("finishReason", "TOOL_CALLS", "index", 0)).build(),
      ToolResponseMessage.builder().responses(List.of(
          new ToolResponseMessage.ToolResponse("c1", "look", "a cat"),
          new ToolResponseMessage.ToolResponse("c2", "weather", "14 °C"))).build(),
      ToolResponseMessage.builder().responses(List.of(
          new ToolResponseMessage.ToolResponse("c3", "late", "late answer"))).build(),
      new AssistantMessage("A cat, and it is 14 °C."));

  @Test
  void toSculptor_thenBack_givesEqualMessages() {
    List<Message> sculptor = SpringAiMessages.toSculptor(CONVERSATION);

    assertThat(sculptor).extracting(Message::role).containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT,
        Role.TOOL, Role.TOOL, Role.TOOL, Role.ASSISTANT);
    assertThat(sculptor.get(2).content()).isEmpty();
    assertThat(sculptor.get(2).toolCalls()).hasSize(2);
    assertThat(sculptor.get(4).toolCallId()).contains("c2");
    assertThat(sculptor.get(4).name()).contains("weather");
    assertRoundTrip(SpringAiMessages.toSpringAi(sculptor));
  }

  @Test
  void toSculptor_thenThroughASnapshot_thenBack_givesEqualMessages() {
    ContextState state = ContextState.of(Conversation.of(SpringAiMessages.toSculptor(CONVERSATION)), 0,
        TokenCounter.estimator());

    ContextState loaded = ContextSnapshots.fromJson(ContextSnapshots.toJson(state), TokenCounter.estimator());

    assertRoundTrip(SpringAiMessages.toSpringAi(loaded.original().messages()));
  }

  private static void assertRoundTrip(List<org.springframework.ai.chat.messages.Message> back) {
    assertThat(back).hasSize(CONVERSATION.size());
    for (int i = 0; i < back.size(); i++) {
      assertThat(back.get(i)).as("message %d", i).isEqualTo(CONVERSATION.get(i));
      assertThat(back.get(i).getMetadata()).as("metadata %d", i).isEqualTo(CONVERSATION.get(i).getMetadata());
    }
    assertThat(((AssistantMessage) back.get(2)).getText()).isNull();
    Media media = ((UserMessage) back.get(1)).getMedia().get(0);
    assertThat(media.getDataAsByteArray()).containsExactly(1, 2, 3);
    assertThat(media.getId()).isEqualTo("img1");
    assertThat(media.getName()).isEqualTo("cat.png");
    assertThat(media.getMimeType()).isEqualTo(MimeTypeUtils.IMAGE_PNG);
    assertThat(back.get(1).getMetadata()).containsEntry(AbstractMessage.MESSAGE_TYPE, MessageType.USER);
  }

  @Test
  void toSpringAi_changedText_keepsEverythingElse() {
    Message user = SpringAiMessages.toSculptor(CONVERSATION.get(1)).get(0).withContent("[fragment f00001 folded]");

    UserMessage back = (UserMessage) SpringAiMessages.toSpringAi(user);

    assertThat(back.getText()).isEqualTo("[fragment f00001 folded]");
    assertThat(back.getMedia()).hasSize(1);
    assertThat(back.getMetadata()).containsEntry("tenant", "acme");
  }

  @Test
  void toSculptor_plainMessages_carryNoExtensions() {
    assertThat(SpringAiMessages.toSculptor(new UserMessage("hi")).get(0).extensions()).isEmpty();
    assertThat(SpringAiMessages.toSculptor(new AssistantMessage("hello")).get(0).extensions()).isEmpty();
  }

  @Test
  void toSculptor_unknownMessageType_isRefusedByName() {
    org.springframework.ai.chat.messages.Message custom = new org.springframework.ai.chat.messages.Message() {
      @Override
      public MessageType getMessageType() {
        return MessageType.USER;
      }

      @Override
      public String getText() {
        return "x";
      }

      @Override
      public Map<String, Object> getMetadata() {
        return Map.of();
      }
    };

    assertThatThrownBy(() -> SpringAiMessages.toSculptor(custom)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[USER]");
  }
}
