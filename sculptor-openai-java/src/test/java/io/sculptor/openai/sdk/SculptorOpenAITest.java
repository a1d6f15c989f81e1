package io.sculptor.openai.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Role;
import io.sculptor.tools.BranchTools;
import io.sculptor.tools.ContextSession;
import io.sculptor.tools.SculptorToolkit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * An application's own openai-java calls through {@link SculptorOpenAI#wrap}: the real SDK over
 * HTTP to a local server that plays the model and keeps every request's raw bytes.
 */
class SculptorOpenAITest {
  private static final String UPDATES = IntStream.range(0, 40).mapToObj(i -> "key" + (i % 8) + ": value" + i)
      .collect(Collectors.joining("\n"));
  private static final String QUESTION = "UPDATES\n" + UPDATES + "\nEND\nWhat is the current value of key7?";

  /** The model: fragments, folds, then calls the application's lookup tool, then answers. */
  private static RecordingServer chatModel() {
    AtomicInteger calls = new AtomicInteger();
    return new RecordingServer((path, request) -> switch (calls.getAndIncrement()) {
      case 0 -> FakeModel.completion(null, "call_1", "fragment_context",
          "{\"start_marker\":\"UPDATES\",\"end_marker\":\"END\",\"num_fragments\":1}");
      case 1 -> FakeModel.completion("Folding the old updates.", "call_2", "fold_fragment",
          "{\"fragment_id\":\"" + FakeModel.fragmentId(FakeModel.lastText(request.get("messages"), "content")) + "\"}");
      case 2 -> FakeModel.completion(null, "call_3", "lookup", "{\"key\":\"key7\"}");
      default -> FakeModel.completion("key7 is value39.");
    });
  }

  private static OpenAIClient sdk(RecordingServer server) {
    return OpenAIOkHttpClient.builder().apiKey("sk-test").baseUrl(server.baseUrl()).maxRetries(0).build();
  }

