package io.sculptor.anthropic.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ContextLengthExceededException;
import io.sculptor.model.ToolChoice;
import io.sculptor.testing.LocalAnthropicServer;
import io.sculptor.testing.LocalAnthropicServer.Reply;
import io.sculptor.tools.SculptorTools;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link AnthropicSdkChatModel} through the real SDK and its OkHttp client, against a local server. */
class AnthropicSdkChatModelTest {
  private static AnthropicClient client(LocalAnthropicServer server) {
    return AnthropicOkHttpClient.builder().baseUrl(server.baseUrl()).apiKey("sk-ant-sdk-test").maxRetries(0).build();
  }

  @Test
  void chat_sendsTheLibrarysBodyThroughTheSdk_andReadsTheAnswer() {
    ContextState state = ContextState.of(Conversation.of(Message.system("You are terse."),
        Message.user("What failed?")));
    ChatRequest request = ChatRequest.of(state.view().messages(), SculptorTools.specs(), ToolChoice.required());
    try (LocalAnthropicServer server = LocalAnthropicServer.start(body ->
        Reply.toolUses(new ToolCall("toolu_1", "search_context", "{\"query\": \"failed\"}")))) {
      AnthropicSdkChatModel model = AnthropicSdkChatModel.of(client(server), "claude-test", 512);

      var response = model.chat(request);

      assertThat(server.requests()).hasSize(1);
      // the bytes sent are the library's body, field for field, read and written by the SDK's mapper
      assertThat(server.requests().get(0)).isEqualTo(model.body(request));
      // the SDK's own credentials and headers (it chooses the header and the API version itself)
      assertThat(server.requestHeaders().get(0).values()).anySatisfy(v -> assertThat(v).contains("sk-ant-sdk-test"));
      assertThat(server.requestHeaders().get(0)).containsKey("anthropic-version");
      assertThat(response.message().toolCalls()).containsExactly(
          new ToolCall("toolu_1", "search_context", "{\"query\":\"failed\"}"));
      assertThat(response.finishReason()).contains("tool_use");
    }
  }

  @Test
  void contextAgent_runsTheSixToolsThroughTheSdk() {
    AtomicInteger calls = new AtomicInteger();
    try (LocalAnthropicServer server = LocalAnthropicServer.start(body -> calls.getAndIncrement() == 0
        ? Reply.toolUses(new ToolCall("toolu_1", "search_context", "{\"query\": \"exit code\"}"))
        : Reply.answer("Step 4 failed."))) {
      AgentRun run = ContextAgent.builder(AnthropicSdkChatModel.of(client(server), "claude-test")).build()
          .run(ContextState.of(Conversation.of(Message.user("Step 4 ended with exit code 2. Which step failed?"))));

      assertThat(run.answer()).isEqualTo("Step 4 failed.");
      assertThat(run.toolUsage().counts()).containsEntry("search_context", 1);
      assertThat(server.requests().get(1).toString()).contains("tool_result", "toolu_1", "exit code");
    }
  }

  @Test
  void failures_areTyped() {
    try (LocalAnthropicServer server = LocalAnthropicServer.start(body -> body.toString().contains("long")
        ? Reply.error(400, "invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum")
        : Reply.error(401, "authentication_error", "invalid x-api-key"))) {
      AnthropicSdkChatModel model = AnthropicSdkChatModel.of(client(server), "claude-test");

      assertThatThrownBy(() -> model.chat(ChatRequest.of(List.of(Message.user("a long prompt")))))
          .isInstanceOf(ContextLengthExceededException.class).hasMessageContaining("HTTP [400]");
      assertThatThrownBy(() -> model.chat(ChatRequest.of(List.of(Message.user("hi")))))
          .isInstanceOfSatisfying(ChatModelException.class, e -> {
            assertThat(e.kind()).isEqualTo(ChatModelException.Kind.AUTHENTICATION);
            assertThat(e.getMessage()).contains("HTTP [401]", "invalid x-api-key").doesNotContain("sk-ant-sdk-test");
          });
    }
    assertThatThrownBy(() -> AnthropicSdkChatModel.of(AnthropicOkHttpClient.builder().apiKey("k").build(), " "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
