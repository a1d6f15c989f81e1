package io.sculptor.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.agent.AgentEvent;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.FragmentStatus;
import io.sculptor.core.Message;
import io.sculptor.core.StateSnapshot;
import io.sculptor.core.TokenCounter;
import io.sculptor.model.ToolChoice;
import io.sculptor.testing.ScriptedChatModel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RunRecorderTest {
  private final ScriptedRuns.Scripted scripted = ScriptedRuns.foldSearchRestore();
  private final RunRecording recording = scripted.recording();

  @Test
  void record_keepsEveryModelCall_withTheViewExactlyAsSent() {
    assertThat(recording.steps()).hasSize(scripted.run().modelCalls()).hasSize(5);
    for (int i = 0; i < 5; i++) {
      RecordedStep step = recording.steps().get(i);
      assertThat(step.step()).isEqualTo(i + 1);
      assertThat(step.view()).as("step %d", i + 1).isEqualTo(scripted.model().requests().get(i).messages());
      assertThat(step.toolChoice()).isEqualTo(scripted.model().requests().get(i).toolChoice());
      assertThat(step.usage().promptTokens()).isEqualTo(ScriptedChatModel.PROMPT_TOKENS);
    }
    assertThat(recording.steps().get(0).toolChoice()).isEqualTo(ToolChoice.required());
    assertThat(recording.original()).isEqualTo(scripted.run().state().original());
    assertThat(recording.answer()).isEqualTo(scripted.run().answer());
    assertThat(recording.stopReason()).isEqualTo(AgentRun.StopReason.ANSWERED);
    assertThat(recording.toolUsage()).isEqualTo(scripted.run().toolUsage());
    assertThat(recording.usage()).isEqualTo(scripted.run().usage());
    assertThat(recording.tools()).isEqualTo(scripted.run().trajectory().tools());
  }

  @Test
  void record_keepsTheStateEachViewWasRenderedFrom() {
    for (RecordedStep step : recording.steps()) {
      ContextState state = ContextState.fromSnapshot(step.state(), TokenCounter.estimator());
      assertThat(state.view().messages()).as("step %d", step.step()).isEqualTo(step.view());
      assertThat(step.viewTokens()).isEqualTo(state.viewTokens());
      assertThat(step.originalTokens()).isEqualTo(state.originalTokens());
    }
    StateSnapshot afterFolds = recording.steps().get(2).state();
    assertThat(afterFolds.fragments().stream().filter(f -> f.status() == FragmentStatus.folded()).count())
        .isGreaterThanOrEqualTo(2);
    StateSnapshot atAnswer = recording.steps().get(4).state();
    assertThat(atAnswer.searchHits()).isNotEmpty();
    assertThat(recording.steps().get(4).toolCalls()).isEmpty();
    assertThat(recording.steps().get(2).toolCalls()).extracting(t -> t.call().name())
        .containsExactly("search_context", "get_weather");
    assertThat(recording.steps().get(2).toolCalls().get(1).sculptorTool()).isFalse();
    assertThat(recording.steps().get(2).toolCalls().get(1).result()).isEqualTo("4 °C, rain");
  }

  @Test
  void record_keepsThePolicyApplications() {
    List<RecordedStep> withPolicy = recording.steps().stream().filter(s -> s.policy().isPresent()).toList();
    assertThat(withPolicy).isNotEmpty();
    for (RecordedStep step : withPolicy) {
      AgentEvent.PolicyApplied policy = step.policy().orElseThrow();
      assertThat(policy.step()).isEqualTo(step.step());
      assertThat(policy.viewTokensAfter()).isLessThan(policy.viewTokensBefore()).isEqualTo(step.viewTokens());
    }
  }

  @Test
  void record_countsTokensAsPromptAccountingDoes_overTheStatesOfTheRun() {
    PromptAccounting accounting = PromptAccounting.of(TokenCounter.estimator());
    for (RecordedStep step : recording.steps()) {
      ContextState state = ContextState.fromSnapshot(step.state(), TokenCounter.estimator());
      accounting = accounting.record(state, recording.tools());
      assertThat(step.promptTokens()).as("step %d", step.step()).isEqualTo(accounting.lastCall().promptTokens());
      assertThat(step.uncachedPromptTokens()).as("step %d", step.step())
          .isEqualTo(accounting.lastCall().uncachedPromptTokens());
    }
    assertThat(recording.totalPromptTokens()).isEqualTo(accounting.totals().promptTokens());
    assertThat(recording.uncachedPromptTokens()).isEqualTo(accounting.totals().uncachedPromptTokens())
        .isLessThan(recording.totalPromptTokens());
    // fragment_context changes no text of the view: the second call pays only for the two messages it appends.
    RecordedStep first = recording.steps().get(0);
    RecordedStep second = recording.steps().get(1);
    assertThat(second.uncachedPromptTokens()).isEqualTo(second.viewTokens() - first.viewTokens()
        + PromptAccounting.REPLY_PRIMING_TOKENS);
  }

  @Test
  void record_ofRunsOnManyThreadsAtOnce_keepsEachRunApart() throws Exception {
    List<RunRecording> recorded = new CopyOnWriteArrayList<>();
    RunRecorder recorder = RunRecorder.create(recorded::add);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<AgentRun>> runs = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        runs.add(pool.submit(() -> {
          ScriptedChatModel model = ScriptedChatModel.create();
          for (int k = 0; k < n % 3; k++) {
            model.thenCall("search_context", "{\"query\": \"run " + n + "\"}");
          }
          model.thenAnswer("answer " + n);
          return ContextAgent.builder(model).listener(recorder).build()
              .run(ContextState.of(Conversation.of(Message.user("run " + n))));
        }));
      }
      for (Future<AgentRun> run : runs) {
        run.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(recorded).hasSize(8);
    for (RunRecording r : recorded) {
      int n = Integer.parseInt(r.answer().substring("answer ".length()));
      assertThat(r.steps()).hasSize(n % 3 + 1);
      assertThat(r.original().get(0).content()).isEqualTo("run " + n);
    }
    assertThat(recorder.latest()).isPresent();
  }

  @Test
  void record_afterAFailedRunOnTheSameThread_startsAfresh() {
    RunRecorder recorder = RunRecorder.create();
    ScriptedChatModel model = ScriptedChatModel.create()
        .thenCall("search_context", "{\"query\": \"x\"}")
        .thenFail(new IllegalStateException("provider down"))
        .thenAnswer("fine");
    ContextAgent agent = ContextAgent.builder(model).listener(recorder).build();
    ContextState state = ContextState.of(Conversation.of(Message.user("x")));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> agent.run(state))
        .isInstanceOf(io.sculptor.agent.AgentException.class);
    assertThat(recorder.latest()).isEmpty();
    agent.run(state);
    assertThat(recorder.latest().orElseThrow().steps()).hasSize(1);
    assertThat(recorder.latest().orElseThrow().answer()).isEqualTo("fine");
  }
}
