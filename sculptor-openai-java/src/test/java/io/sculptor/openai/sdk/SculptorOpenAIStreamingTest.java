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
import com.openai.helpers.ResponseAccumulator;
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
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import com.sun.net.httpserver.HttpServer;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.openai.sdk.internal.SdkJson;
import io.sculptor.testing.LocalOpenAiServer;
import io.sculptor.testing.LocalOpenAiServer.Reply;
import io.sculptor.tools.ContextSession;
import io.sculptor.tools.SculptorToolkit;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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

  /** The Responses model: fragments, says something and folds, calls lookup, then answers. */
  private static Function<JsonNode, Reply> responsesScript() {
    AtomicInteger calls = new AtomicInteger();
    return request -> Reply.of(200, switch (calls.getAndIncrement()) {
      case 0 -> FakeModel.response(null, "call_1", "fragment_context",
          "{\"start_marker\":\"UPDATES\",\"end_marker\":\"END\",\"num_fragments\":1}");
      case 1 -> FakeModel.response("Folding the old updates.", "call_2", "fold_fragment",
          "{\"fragment_id\":\"" + FakeModel.fragmentId(FakeModel.lastText(request.get("input"), "output")) + "\"}",
          "call_3", "lookup", "{\"key\":\"key7\"}");
      default -> FakeModel.response("key7 is value39.");
    });
  }

  private static ResponseCreateParams responsesQuestion(List<ResponseInputItem> input) {
    return ResponseCreateParams.builder().model("gpt-4o-mini").instructions("You track key-value updates.")
        .inputOfResponse(input)
        .addTool(FunctionTool.builder().name("lookup").description("Looks a key up.").strict(false)
            .parameters(FunctionTool.Parameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of("key", Map.of("type", "string"))))
                .build())
            .build())
        .build();
  }

  /** The application's side on the Responses API: ask, answer its own call, ask again. */
  private static List<Response> converseResponses(OpenAIClient client, boolean streaming, List<String> shown,
      List<ResponseStreamEvent> seen) {
    List<ResponseInputItem> input = new ArrayList<>();
    input.add(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
        .role(EasyInputMessage.Role.USER).content(QUESTION).build()));
    List<Response> responses = new ArrayList<>();
    for (int turn = 0; turn < 2; turn++) {
      ResponseCreateParams params = responsesQuestion(input);
      Response response;
      if (streaming) {
        // snippet:wrap-responses-stream
        ResponseAccumulator accumulator = ResponseAccumulator.create();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params)) {
          stream.stream().forEach(event -> {
            accumulator.accumulate(event);           // the SDK's own helper, as without Sculptor
            event.outputTextDelta().ifPresent(text -> shown.add(text.delta()));   // to the user
            seen.add(event);
          });
        }
        response = accumulator.response();          // the application's calls only
        // end-snippet
      } else {
        response = client.responses().create(params);
      }
      responses.add(response);
      for (ResponseOutputItem item : response.output()) {
        if (item.isFunctionCall()) {
          ResponseFunctionToolCall call = item.asFunctionCall();
          input.add(ResponseInputItem.ofFunctionCall(call));
          input.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
              .callId(call.callId()).output("value39").build()));
        }
      }
    }
    return responses;
  }

  @Test
  void responsesCreateStreaming_showsOneResponse_withTheApplicationsCallsOnly() {
    ContextState wholeState;
    List<JsonNode> wholeRequests;
    List<Response> whole;
    try (LocalOpenAiServer server = LocalOpenAiServer.start(responsesScript())) {
      OpenAIClient client = SculptorOpenAI.wrap(sdk(server));
      whole = converseResponses(client, false, new ArrayList<>(), new ArrayList<>());
      wholeRequests = server.requests();
      wholeState = SculptorOpenAI.session(client).state();
    }
    List<String> shown = new ArrayList<>();
    List<ResponseStreamEvent> seen = new ArrayList<>();
    try (LocalOpenAiServer server = LocalOpenAiServer.start(responsesScript())) {
      OpenAIClient client = SculptorOpenAI.wrap(sdk(server));
      List<Response> streamed = converseResponses(client, true, shown, seen);

      assertThat(server.requests()).hasSize(3).allSatisfy(r -> assertThat(r.get("stream").asBoolean()).isTrue());
      assertThat(withoutStreamFields(server.requests())).isEqualTo(withoutStreamFields(wholeRequests));
      assertThat(SculptorOpenAI.session(client).state()).isEqualTo(wholeState);
      Response first = streamed.get(0);
      // one response: the first call's reasoning, then the second call's reasoning, text and the application's call
      assertThat(first.output()).extracting(i -> i.isFunctionCall() ? "call " + i.asFunctionCall().name()
          : i.isMessage() ? "message" : i.isReasoning() ? "reasoning" : "other")
          .containsExactly("reasoning", "reasoning", "message", "call lookup");
      assertThat(whole.get(0).output()).filteredOn(ResponseOutputItem::isFunctionCall)
          .extracting(i -> i.asFunctionCall().callId()).containsExactly("call_3");
      assertThat(String.join("", shown)).isEqualTo("Folding the old updates.key7 is value39.");
      assertThat(streamed.get(1).output()).filteredOn(ResponseOutputItem::isMessage).singleElement()
          .satisfies(i -> assertThat(i.asMessage().content().get(0).asOutputText().text()).isEqualTo("key7 is value39."));
    }
    // Nothing of Sculptor's calls reached the application, and each turn is one numbered response.
    assertThat(seen).allSatisfy(e -> assertThat(SdkJson.toTree(e).toString()).doesNotContain("fc_call_1", "fc_call_2",
        "\"name\":\"fragment_context\"", "\"name\":\"fold_fragment\""));
    for (int i = 0, expected = 0; i < seen.size(); i++, expected++) {
      expected = seen.get(i).isCreated() ? 0 : expected;     // each turn's stream counts from 0
      assertThat(SdkJson.toTree(seen.get(i)).path("sequence_number").asInt(-1)).as("event %d", i).isEqualTo(expected);
    }
    assertThat(seen.stream().filter(ResponseStreamEvent::isCreated).count()).isEqualTo(2);
    assertThat(seen.stream().filter(ResponseStreamEvent::isCompleted).count()).isEqualTo(2);
  }

  @Test
  void responsesStream_withAnErrorAfterAFinishedSculptorCall_keepsThatCall_andEndsTheTurn() {
    AtomicInteger calls = new AtomicInteger();
    String failing = "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,"
        + "\"response\":" + FakeModel.response(null).replace("\"completed\"", "\"in_progress\"") + "}\n\n"
        + "event: error\ndata: {\"type\":\"error\",\"sequence_number\":1,\"code\":\"server_error\","
        + "\"message\":\"the model is overloaded\",\"param\":null}\n\n";
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> switch (calls.getAndIncrement()) {
      case 0 -> Reply.of(200, FakeModel.response(null, "call_1", "search_context", "{\"query\":\"x\"}"));
      case 1 -> Reply.sse(failing);
      default -> Reply.of(200, FakeModel.response("Found."));
    })) {
      ContextSession session = ContextSession.of(ContextState.of(Conversation.of()), SculptorToolkit.create());
      OpenAIClient client = SculptorOpenAI.wrap(sdk(server), session);
      ResponseCreateParams params = ResponseCreateParams.builder().model("gpt-4o-mini").input("find x").build();

      List<ResponseStreamEvent> events = new ArrayList<>();
      try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params)) {
        stream.stream().forEach(events::add);
      }

      // as without Sculptor, the SDK hands the error on as the stream's last event
      assertThat(events).last().satisfies(e -> assertThat(e.asError().message()).isEqualTo("the model is overloaded"));

      // the user's message, the search call's reasoning and call, its result; the conversation is free again
      assertThat(session.state().original().messages()).extracting(m -> m.role().wireName())
          .containsExactly("user", "assistant", "assistant", "tool");
      assertThat(client.responses().create(params).output()).anySatisfy(i -> assertThat(i.isMessage()).isTrue());
    }
  }

  private static String chunk(String choices) {
    return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
        + choices + "}\n\n";
  }

  private static final String DONE = "data: [DONE]\n\n";
  private static final String HELLO = chunk("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"}}]")
      + chunk("[{\"index\":0,\"delta\":{\"content\":\"lo\"}}]")
      + chunk("[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]") + DONE;
  private static final String SEARCH_CALL = "{\"index\":0,\"id\":\"call_s\",\"type\":\"function\",\"function\":"
      + "{\"name\":\"search_context\",\"arguments\":\"{\\\"query\\\":\\\"x\\\"}\"}}";
  private static final String LOOKUP_CALL = "{\"index\":1,\"id\":\"call_a\",\"type\":\"function\",\"function\":"
      + "{\"name\":\"lookup\",\"arguments\":\"{}\"}}";

  private static ChatCompletionCreateParams hi() {
    return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("hi").build();
  }

  private static List<String> applicationCalls(ChatCompletion completion) {
    return completion.choices().get(0).message().toolCalls().orElse(List.of()).stream()
        .map(c -> c.asFunction().id()).toList();
  }

  @Test
  void toolCallsInOneChunkWithTheFinishReason_orWithoutIndexes_handBackTheApplicationsCallAsTheFirst() {
    String together = chunk("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":[" + SEARCH_CALL + ","
        + LOOKUP_CALL + "]},\"finish_reason\":\"tool_calls\"}]") + DONE;
    // Some providers send each call whole and leave the index out: a call is then its position.
    String withoutIndexes = chunk("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":["
        + SEARCH_CALL.replace("\"index\":0,", "") + "," + LOOKUP_CALL.replace("\"index\":1,", "") + "]}}]")
        + chunk("[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]") + DONE;
    for (String events : List.of(together, withoutIndexes)) {
      try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> Reply.sse(events))) {
        ContextSession session = ContextSession.of(ContextState.of(Conversation.of()), SculptorToolkit.create());

        ChatCompletion completion = stream(SculptorOpenAI.wrap(sdk(server), session), hi()).completion();

        assertThat(applicationCalls(completion)).containsExactly("call_a");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        // the search ran; the state waits for the application's result
        assertThat(session.state().original().messages()).extracting(m -> m.role().wireName())
            .containsExactly("user", "assistant", "tool");
      }
    }
  }

  @Test
  void aFinishedSculptorCall_thenAFailingCall_keepsWhatTheFinishedCallDid() {
    AtomicInteger calls = new AtomicInteger();
    String sculptorOnly = chunk("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":[" + SEARCH_CALL
        + "]}}]") + chunk("[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]") + DONE;
    String failing = chunk("[{\"index\":0,\"delta\":{\"content\":\"par\"}}]")
        + "data: {\"error\":{\"message\":\"the model is overloaded\",\"type\":\"server_error\"}}\n\n";
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> Reply.sse(calls.getAndIncrement() == 0
        ? sculptorOnly : failing))) {
      ContextSession session = ContextSession.of(ContextState.of(Conversation.of()), SculptorToolkit.create());
      OpenAIClient client = SculptorOpenAI.wrap(sdk(server), session);

      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(hi())) {
        assertThatThrownBy(() -> stream.stream().forEach(c -> { })).hasMessageContaining("overloaded");
      }

      assertThat(server.requests()).hasSize(2);
      assertThat(session.state().original().messages()).extracting(m -> m.role().wireName())
          .containsExactly("user", "assistant", "tool");
    }
  }

  @Test
  void streamsReadOnAnotherThread_closedUnread_orReadTwice_eachEndTheirTurn() throws Exception {
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> Reply.sse(HELLO))) {
      OpenAIClient client = SculptorOpenAI.wrap(sdk(server));

      StreamResponse<ChatCompletionChunk> onAnotherThread = client.chat().completions().createStreaming(hi());
      assertThat(CompletableFuture.supplyAsync(() -> onAnotherThread.stream().count()).get(30, TimeUnit.SECONDS))
          .isEqualTo(3);
      client.chat().completions().createStreaming(hi()).close();
      StreamResponse<ChatCompletionChunk> twice = client.chat().completions().createStreaming(hi());
      twice.stream();
      assertThatThrownBy(twice::stream).isInstanceOf(IllegalStateException.class).hasMessageContaining("once");
      twice.close();
      try (StreamResponse<ChatCompletionChunk> last = client.chat().completions().createStreaming(hi())) {
        assertThat(last.stream().count()).isEqualTo(3);
      }
      // a stream closed before it is read asks the model nothing
      assertThat(server.requests()).hasSize(2);
    }
  }

  @Test
  void aStreamDroppedWithoutClosing_freesTheConversationOnceCollected() throws Exception {
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> Reply.of(200, FakeModel.completion("Hello")))) {
      OpenAIClient client = SculptorOpenAI.wrap(sdk(server));
      ExecutorService opener = Executors.newSingleThreadExecutor();
      ExecutorService other = Executors.newSingleThreadExecutor();
      CompletableFuture.runAsync(() -> client.chat().completions().createStreaming(hi()).stream().iterator().next(),
          opener).get(30, TimeUnit.SECONDS);

      // another thread's turn waits for the dropped one until the collector finds it
      CompletableFuture<ChatCompletion> next = CompletableFuture.supplyAsync(() -> client.chat().completions()
          .create(hi()), other);
      for (int i = 0; i < 300 && !next.isDone(); i++) {
        System.gc();
        Thread.sleep(100);
      }
      assertThat(next.get(1, TimeUnit.SECONDS).choices().get(0).message().content()).hasValue("Hello");
      opener.shutdown();
      other.shutdown();
    }
  }

  @Test
  void chunksWithoutChoicesBeforeTheAnswer_passOnAtOnce() throws Exception {
    // Azure OpenAI sends its prompt filter results first, in a chunk without choices.
    String filter = "data: {\"id\":\"\",\"object\":\"\",\"created\":0,\"model\":\"\",\"choices\":[],"
        + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}\n\n";
    String first = chunk("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"}}]");
    CountDownLatch textShown = new CountDownLatch(1);
    try (StallingServer server = new StallingServer(filter + first, HELLO.substring(first.length()), textShown)) {
      OpenAIClient client = SculptorOpenAI.wrap(OpenAIOkHttpClient.builder().apiKey("sk-test")
          .baseUrl(server.baseUrl()).maxRetries(0).build());
      StringBuilder shown = new StringBuilder();
      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(hi())) {
        // The server sends the rest only once the first text was shown (or fails the stream after a
        // while), so a wrapped stream that held the text back until the end could not pass.
        stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text -> {
          shown.append(text);
          textShown.countDown();
        })));
      }
      assertThat(shown).hasToString("Hello");
    }
  }

  /** Sends the first part of a stream, then the rest once {@code go} opens, or an error after 20 s. */
  private static final class StallingServer implements AutoCloseable {
    private final HttpServer server;

    StallingServer(String first, String rest, CountDownLatch go) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "stalling-server");
        thread.setDaemon(true);
        return thread;
      }));
      server.createContext("/", exchange -> {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(first.getBytes(StandardCharsets.UTF_8));
          out.flush();
          boolean opened = go.await(20, TimeUnit.SECONDS);
          out.write((opened ? rest : "data: {\"error\":{\"message\":\"nothing was shown\",\"type\":\"server_error\"}}"
              + "\n\n").getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      server.start();
    }

    String baseUrl() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
