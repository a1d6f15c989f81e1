package io.sculptor.openai.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ChatStreamListener;
import io.sculptor.model.ContextLengthExceededException;
import io.sculptor.model.ToolChoice;
import io.sculptor.openai.OpenAiChatModel;
import io.sculptor.testing.LocalOpenAiServer;
import io.sculptor.testing.LocalOpenAiServer.Reply;
import io.sculptor.testing.StreamRecorder;
import io.sculptor.tools.SculptorTools;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link OpenAiSdkChatModel} streaming through the real openai-java SDK from a local server that streams as OpenAI does. */
class OpenAiSdkStreamingTest {
  /** A Kimi-style answer: reasoning_content and text beside two tool calls, in a multi-byte language. */
  private static final String COMPLETION = "{\"id\": \"chatcmpl-9\", \"object\": \"chat.completion\", \"created\": 1741569952,"
      + " \"model\": \"kimi-k2-0905-preview\", \"system_fingerprint\": \"fp_k2\", \"choices\": [{\"index\": 0,"
      + " \"message\": {\"role\": \"assistant\", \"content\": \"Je plie les vieilles mises à jour — puis je cherche.\","
      + " \"reasoning_content\": \"Les mises à jour sont longues ; key7 est à la fin.\", \"tool_calls\": ["
      + "{\"id\": \"call_1\", \"type\": \"function\", \"function\": {\"name\": \"search_context\","
      + " \"arguments\": \"{\\\"query\\\": \\\"key7: \\\", \\\"max_results\\\": 2}\"}},"
      + "{\"id\": \"call_2\", \"type\": \"function\", \"function\": {\"name\": \"get_weather\","
      + " \"arguments\": \"{\\\"city\\\": \\\"Zürich\\\"}\"}}]}, \"logprobs\": null, \"finish_reason\": \"tool_calls\"}],"
      + " \"usage\": {\"prompt_tokens\": 812, \"completion_tokens\": 61, \"total_tokens\": 873,"
      + " \"prompt_tokens_details\": {\"cached_tokens\": 512}, \"completion_tokens_details\": {\"reasoning_tokens\": 14}}}";

  /** The first chunk of a stream: the start of the text, no finish reason yet. */
  private static final String FIRST_CHUNK = "data: {\"id\": \"chatcmpl-1\", \"object\": \"chat.completion.chunk\", \"created\": 1,"
      + " \"model\": \"gpt-4.1\", \"choices\": [{\"index\": 0, \"delta\": {\"role\": \"assistant\", \"content\": \"Par\"},"
      + " \"finish_reason\": null}]}\n\n";

  private static final ChatRequest REQUEST = ChatRequest.of(List.of(Message.user("What is key7, and the weather?")),
      SculptorTools.specs(), ToolChoice.auto());

  private static OpenAIClient sdk(LocalOpenAiServer server) {
    return OpenAIOkHttpClient.builder().apiKey("sk-test").baseUrl(server.baseUrl()).maxRetries(0).build();
  }

