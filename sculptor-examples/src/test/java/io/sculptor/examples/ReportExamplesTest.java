package io.sculptor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.agent.ContextAgent;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.report.RecordedStep;
import io.sculptor.report.RunRecording;
import io.sculptor.testing.ScriptedChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportExamplesTest {
  @TempDir
  Path directory;

  @Test
  void demo_recordsTheFoldSearchRestoreRun_overHttp() {
    RunRecording recording = ReportExamples.demo();
    assertThat(recording.answer()).isEqualTo("The current value of key7 is value387.");
    assertThat(recording.steps()).hasSize(5);
    assertThat(recording.encoding()).hasValue("tiktoken:o200k_base/openai-chat-1");
    assertThat(recording.toolUsage().counts()).containsOnlyKeys("fragment_context", "fold_fragment",
        "search_context", "weather", "restore_fragment");
    assertThat(recording.steps()).anySatisfy(s -> assertThat(s.policy()).isPresent());
    assertThat(recording.uncachedPromptTokens()).isLessThan(recording.totalPromptTokens());
    RecordedStep last = recording.steps().get(4);
    assertThat(last.viewTokens()).isLessThan(last.originalTokens());
  }

  @Test
  void save_writesTheJsonAndTheReport() throws Exception {
    RunRecording recording = ReportExamples.demo();
    Path report = ReportExamples.save(recording, directory);
    assertThat(RunRecording.fromJson(Files.readString(directory.resolve("run.json")))).isEqualTo(recording);
    assertThat(Files.readString(report)).startsWith("<!DOCTYPE html>").contains("id=\"tokens-chart\"");
  }

  @Test
  void recorderForProduction_writesEveryFinishedRun() throws Exception {
    ContextAgent agent = ContextAgent.builder(ScriptedChatModel.create().thenAnswer("one").thenAnswer("two"))
        .listener(ReportExamples.recorderForProduction(directory)).build();
    agent.run(ContextState.of(Conversation.of(Message.user("first"))));
    agent.run(ContextState.of(Conversation.of(Message.user("second"))));
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files.map(f -> {
        try {
          return RunRecording.fromJson(Files.readString(f)).answer();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      })).containsExactlyInAnyOrder("one", "two");
    }
  }
}
