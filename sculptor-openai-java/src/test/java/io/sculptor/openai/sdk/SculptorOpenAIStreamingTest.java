package io.sculptor.openai.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.responses.ResponseCreateParams;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.tools.ContextSession;
import io.sculptor.tools.SculptorToolkit;
import io.sculptor.testing.LocalOpenAiServer;
import io.sculptor.testing.LocalOpenAiServer.Reply;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * An application's own {@code createStreaming} calls through {@link SculptorOpenAI#wrap}: the real
 * SDK reads real server-sent events from a local server, and the SDK's own
 * {@link ChatCompletionAccumulator} assembles what the application is handed.
 */
class SculptorOpenAIStreamingTest {
  private static final String UPDATES = IntStream.range(0, 40).mapToObj(i -> "key" + (i % 8) + ": value" + i)
      .collect(Collectors.joining("\n"));
  private static final String QUESTION = "UPDATES\n" + UPDATES + "\nEND\nWhat is the current value of key7?";

  /** The model: fragments, says something and folds, calls the application's lookup tool, then answers. */
  private static Function<JsonNode, Reply> script() {
    AtomicInteger calls = new AtomicInteger();
    return request -> Reply.of(200, switch (calls.getAndIncrement()) {
      case 0 -> FakeModel.completion(null, "call_1", "fragment_context",
          "{\"start_marker\":\"UPDATES\",\"end_marker\":\"END\",\"num_fragments\":1}");
      case 1 -> FakeModel.completion("Folding the old updates.", "call_2", "fold_fragment",
          "{\"fragment_id\":\"" + FakeModel.fragmentId(FakeModel.lastText(request.get("messages"), "content")) + "\"}",
          "call_3", "lookup", "{\"key\":\"key7\"}");
      default -> FakeModel.completion("key7 is value39.");
    });
  }

  private static OpenAIClient sdk(LocalOpenAiServer server) {
    return OpenAIOkHttpClient.builder().apiKey("sk-test").baseUrl(server.baseUrl()).maxRetries(0).build();
  }