  @Test
  void chat_streamed_forwardsThePiecesAsTheyArrive_andEqualsTheWholeAnswer() {
    int[] cuts = IntStream.iterate(5, i -> i < 20_000, i -> i + 11).toArray();
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request ->
        Reply.of(200, COMPLETION).withHeader("x-request-id", "req_sdk").cutAt(cuts))) {
      OpenAiSdkChatModel model = OpenAiSdkChatModel.of(sdk(server), "kimi-k2-0905-preview");
      StreamRecorder pieces = StreamRecorder.create();

      ChatResponse streamed = model.chat(REQUEST, pieces);
      ChatResponse whole = model.chat(REQUEST);
      ChatResponse overHttp = OpenAiChatModel.builder().baseUrl(server.baseUrl()).noApiKey()
          .model("kimi-k2-0905-preview").build().chat(REQUEST, ChatStreamListener.NONE);

      assertThat(streamed).isEqualTo(whole).isEqualTo(overHttp);
      assertThat(streamed.requestId()).contains("req_sdk");
      assertThat(((JsonNode) streamed.message().extensions().get("reasoning_content")).asText())
          .isEqualTo("Les mises à jour sont longues ; key7 est à la fin.");
      assertThat(streamed.message().toolCalls()).hasSize(2);
      assertThat(streamed.usage().cachedPromptTokens()).isEqualTo(512);
      assertThat(streamed.usage().reasoningTokens()).isEqualTo(14);
      assertThat(streamed.finishReasons()).containsExactly("tool_calls");
      assertThat(pieces.text()).isEqualTo("Je plie les vieilles mises à jour — puis je cherche.");
      assertThat(pieces.reasoning()).isEqualTo("Les mises à jour sont longues ; key7 est à la fin.");
      assertThat(pieces.pieces()).filteredOn(p -> p.startsWith("text:")).hasSizeGreaterThan(5);
      assertThat(pieces.toolCalls()).containsExactly("call_1 search_context", "call_2 get_weather");
      assertThat(pieces.threads()).containsOnly(Thread.currentThread());
      List<JsonNode> sent = server.requests();
      assertThat(sent.get(0)).as("the body OpenAiChatModel streams with").isEqualTo(sent.get(2));
      assertThat(sent.get(0).at("/stream_options/include_usage").asBoolean()).isTrue();
      assertThat(sent.get(1).has("stream")).isFalse();
    }
  }

  @Test
  void agentRun_overTheSdk_streamsEveryAnswerAndRunsTheCalls() {
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> {
      JsonNode messages = request.get("messages");
      return messages.get(messages.size() - 1).get("role").asText().equals("user")
          ? Reply.toolCalls(new ToolCall("call_1", "search_context", "{\"query\": \"key7\"}"))
          : Reply.answer("key7 is value4 — it was found by the search.");
    })) {
      ContextAgent agent = ContextAgent.builder(OpenAiSdkChatModel.of(sdk(server), "gpt-4.1")).build();
      StreamRecorder pieces = StreamRecorder.create();
      ContextState state = ContextState.of(Conversation.of(Message.user("updates: key7: value4. What is key7?")));

      AgentRun run = agent.run(state, pieces);

      assertThat(run.answer()).isEqualTo("key7 is value4 — it was found by the search.");
      assertThat(run.toolUsage().count("search_context")).isEqualTo(1);
      assertThat(pieces.pieces().get(0)).isEqualTo("call:call_1 search_context");
      assertThat(pieces.text()).isEqualTo(run.answer());
      assertThat(server.requests()).allSatisfy(r -> assertThat(r.get("stream").asBoolean()).isTrue());
    }
  }

  @Test
  void chat_errorInTheStream_isTheProvidersTypedFailure() {
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> Reply.sse(FIRST_CHUNK
        + (request.get("messages").get(0).get("content").asText().equals("long")
            ? "data: {\"error\": {\"message\": \"This model's maximum context length is 128000 tokens.\","
                + " \"type\": \"invalid_request_error\", \"code\": \"context_length_exceeded\"}}\n\n"
            : "data: {\"error\": {\"message\": \"The server had an error.\", \"type\": \"server_error\","
                + " \"code\": null}}\n\n")).withHeader("x-request-id", "req_broken"))) {
      OpenAiSdkChatModel model = OpenAiSdkChatModel.of(sdk(server), "gpt-4.1");
      StreamRecorder pieces = StreamRecorder.create();

      ChatModelException failure = catchThrowableOfType(ChatModelException.class,
          () -> model.chat(ChatRequest.of(List.of(Message.user("short"))), pieces));
      ContextLengthExceededException tooLong = catchThrowableOfType(ContextLengthExceededException.class,
          () -> model.chat(ChatRequest.of(List.of(Message.user("long"))), ChatStreamListener.NONE));

      assertThat(pieces.pieces()).containsExactly("text:Par");
      assertThat(failure.kind()).isEqualTo(ChatModelException.Kind.SERVER_ERROR);
      assertThat(failure.errorType()).contains("server_error");
      assertThat(failure.requestId()).contains("req_broken");
      assertThat(failure.getMessage()).contains("stream failed").contains("The server had an error.");
      assertThat(tooLong.errorCode()).contains("context_length_exceeded");
    }
  }

  @Test
  void chat_streamCutBeforeTheFinishReason_isAnInvalidResponse() {
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> Reply.sse(FIRST_CHUNK))) {
      ChatModelException failure = catchThrowableOfType(ChatModelException.class,
          () -> OpenAiSdkChatModel.of(sdk(server), "gpt-4.1").chat(REQUEST, ChatStreamListener.NONE));

      assertThat(failure.kind()).isEqualTo(ChatModelException.Kind.INVALID_RESPONSE);
      assertThat(failure.getMessage()).contains("before choice [0] had a finish_reason");
    }
  }

  @Test
  void chat_requestRefusedBeforeTheStream_isTyped() {
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request ->
        Reply.error(429, "rate_limit_exceeded", "Rate limit reached").withHeader("x-request-id", "req_429"))) {
      ChatModelException failure = catchThrowableOfType(ChatModelException.class,
          () -> OpenAiSdkChatModel.of(sdk(server), "gpt-4.1").chat(REQUEST, ChatStreamListener.NONE));

      assertThat(failure.kind()).isEqualTo(ChatModelException.Kind.RATE_LIMITED);
      assertThat(failure.status()).hasValue(429);
      assertThat(failure.requestId()).contains("req_429");
    }
  }
}
