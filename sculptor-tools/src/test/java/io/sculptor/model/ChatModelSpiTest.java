package io.sculptor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChatModelSpiTest {
  private static final ChatRequest REQUEST = ChatRequest.of(List.of(Message.user("hi")));

  @Test
  void builderKeepsMetadataAndEqualityCoversIt() {
    ChatResponse response = ChatResponse.builder(Message.assistant("ok"))
        .usage(Usage.of(100, 20, 64, 0, 8))
        .finishReason(Optional.of("stop"))
        .finishReasons(List.of("stop", "length"))
        .responseId("chatcmpl-1").model("gpt-test").systemFingerprint("fp_1").requestId("req_1")
        .build();

    assertThat(response.finishReasons()).containsExactly("stop", "length");
    assertThat(response.responseId()).contains("chatcmpl-1");
    assertThat(response.model()).contains("gpt-test");
    assertThat(response.systemFingerprint()).contains("fp_1");
    assertThat(response.requestId()).contains("req_1");
    assertThat(response.toBuilder().build()).isEqualTo(response).hasSameHashCodeAs(response);
    assertThat(response.toBuilder().requestId("req_2").build()).isNotEqualTo(response);
  }

  @Test
  void finishReasonsDefaultToTheFinishReasonAndMustStartWithIt() {
    ChatResponse response = ChatResponse.of(Message.assistant("ok"), Usage.UNKNOWN, Optional.of("stop"));
    assertThat(response.finishReasons()).containsExactly("stop");
    assertThat(ChatResponse.of(Message.assistant("ok"), Usage.UNKNOWN).finishReasons()).isEmpty();

    assertThatThrownBy(() -> ChatResponse.builder(Message.assistant("ok"))
        .finishReason(Optional.of("stop")).finishReasons(List.of("length")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[stop]");
    assertThatThrownBy(() -> ChatResponse.builder(Message.user("no")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("assistant");
  }

  @Test
  void usageAddsEveryCountAndRefusesNegatives() {
    Usage sum = Usage.of(100, 20, 64, 10, 8).plus(Usage.of(50, 5));
    assertThat(sum).isEqualTo(Usage.of(150, 25, 64, 10, 8));
    assertThat(sum.totalTokens()).isEqualTo(175);
    assertThat(Usage.of(1, 2).toString()).isEqualTo("Usage[promptTokens=1, completionTokens=2]");
    assertThatThrownBy(() -> Usage.of(1, 1, -1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPlainModelStreamsItsWholeTextOnceAndAStreamingModelIsItself() {
    ChatModel plain = request -> ChatResponse.of(Message.assistant("whole answer"), Usage.of(3, 2));
    List<String> deltas = new ArrayList<>();
    ChatResponse response = StreamingChatModel.of(plain).chat(REQUEST, new ChatStreamListener() {
      @Override
      public void onText(String delta) {
        deltas.add(delta);
      }
    });
    assertThat(deltas).containsExactly("whole answer");
    assertThat(response.message().content()).isEqualTo("whole answer");

    ChatModel calling = request -> ChatResponse.of(Message.assistant("Two lookups.", List.of(
        new ToolCall("c1", "search_context", "{}"), new ToolCall("c2", "get_weather", "{}"))), Usage.of(3, 2));
    List<String> pieces = new ArrayList<>();
    StreamingChatModel.of(calling).chat(REQUEST, new ChatStreamListener() {
      @Override
      public void onText(String delta) {
        pieces.add("text " + delta);
      }

      @Override
      public void onToolCall(String id, String name) {
        pieces.add("call " + id + " " + name);
      }
    });
    assertThat(pieces).as("the text, then each call, as a stream would have it")
        .containsExactly("text Two lookups.", "call c1 search_context", "call c2 get_weather");

    StreamingChatModel streaming = (request, listener) -> {
      listener.onText("a");
      listener.onText("b");
      return ChatResponse.of(Message.assistant("ab"), Usage.UNKNOWN);
    };
    assertThat(StreamingChatModel.of(streaming)).isSameAs(streaming);
    assertThat(streaming.chat(REQUEST).message().content()).isEqualTo("ab");
  }

  @Test
  void kindForHttpStatus() {
    assertThat(ChatModelException.Kind.forHttpStatus(401)).isEqualTo(ChatModelException.Kind.AUTHENTICATION);
    assertThat(ChatModelException.Kind.forHttpStatus(403)).isEqualTo(ChatModelException.Kind.AUTHENTICATION);
    assertThat(ChatModelException.Kind.forHttpStatus(408)).isEqualTo(ChatModelException.Kind.TIMEOUT);
    assertThat(ChatModelException.Kind.forHttpStatus(429)).isEqualTo(ChatModelException.Kind.RATE_LIMITED);
    assertThat(ChatModelException.Kind.forHttpStatus(529)).isEqualTo(ChatModelException.Kind.SERVER_ERROR);
    assertThat(ChatModelException.Kind.forHttpStatus(404)).isEqualTo(ChatModelException.Kind.BAD_REQUEST);
  }
}
