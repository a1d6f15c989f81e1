package io.sculptor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.core.ContextState;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ProviderError;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ToolChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ScriptedChatModelTest {
  private static ChatRequest request(String text) {
    return ChatRequest.of(List.of(Message.user(text)), List.of(), ToolChoice.auto());
  }

  @Test
  void chat_answersInScriptOrder_andRecordsEveryRequest() {
    ScriptedChatModel model = ScriptedChatModel.create()
        .thenCall("search_context", "{\"query\": key7}")
        .thenReply(Message.assistant("second"))
        .then(r -> Message.assistant("you said " + r.messages().get(0).content()))
        .thenAnswer("done");

    ChatResponse first = model.chat(request("a"));
    ChatResponse second = model.chat(request("b"));
    ChatResponse third = model.chat(request("c"));
    ChatResponse fourth = model.chat(request("d"));

    assertThat(first.message().toolCalls()).containsExactly(new ToolCall("call_1", "search_context", "{\"query\": key7}"));
    assertThat(first.message().content()).isEmpty();
    assertThat(second.message().content()).isEqualTo("second");
    assertThat(third.message().content()).isEqualTo("you said c");
    assertThat(fourth.message()).isEqualTo(Message.assistant("done"));
    assertThat(model.requests()).extracting(r -> r.messages().get(0).content()).containsExactly("a", "b", "c", "d");
    assertThat(model.lastRequest()).isEqualTo(request("d"));
    assertThat(model.remaining()).isZero();
  }

  @Test
  void thenCall_idCountsTheRequestsFromOne() {
    ScriptedChatModel model = ScriptedChatModel.create().thenAnswer("x").thenCall("fold_fragment", "{}");
    model.chat(request("a"));
    assertThat(model.chat(request("b")).message().toolCalls().get(0).id()).isEqualTo("call_2");
  }

  @Test
  void chat_reportsTheDocumentedUsage() {
    ChatResponse response = ScriptedChatModel.create().thenAnswer("x").chat(request("a"));
    assertThat(response.usage().promptTokens()).isEqualTo(ScriptedChatModel.PROMPT_TOKENS);
    assertThat(response.usage().completionTokens()).isEqualTo(ScriptedChatModel.COMPLETION_TOKENS);
    assertThat(response.finishReason()).isEmpty();
  }

  @Test
  void chat_scriptUsedUp_failsNamingTheRequestAndHowItEnded() {
    ScriptedChatModel model = ScriptedChatModel.create().thenAnswer("only one");
    model.chat(request("a"));

    assertThatThrownBy(() -> model.chat(request("one call too many"))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("request [2] has no scripted answer; the script had [1]")
        .hasMessageContaining("one call too many");
    assertThat(model.requests()).hasSize(2);
  }

  @Test
  void chat_emptyScript_failsAtTheFirstRequest() {
    assertThatThrownBy(() -> ScriptedChatModel.create().chat(request("a")))
        .hasMessageContaining("request [1] has no scripted answer; the script had [0]");
  }

  @Test
  void thenFail_throwsTheFailureAfterRecordingTheRequest() {
    ChatModelException down = new ChatModelException(ChatModelException.Kind.SERVER_ERROR, "HTTP [503]",
        ProviderError.of(503), null);
    ScriptedChatModel model = ScriptedChatModel.create().thenFail(down).thenAnswer("recovered");

    assertThatThrownBy(() -> model.chat(request("a"))).isSameAs(down);
    assertThat(model.chat(request("b")).message().content()).isEqualTo("recovered");
    assertThat(model.requests()).hasSize(2);
  }

  @Test
  void thenReply_notAnAssistantMessage_isRefusedWhenScripted() {
    assertThatThrownBy(() -> ScriptedChatModel.create().thenReply(Message.user("hi")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got [user]");
  }

  @Test
  void then_functionReturnsNoAssistantMessage_failsNamingTheRequest() {
    ScriptedChatModel model = ScriptedChatModel.create().then(r -> Message.tool("c", "x")).then(r -> null);
    assertThatThrownBy(() -> model.chat(request("a"))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("request [1] must be an assistant message, got [tool]");
    assertThatThrownBy(() -> model.chat(request("b"))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("request [2] is null");
  }

  @Test
  void lastRequest_beforeAnyRequest_isAnError() {
    assertThatThrownBy(() -> ScriptedChatModel.create().lastRequest()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void requests_isACopyThatLaterCallsDoNotChange() {
    ScriptedChatModel model = ScriptedChatModel.create().thenAnswer("a").thenAnswer("b");
    model.chat(request("a"));
    List<ChatRequest> seen = model.requests();
    model.chat(request("b"));
    assertThat(seen).hasSize(1);
    assertThatThrownBy(() -> seen.add(request("x"))).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void chat_concurrentCalls_eachTakeOneAnswer() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.create();
    for (int i = 0; i < 200; i++) {
      model.thenAnswer("answer " + i);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        answers.add(pool.submit(() -> model.chat(request("q")).message().content()));
      }
      List<String> contents = new ArrayList<>();
      for (Future<String> answer : answers) {
        contents.add(answer.get());
      }
      assertThat(contents).doesNotHaveDuplicates().hasSize(200);
      assertThat(model.remaining()).isZero();
      assertThat(model.requests()).hasSize(200);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void agentRun_withTheScript_seesEachToolResultBeforeItsNextAnswer() {
    ContextState state = ContextState.of(TestConversations.keyValueTask(3_000, 5));
    String expected = TestConversations.latestValue(
        TestConversations.keyValueStream(3_000, 5), "key7");
    ScriptedChatModel model = ScriptedChatModel.create()
        .thenCall("search_context", "{\"query\": \"key7: \", \"max_results\": 1}")
        .then(r -> Message.assistant(r.messages().get(r.messages().size() - 1).content().contains("**key7: **" + expected)
            ? "key7 is " + expected : "not found"));

    AgentRun run = ContextAgent.builder(model).build().run(state);

    assertThat(model.requests()).hasSize(2);
    Message toolResult = model.requests().get(1).messages().get(3);
    assertThat(toolResult.role()).isEqualTo(Role.TOOL);
    assertThat(toolResult.toolCallId()).contains("call_1");
    assertThat(toolResult.content()).contains("**key7: **" + expected);
    assertThat(run.answer()).isEqualTo("key7 is " + expected);
    assertThat(run.usage().promptTokens()).isEqualTo(2L * ScriptedChatModel.PROMPT_TOKENS);
  }

  @Test
  void agentRun_scriptUsedUp_failsTheRunWithTheStateAndTheCause() {
    ScriptedChatModel model = ScriptedChatModel.create().thenCall("search_context", "{\"query\": \"key7\"}");
    ContextAgent agent = ContextAgent.builder(model).build();
    ContextState state = ContextState.of(TestConversations.keyValueTask(500, 1));

    assertThatThrownBy(() -> agent.run(state)).isInstanceOf(io.sculptor.agent.AgentException.class)
        .satisfies(e -> assertThat(((io.sculptor.agent.AgentException) e).modelFailure().kind())
            .isEqualTo(io.sculptor.model.ChatModelException.Kind.UNEXPECTED))
        .rootCause().isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("request [2] has no scripted answer");
  }
}
