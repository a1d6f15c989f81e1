package io.sculptor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.agent.ContextAgent;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.TokenCounter;
import io.sculptor.report.PromptAccounting;
import io.sculptor.report.RecordedStep;
import io.sculptor.report.RunRecording;
import io.sculptor.testing.ScriptedChatModel;
import io.sculptor.tools.SculptorTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
  void demo_hasTheNumbersDocsReportMdQuotes() throws Exception {
    RunRecording recording = ReportExamples.demo();
    String doc = Files.readString(Path.of("..", "docs", "report.md")).replaceAll("\\s+", " ");
    doc = doc.substring(doc.indexOf("In the demonstration run"), doc.indexOf("## The page"));
    assertThat(doc).as("docs/report.md quotes the demonstration run's prompt accounting; update it")
        .contains(String.format(Locale.ROOT, "%,d of %,d prompt tokens are uncached: the first call (%,d)",
            recording.uncachedPromptTokens(), recording.totalPromptTokens(),
            recording.steps().get(0).uncachedPromptTokens()))
        .contains(String.format(Locale.ROOT, "fragments of the long user message (%,d) and restored one of them (%,d)",
            recording.steps().get(2).uncachedPromptTokens(), recording.steps().get(4).uncachedPromptTokens()))
        .contains(String.format(Locale.ROOT, "appended messages cost %,d and %,d",
            recording.steps().get(1).uncachedPromptTokens(), recording.steps().get(3).uncachedPromptTokens()));
  }

  @Test
  void accounting_ofACallThatAppends_paysForTheAppendedMessageAndThePriming() {
    TokenCounter counter = TokenCounter.estimator();
    List<Message> first = List.of(Message.system("You track values."), Message.user("key7: value7\n".repeat(50)));
    Message appended = Message.assistant("key7 is value7.");
    List<Message> second = List.of(first.get(0), first.get(1), appended);
    List<PromptAccounting.Tokens> tokens = ReportExamples.accounting(first, second, SculptorTools.specs());
    assertThat(tokens.get(0).uncachedPromptTokens()).isEqualTo(counter.countMessageOverhead(appended)
        + counter.countTokens(appended.content()) + PromptAccounting.REPLY_PRIMING_TOKENS);
    assertThat(tokens.get(1).calls()).isEqualTo(2);
    assertThat(tokens.get(1).promptTokens()).isGreaterThan(2 * tokens.get(0).uncachedPromptTokens());
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