  private static ChatCompletionCreateParams question() {
    return ChatCompletionCreateParams.builder()
        .model("gpt-4o-mini")
        .addSystemMessage("You track key-value updates.")
        .addUserMessage(QUESTION)
        .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
            .name("lookup").description("Looks a key up in the database.")
            .parameters(FunctionParameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of("key", Map.of("type", "string"))))
                .build())
            .build()).build())
        .build();
  }

  /** What the application gets: the text it showed as it came and the completion the SDK assembled. */
  private record Streamed(String shown, ChatCompletion completion) {}

  private static Streamed stream(OpenAIClient client, ChatCompletionCreateParams question) {
    StringBuilder shown = new StringBuilder();
    // snippet:wrap-chat-stream
    ChatCompletionCreateParams params = question.toBuilder()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunk -> {
        accumulator.accumulate(chunk);              // the SDK's own helper, as without Sculptor
        chunk.choices().forEach(c -> c.delta().content().ifPresent(shown::append));   // to the user
      });
    }
    ChatCompletion completion = accumulator.chatCompletion();    // the application's calls only
    // end-snippet
    assertThat(completion.choices().get(0).message().content().orElse("")).isEqualTo(shown.toString());
    return new Streamed(shown.toString(), completion);
  }

  /** The application's side of the exchange: ask, answer its own tool call, ask again. */
  private static List<ChatCompletion> converse(OpenAIClient client, boolean streaming) {
    ChatCompletionCreateParams params = question();
    ChatCompletion first = streaming ? stream(client, params).completion() : client.chat().completions().create(params);
    ChatCompletionMessage message = first.choices().get(0).message();
    ChatCompletionCreateParams.Builder next = params.toBuilder().addMessage(message);
    for (ChatCompletionMessageToolCall call : message.toolCalls().orElse(List.of())) {
      next.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.asFunction().id())
          .content("value39").build());
    }
    ChatCompletion second = streaming ? stream(client, next.build()).completion()
        : client.chat().completions().create(next.build());
    return List.of(first, second);
  }

  private static List<JsonNode> withoutStreamFields(List<JsonNode> requests) {
    List<JsonNode> bodies = new ArrayList<>();
    for (JsonNode request : requests) {
      ObjectNode body = request.deepCopy();
      body.remove(List.of("stream", "stream_options"));
      bodies.add(body);
    }
    return bodies;
  }

  @Test
  void createStreaming_runsSculptorCallsLocally_andStreamsTheApplicationItsOwnCallsAndAnswer() {
    List<ChatCompletion> whole;
    List<JsonNode> wholeRequests;
    ContextState wholeState;
    try (LocalOpenAiServer server = LocalOpenAiServer.start(script())) {
      OpenAIClient client = SculptorOpenAI.wrap(sdk(server));
      whole = converse(client, false);
      wholeRequests = server.requests();
      wholeState = SculptorOpenAI.session(client).state();
    }
    List<ChatCompletion> streamed;
    List<JsonNode> streamedRequests;
    ContextState streamedState;
    try (LocalOpenAiServer server = LocalOpenAiServer.start(script())) {
      OpenAIClient client = SculptorOpenAI.wrap(sdk(server));
      streamed = converse(client, true);
      streamedRequests = server.requests();
      streamedState = SculptorOpenAI.session(client).state();
    }

    // Each model call was a streamed one, and the calls are the ones a whole turn makes.
    assertThat(streamedRequests).hasSize(3).allSatisfy(r -> assertThat(r.get("stream").asBoolean()).isTrue());
    assertThat(withoutStreamFields(streamedRequests)).isEqualTo(withoutStreamFields(wholeRequests));
    assertThat(streamedState).isEqualTo(wholeState);
    assertThat(streamedState.fragments()).hasSize(1);
    // The application sees its own call only, renumbered as the first, with the text the model wrote.
    ChatCompletionMessage first = streamed.get(0).choices().get(0).message();
    assertThat(first.toolCalls()).hasValueSatisfying(calls -> assertThat(calls).singleElement().satisfies(c -> {
      assertThat(c.asFunction().function().name()).isEqualTo("lookup");
      assertThat(c.asFunction().function().arguments()).isEqualTo("{\"key\":\"key7\"}");
      assertThat(c.asFunction().id()).isEqualTo("call_3");
    }));
    assertThat(first.content()).hasValue("Folding the old updates.");
    assertThat(streamed.get(0).choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    assertThat(whole.get(0).choices().get(0).message().toolCalls()).isEqualTo(first.toolCalls());
    assertThat(streamed.get(1).choices().get(0).message().content()).hasValue("key7 is value39.");
    assertThat(streamed.get(1).usage()).hasValueSatisfying(u -> assertThat(u.promptTokens()).isEqualTo(100));
  }

  @Test
  void createStreaming_whenSculptorAnswersEveryCall_endsAsAnAnswerAfterTheLimit() {
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> Reply.of(200,
        request.path("tool_choice").asText().equals("none") ? FakeModel.completion("done")
            : FakeModel.completion(null, "call_" + request.get("messages").size(), "search_context",
                "{\"query\":\"x\"}")))) {
      ContextSession session = ContextSession.of(ContextState.of(Conversation.of()), SculptorToolkit.create());
      OpenAIClient client = SculptorOpenAI.wrap(sdk(server), session, 2);

      Streamed streamed = stream(client, ChatCompletionCreateParams.builder().model("gpt-4o-mini")
          .addUserMessage("find x").build());

      assertThat(server.requests()).hasSize(3);
      assertThat(streamed.completion().choices().get(0).message().content()).hasValue("done");
      // Sculptor's own calls never reach the application, not even as deltas the SDK would assemble.
      assertThat(streamed.completion().choices().get(0).message().toolCalls().orElse(List.of())).isEmpty();
      assertThat(streamed.completion().choices().get(0).finishReason())
          .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
      assertThat(streamed.shown()).isEqualTo("done");
      assertThat(session.state().original().messages()).hasSize(6);
    }
  }

  @Test
  void streamClosedEarly_orFailingMidway_endsTheTurn_andKeepsTheStateOfTheCallsThatFinished() {
    AtomicInteger calls = new AtomicInteger();
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> switch (calls.getAndIncrement()) {
      case 0 -> Reply.of(200, FakeModel.completion("A long answer that the user stops reading."));
      case 1 -> Reply.sse("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
          + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"par\"}}]}\n\n"
          + "data: {\"error\":{\"message\":\"the model is overloaded\",\"type\":\"server_error\"}}\n\n");
      default -> Reply.of(200, FakeModel.completion("answer " + calls.get()));
    })) {
      ContextSession session = ContextSession.of(ContextState.of(Conversation.of()), SculptorToolkit.create());
      OpenAIClient client = SculptorOpenAI.wrap(sdk(server), session);
      ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
          .addUserMessage("one").build();

      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
        Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
        assertThat(chunks.hasNext()).isTrue();
        chunks.next();
        // the next call on this thread would wait for this turn forever: refused instead
        assertThatThrownBy(() -> client.chat().completions().create(params))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("close it");
      }
      // closed before its end: the answer is not in the state, and the conversation is free again
      assertThat(session.state().original().messages()).hasSize(1);
      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
        assertThatThrownBy(() -> stream.stream().forEach(c -> { })).hasMessageContaining("overloaded");
      }
      assertThat(session.state().original().messages()).hasSize(1);
      ChatCompletion answer = client.chat().completions().create(params);
      assertThat(answer.choices().get(0).message().content()).hasValue("answer 3");
      assertThat(session.state().original().messages()).hasSize(2);
    }
  }

  @Test
  void responsesStreaming_isStillRefused_withTheWayOut() {
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> Reply.of(200, FakeModel.completion("x")))) {
      OpenAIClient client = SculptorOpenAI.wrap(sdk(server));

      assertThatThrownBy(() -> client.responses().createStreaming(ResponseCreateParams.builder()
          .model("gpt-4o-mini").input("hi").build()))
          .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("stream chat completions");
      assertThat(server.requests()).isEmpty();
    }
  }
}
