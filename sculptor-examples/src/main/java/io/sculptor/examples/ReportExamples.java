package io.sculptor.examples;

import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.agent.ContextPolicy;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.TokenCounter;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ToolSpec;
import io.sculptor.openai.OpenAiChatModel;
import io.sculptor.openai.TiktokenCounter;
import io.sculptor.report.HtmlReport;
import io.sculptor.report.PromptAccounting;
import io.sculptor.report.RunRecorder;
import io.sculptor.report.RunRecording;
import io.sculptor.testing.LocalOpenAiServer;
import io.sculptor.testing.TestScripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Recording a run and writing its HTML report, and counting prompt tokens, as shown in
 * {@code docs/report.md}; and the
 * demonstration run of {@code sculptor report --demo}: the paper's strategy (fragment, fold, search,
 * restore) played by a local OpenAI-compatible server over HTTP, with a budget policy, counted in
 * o200k tokens.
 */
public final class ReportExamples {
  private ReportExamples() {}

  /** {@return the recording of the demonstration run} */
  public static RunRecording demo() {
    try (LocalOpenAiServer server = LocalOpenAiServer.start(TestScripts::foldSearchRestore)) {
      OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(server.baseUrl()).noApiKey().model("local-stand-in")
          .build();
      return record(model, ContextState.of(Conversation.of(
          Message.system("You are a helpful assistant. You can manage your own context."),
          Message.user(TestScripts.keyUpdateQuestion())), 42, TiktokenCounter.o200k()));
    }
  }

  private static RunRecording record(ChatModel model, ContextState state) {
    ToolSpec weather = ToolSpec.of("weather", "Current weather in a city.",
        "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}}");
    // snippet:record
    RunRecorder recorder = RunRecorder.create();                  // an AgentListener
    ContextAgent agent = ContextAgent.builder(model)
        .tool(weather, arguments -> "4 °C and rain")
        .policy(ContextPolicy.foldStaleToolResults(2))
        .listener(recorder)
        .build();
    AgentRun run = agent.run(state);
    RunRecording recording = recorder.latest().orElseThrow();    // every call of the run that finished last
    // end-snippet
    if (!recording.answer().equals(run.answer())) {
      throw new IllegalStateException("the recording is not of the run");
    }
    return recording;
  }

  /** Writes {@code recording} as JSON and as a report into {@code directory}; returns the report's path. */
  static Path save(RunRecording recording, Path directory) throws IOException {
    // snippet:save
    Path json = directory.resolve("run.json");
    Files.writeString(json, recording.toJson());                        // versioned JSON, one file per run
    RunRecording read = RunRecording.fromJson(Files.readString(json));  // RecordingException if it is not one
    Path report = directory.resolve("report.html");
    HtmlReport.write(read, report);                                     // one self-contained page
    // end-snippet
    return report;
  }

  /** {@return a recorder that writes every finished run to its own file in {@code directory}} */
  static RunRecorder recorderForProduction(Path directory) {
    // snippet:production
    RunRecorder recorder = RunRecorder.create(recording -> {
      try {
        Files.writeString(Files.createTempFile(directory, "run-", ".json"), recording.toJson());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);   // a listener that throws stops the run: log instead if you prefer
      }
    });
    // end-snippet
    return recorder;
  }

  /**
   * {@return the tokens of a call of {@code second} after one of {@code first}, and the totals of the
   * two}, both calls offering {@code tools}
   */
  static List<PromptAccounting.Tokens> accounting(List<Message> first, List<Message> second, List<ToolSpec> tools) {
    // snippet:accounting
    PromptAccounting accounting = PromptAccounting.of(TokenCounter.estimator())
        .record(first, tools)                                        // all uncached
        .record(second, tools);                                      // uncached from its first change on
    PromptAccounting.Tokens call = accounting.lastCall();           // this call alone
    PromptAccounting.Tokens all = accounting.totals();              // calls, final context, prompt, uncached
    // end-snippet
    return List.of(call, all);
  }
}
