package io.sculptor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.StreamingChatModel;
import io.sculptor.model.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamRecorderTest {
  @Test
  void recordsEveryPieceInOrder_andJoinsEachStretchOfText() {
    StreamRecorder recorder = StreamRecorder.create();
    recorder.onReasoning("Fold ");
    recorder.onReasoning("first.");
    recorder.onText("Fold");
    recorder.onText("ing.");
    recorder.onToolCall("call_1", "fold_fragment");
    recorder.onToolCall("call_2", "search_context");
    recorder.onText("Done");
    recorder.onText(".");

    assertThat(recorder.pieces()).containsExactly("reasoning:Fold ", "reasoning:first.", "text:Fold", "text:ing.",
        "call:call_1 fold_fragment", "call:call_2 search_context", "text:Done", "text:.");
    assertThat(recorder.joined()).containsExactly("reasoning:Fold first.", "text:Folding.",
        "call:call_1 fold_fragment", "call:call_2 search_context", "text:Done.");
    assertThat(recorder.text()).isEqualTo("Folding.Done.");
    assertThat(recorder.reasoning()).isEqualTo("Fold first.");
    assertThat(recorder.toolCalls()).containsExactly("call_1 fold_fragment", "call_2 search_context");
    assertThat(recorder.threads()).containsExactly(Thread.currentThread());
    assertThat(recorder).hasToString("StreamRecorder[8 pieces]");
  }

  @Test
  void empty_hasNothing() {
    StreamRecorder recorder = StreamRecorder.create();

    assertThat(recorder.pieces()).isEmpty();
    assertThat(recorder.joined()).isEmpty();
    assertThat(recorder.text()).isEmpty();
    assertThat(recorder.threads()).isEmpty();
  }

  @Test
  void recordsAWholeAnswerReplayedByAPlainModel() throws Exception {
    StreamRecorder recorder = StreamRecorder.create();
    StreamingChatModel model = StreamingChatModel.of(request -> ChatResponse.of(Message.assistant("Checking.",
        List.of(new ToolCall("c1", "get_weather", "{}"))), Usage.UNKNOWN));

    Thread other = new Thread(() -> model.chat(ChatRequest.of(List.of(Message.user("Weather?"))), recorder));
    other.start();
    other.join();

    assertThat(recorder.joined()).containsExactly("text:Checking.", "call:c1 get_weather");
    assertThat(recorder.threads()).containsExactly(other);
  }
}