  private static ChatCompletionFunctionTool lookupTool() {
    return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
        .name("lookup").description("Looks a key up in the database.")
        .parameters(FunctionParameters.builder()
            .putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(Map.of("key", Map.of("type", "string"))))
            .build())
        .build()).build();
  }

  /** Every tool call in {@code messages} is answered by a tool message before the next other message. */
  private static void assertPairsValid(JsonNode messages) {
    Set<String> open = new HashSet<>();
    for (JsonNode m : messages) {
      String role = m.get("role").asText();
      if (role.equals("tool")) {
        assertThat(open.remove(m.get("tool_call_id").asText())).as("tool message answers an open call: %s", m).isTrue();
        continue;
      }
      assertThat(open).as("calls answered before %s", m).isEmpty();
      m.path("tool_calls").forEach(c -> open.add(c.get("id").asText()));
    }
    assertThat(open).isEmpty();
  }

  @Test
  void chatCompletions_runSculptorCallsLocally_andHandTheApplicationItsOwnCalls() {
    try (RecordingServer server = chatModel()) {
      // snippet:wrap-chat
      OpenAIClient client = SculptorOpenAI.wrap(OpenAIOkHttpClient.builder()
          .apiKey("sk-test").baseUrl(server.baseUrl()).build());  // the application's client, wrapped

      ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
          .model("gpt-4o-mini")
          .addSystemMessage("You track key-value updates.")
          .addUserMessage(QUESTION)
          .addTool(lookupTool())
          .build();
      ChatCompletion completion = client.chat().completions().create(params);   // unchanged call
      ChatCompletionMessage message = completion.choices().get(0).message();
      // Sculptor ran fragment_context and fold_fragment; only the application's call comes back.
      for (ChatCompletionMessageToolCall call : message.toolCalls().orElse(List.of())) {
        ChatCompletionMessageFunctionToolCall lookup = call.asFunction();
        params = params.toBuilder()
            .addMessage(message)
            .addMessage(ChatCompletionToolMessageParam.builder()
                .toolCallId(lookup.id()).content("value39").build())
            .build();
      }
      ChatCompletion answer = client.chat().completions().create(params);
      // end-snippet
      assertThat(message.toolCalls()).hasValueSatisfying(calls -> assertThat(calls).singleElement()
          .satisfies(c -> assertThat(c.asFunction().function().name()).isEqualTo("lookup")));
      assertThat(answer.choices().get(0).message().content()).hasValue("key7 is value39.");

      List<RecordingServer.Received> received = server.received();
      assertThat(received).hasSize(4).allSatisfy(r -> {
        assertThat(r.path()).isEqualTo("/v1/chat/completions");
        JsonNode body = r.json();          // strict: no key twice
        assertThat(body.get("tools")).extracting(t -> t.get("function").get("name").asText())
            .containsExactly("lookup", "fragment_context", "summarize_fragment", "fold_fragment",
                "restore_fragment", "search_context", "get_search_detail");
        assertPairsValid(body.get("messages"));
      });
      assertThat(received.get(0).json().get("messages").get(1).get("content").asText()).isEqualTo(QUESTION);
      JsonNode last = received.get(3).json().get("messages");
      assertThat(last).extracting(m -> m.get("role").asText())
          .containsExactly("system", "user", "assistant", "tool", "assistant", "tool", "assistant", "tool");
      assertThat(last.get(1).get("content").asText()).startsWith("[fragment ").doesNotContain("key3: value3");
      assertThat(last.get(7).get("content").asText()).isEqualTo("value39");

      ContextSession session = SculptorOpenAI.session(client);
      assertThat(session.state().original().messages()).hasSize(9);
      assertThat(session.state().original().messages().get(1).content()).isEqualTo(QUESTION);
      assertThat(session.state().original().messages().get(8).content()).isEqualTo("key7 is value39.");
    }
  }

  @Test
  void chatCompletions_sessionWithBranchTools_runsBranchAndReturnLocally() {
    AtomicInteger calls = new AtomicInteger();
    try (RecordingServer server = new RecordingServer((path, request) -> switch (calls.getAndIncrement()) {
      case 0 -> FakeModel.completion(null, "call_1", "branch",
          "{\"description\":\"find key7\",\"prompt\":\"search the updates\"}");
      case 1 -> FakeModel.completion(null, "call_2", "search_context", "{\"query\":\"key7: \"}");
      case 2 -> FakeModel.completion(null, "call_3", "return", "{\"message\":\"key7 is value39\"}");
      default -> FakeModel.completion("key7 is value39.");
    })) {
      ContextSession session = ContextSession.of(ContextState.of(Conversation.of()),
          SculptorToolkit.create().withBranchTools());
      OpenAIClient client = SculptorOpenAI.wrap(sdk(server), session);

      ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
          .model("gpt-4o-mini").addUserMessage(QUESTION).build());

      assertThat(answer.choices().get(0).message().content()).hasValue("key7 is value39.");
      assertThat(answer.choices().get(0).message().toolCalls()).isEmpty();
      List<RecordingServer.Received> received = server.received();
      assertThat(received).hasSize(4);
      assertThat(received.get(0).json().get("tools")).extracting(t -> t.get("function").get("name").asText())
          .endsWith("branch", "return");
      JsonNode last = received.get(3).json().get("messages");
      assertPairsValid(last);
      assertThat(last.get(2).get("content").asText()).startsWith("[summary of fragment ").contains("key7 is value39");
      assertThat(last.get(4).get("content").asText()).contains("continues here");
      assertThat(last.get(6).get("content").asText()).startsWith("Returned from branch \"find key7\"");
      assertThat(BranchTools.openBranches(session.state())).isEmpty();
    }
  }

  @Test
  void chatCompletions_whenTheApplicationDoesNotEchoTheAnswer_appendOnlyItsNewMessages() {
    try (RecordingServer server = RecordingServer.scripted(n -> FakeModel.completion("answer " + n))) {
      OpenAIClient client = SculptorOpenAI.wrap(sdk(server));
      ChatCompletionCreateParams first = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
          .addUserMessage("one").build();
      client.chat().completions().create(first);
      client.chat().completions().create(first.toBuilder().addUserMessage("two").build());

      JsonNode messages = server.received().get(1).json().get("messages");
      assertThat(messages).extracting(m -> m.get("content").asText()).containsExactly("one", "answer 0", "two");
    }
  }

  @Test
  void chatCompletions_withFewerApplicationMessagesThanBefore_isRefused() {
    try (RecordingServer server = RecordingServer.scripted(n -> FakeModel.completion("answer " + n))) {
      OpenAIClient client = SculptorOpenAI.wrap(sdk(server));
      ChatCompletionCreateParams two = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
          .addUserMessage("one").addUserMessage("two").build();
      client.chat().completions().create(two);
      ChatCompletionCreateParams other = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
          .addUserMessage("another conversation").build();

      assertThatThrownBy(() -> client.chat().completions().create(other))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("[1]").hasMessageContaining("[2]");
      assertThat(server.received()).hasSize(1);
    }
  }

  @Test
  void withOptions_keepsTheConversation() {
    try (RecordingServer server = RecordingServer.scripted(n -> FakeModel.completion("answer " + n))) {
      OpenAIClient client = SculptorOpenAI.wrap(sdk(server));
      ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
          .addUserMessage("one").build();
      client.withOptions(o -> o.maxRetries(1)).chat().completions().create(params);

      assertThat(server.received().get(0).json().get("tools")).hasSize(6);
      assertThat(SculptorOpenAI.session(client.withOptions(o -> o.maxRetries(2))).state().original().messages())
          .hasSize(2);
      assertThatThrownBy(() -> SculptorOpenAI.session(sdk(server))).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void chatCompletions_whenTheModelOnlyEverCallsSculptor_askForTheAnswerAfterTheLimit() {
    try (RecordingServer server = new RecordingServer((path, request) ->
        request.path("tool_choice").asText().equals("none") ? FakeModel.completion("done")
            : FakeModel.completion(null, "call_" + request.get("messages").size(), "search_context", "{\"query\":\"x\"}"))) {
      ContextSession session = ContextSession.of(io.sculptor.core.ContextState.of(io.sculptor.core.Conversation.of()),
          io.sculptor.tools.SculptorToolkit.create());
      OpenAIClient client = SculptorOpenAI.wrap(sdk(server), session, 3);

      ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
          .model("gpt-4o-mini").addUserMessage("x marks the spot").build());

      assertThat(answer.choices().get(0).message().content()).hasValue("done");
      assertThat(server.received()).hasSize(4);
      assertThat(session.state().original().messages()).extracting(m -> m.role())
          .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT, Role.TOOL,
              Role.ASSISTANT);
    }
  }

  /** The same model, in the Responses API's shapes. */
  private static RecordingServer responsesModel() {
    AtomicInteger calls = new AtomicInteger();
    return new RecordingServer((path, request) -> switch (calls.getAndIncrement()) {
      case 0 -> FakeModel.response(null, "call_1", "fragment_context",
          "{\"start_marker\":\"UPDATES\",\"end_marker\":\"END\",\"num_fragments\":1}");
      case 1 -> FakeModel.response(null, "call_2", "fold_fragment",
          "{\"fragment_id\":\"" + FakeModel.fragmentId(FakeModel.lastText(request.get("input"), "output")) + "\"}");
      case 2 -> FakeModel.response(null, "call_3", "lookup", "{\"key\":\"key7\"}");
      default -> FakeModel.response("key7 is value39.");
    });
  }

  @Test
  void responses_runSculptorCallsLocally_andHandTheApplicationItsOwnCalls() {
    try (RecordingServer server = responsesModel()) {
      OpenAIClient client = SculptorOpenAI.wrap(sdk(server));
      FunctionTool lookup = FunctionTool.builder().name("lookup").description("Looks a key up.").strict(false)
          .parameters(FunctionTool.Parameters.builder()
              .putAdditionalProperty("type", JsonValue.from("object"))
              .putAdditionalProperty("properties", JsonValue.from(Map.of("key", Map.of("type", "string"))))
              .build())
          .build();
      // snippet:wrap-responses
      List<ResponseInputItem> input = new ArrayList<>();
      input.add(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
          .role(EasyInputMessage.Role.USER).content(QUESTION).build()));
      ResponseCreateParams params = ResponseCreateParams.builder()
          .model("gpt-4o-mini").instructions("You track key-value updates.")
          .inputOfResponse(input).addTool(lookup).build();
      Response response = client.responses().create(params);
      for (ResponseOutputItem item : response.output()) {
        if (item.isFunctionCall()) {                                // only the application's calls
          ResponseFunctionToolCall call = item.asFunctionCall();
          input.add(ResponseInputItem.ofFunctionCall(call));
          input.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
              .callId(call.callId()).output("value39").build()));
        }
      }
      Response answer = client.responses().create(params.toBuilder().inputOfResponse(input).build());
      // end-snippet
      assertThat(response.output()).filteredOn(ResponseOutputItem::isFunctionCall).singleElement()
          .satisfies(i -> assertThat(i.asFunctionCall().name()).isEqualTo("lookup"));
      assertThat(answer.output()).filteredOn(ResponseOutputItem::isMessage).singleElement()
          .satisfies(i -> assertThat(i.asMessage().content().get(0).asOutputText().text()).isEqualTo("key7 is value39."));

      List<RecordingServer.Received> received = server.received();
      assertThat(received).hasSize(4).allSatisfy(r -> {
        assertThat(r.path()).isEqualTo("/v1/responses");
        JsonNode body = r.json();
        assertThat(body.get("tools")).extracting(t -> t.get("name").asText())
            .containsExactly("lookup", "fragment_context", "summarize_fragment", "fold_fragment",
                "restore_fragment", "search_context", "get_search_detail");
        assertThat(body.get("instructions").asText()).isEqualTo("You track key-value updates.");
      });
      JsonNode last = received.get(3).json().get("input");
      assertThat(last).extracting(i -> i.path("type").asText(i.path("role").asText()))
          .containsExactly("message", "reasoning", "function_call", "function_call_output", "reasoning",
              "function_call", "function_call_output", "reasoning", "function_call", "function_call_output");
      assertThat(last.get(0).get("content").asText()).startsWith("[fragment ");
      assertThat(last.get(9).get("call_id").asText()).isEqualTo("call_3");
      assertThat(last.get(9).get("output").asText()).isEqualTo("value39");
    }
  }

  @Test
  void responses_refuseServerSideHistory_andAConversationOfTheOtherApi() {
    try (RecordingServer server = RecordingServer.scripted(n -> FakeModel.completion("answer " + n))) {
      OpenAIClient client = SculptorOpenAI.wrap(sdk(server));
      assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("gpt-4o-mini")
          .input("hi").previousResponseId("resp_0").build()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("previous_response_id");
      client.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o-mini")
          .addUserMessage("one").build());
      assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("gpt-4o-mini")
          .input("hi").build()))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("[chat_completions]");
      assertThat(server.received()).hasSize(1);
    }
  }
}
