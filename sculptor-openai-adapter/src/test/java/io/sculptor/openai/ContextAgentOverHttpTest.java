package io.sculptor.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.agent.AgentEvent;
import io.sculptor.agent.AgentException;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.core.ContextState;
import io.sculptor.core.FragmentStatus;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ChatStreamListener;
import io.sculptor.testing.LocalOpenAiServer;
import io.sculptor.testing.LocalOpenAiServer.Reply;
import io.sculptor.testing.StreamRecorder;
import io.sculptor.testing.TestConversations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * End to end: {@link ContextAgent#run(ContextState, ChatStreamListener)} over the real HTTP models,
 * streaming from {@link LocalOpenAiServer} — a run of four model calls whose Sculptor tool calls
 * arrive with their arguments in pieces, then a text answer — against the same run without streaming.
 */
class ContextAgentOverHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FRAGMENT_ID = Pattern.compile("- (f[0-9a-z]{5})");
  private static final String THINKING = "The updates are long; fold the oldest, then search for key7.";
  private static final String FOLDING = "Folding the two oldest quarters — they are superseded.";
  private static final String ANSWER = "The current value of key7 is in the newest updates — I searched them.";

  private static ContextState task() {
    return ContextState.of(TestConversations.keyValueTask(6_000, 7), 42, TiktokenCounter.o200k());
  }

  /** The calls the "model" makes at each step, chosen from the tool results the request carries. */
  private static List<ToolCall> calls(int toolResults, String lastResult) {
    return switch (toolResults) {
      case 0 -> List.of(new ToolCall("call_1", "fragment_context", "{\"start_marker\": \""
          + TestConversations.UPDATES_BEGIN + "\", \"end_marker\": \"" + TestConversations.UPDATES_END
          + "\", \"num_fragments\": 4}"));
      case 1 -> {
        Matcher ids = FRAGMENT_ID.matcher(lastResult);
        List<ToolCall> folds = new ArrayList<>();
        for (int n = 2; n <= 3 && ids.find(); n++) {
          folds.add(new ToolCall("call_" + n, "fold_fragment", "{\"fragment_id\": \"" + ids.group(1) + "\"}"));
        }
        assertThat(folds).as("fragment ids in %s", lastResult).hasSize(2);
        yield folds;
      }
      case 3 -> List.of(new ToolCall("call_4", "search_context", "{\"query\": \"key7: \", \"max_results\": 2}"));
      default -> List.of();
    };
  }

  /**
   * What the "model" does for a request: its step (1 to 4) and its calls (none: the answer), read
   * from the tool results the request's messages or items carry.
   */
  private record Turn(int step, List<ToolCall> calls) {
    static Turn of(JsonNode items, String field, String resultValue, String resultText) {
      int results = 0;
      for (JsonNode item : items) {
        results += item.path(field).asText().equals(resultValue) ? 1 : 0;
      }
      List<ToolCall> calls = ContextAgentOverHttpTest.calls(results, items.get(items.size() - 1).path(resultText).asText());
      return new Turn(results == 0 ? 1 : results == 1 ? 2 : results == 3 ? 3 : 4, calls);
    }
  }

  /** Cuts a body every 7 bytes: chunk boundaries inside events, JSON strings and UTF-8 characters. */
  private static Reply cut(Reply reply, int step) {
    return reply.cutAt(IntStream.iterate(3, i -> i < 60_000, i -> i + 7).toArray())
        .withHeader("x-request-id", "req_" + step);
  }

  /** A Chat Completions "model": a completion per step, with the provider's metadata. */
  private static Reply chatCompletion(JsonNode request) {
    Turn turn = Turn.of(request.get("messages"), "role", "tool", "content");
    List<ToolCall> calls = turn.calls();
    int step = turn.step();
    ObjectNode completion = JSON.createObjectNode().put("id", "chatcmpl-" + step).put("object", "chat.completion")
        .put("created", 1_741_569_952).put("model", "gpt-4.1-2025-04-14").put("system_fingerprint", "fp_44709d6fcb");
    ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
    ObjectNode message = choice.putObject("message").put("role", "assistant");
    if (calls.isEmpty()) {
      message.put("content", ANSWER);
    } else if (step == 2) {
      message.put("content", FOLDING);
    } else {
      message.putNull("content");
    }
    if (!calls.isEmpty()) {
      ArrayNode array = message.putArray("tool_calls");
      calls.forEach(c -> array.addObject().put("id", c.id()).put("type", "function").putObject("function")
          .put("name", c.name()).put("arguments", c.arguments()));
    }
    message.putNull("refusal");
    choice.putNull("logprobs").put("finish_reason", calls.isEmpty() ? "stop" : "tool_calls");
    completion.putObject("usage").put("prompt_tokens", 1_000 * step).put("completion_tokens", 20 + step)
        .put("total_tokens", 1_020 + 1_001 * step);
    return cut(Reply.ok(completion), step);
  }

  /** A Responses API "model": reasoning, text and function calls as output items. */
  private static Reply response(JsonNode request) {
    Turn turn = Turn.of(request.get("input"), "type", "function_call_output", "output");
    List<ToolCall> calls = turn.calls();
    int step = turn.step();
    ObjectNode response = JSON.createObjectNode().put("id", "resp_" + step).put("object", "response")
        .put("created_at", 1_741_476_542).put("status", "completed").put("model", "o4-mini-2025-04-16");
    ArrayNode output = response.putArray("output");
    if (step == 1) {
      ObjectNode reasoning = output.addObject().put("type", "reasoning").put("id", "rs_" + step)
          .put("encrypted_content", "gAAAAABo-encrypted-" + step);
      reasoning.putArray("summary").addObject().put("type", "summary_text").put("text", THINKING);
    }
    if (calls.isEmpty() || step == 2) {
      ObjectNode message = output.addObject().put("type", "message").put("id", "msg_" + step)
          .put("status", "completed").put("role", "assistant");
      message.putArray("content").addObject().put("type", "output_text").put("text", calls.isEmpty() ? ANSWER : FOLDING)
          .putArray("annotations");
    }
    calls.forEach(c -> output.addObject().put("type", "function_call").put("id", "fc_" + c.id().substring(5))
        .put("call_id", c.id()).put("name", c.name()).put("arguments", c.arguments()).put("status", "completed"));
    ObjectNode usage = response.putObject("usage").put("input_tokens", 1_000 * step).put("output_tokens", 20 + step)
        .put("total_tokens", 1_020 + 1_001 * step);
    usage.putObject("input_tokens_details").put("cached_tokens", step == 1 ? 0 : 512);
    usage.putObject("output_tokens_details").put("reasoning_tokens", step == 1 ? 12 : 0);
    return cut(Reply.ok(response), step);
  }

  private static OpenAiChatModel chatModel(LocalOpenAiServer server) {
    return OpenAiChatModel.builder().baseUrl(server.baseUrl()).noApiKey().model("gpt-4.1").maxAttempts(1)
        .requestTimeout(Duration.ofSeconds(10)).build();
  }

  private static OpenAiResponsesModel responsesModel(LocalOpenAiServer server) {
    return OpenAiResponsesModel.builder().baseUrl(server.baseUrl()).noApiKey().model("o4-mini").maxAttempts(1)
        .requestTimeout(Duration.ofSeconds(10)).build();
  }

  /** Both runs of one model on one server: streamed, then whole. */
  private record Runs(AgentRun streamed, AgentRun whole, StreamRecorder recorder, List<AgentEvent> events,
      List<JsonNode> requests) {}

  private static Runs runBoth(Function<JsonNode, Reply> handler, Function<LocalOpenAiServer, ChatModel> model) {
    try (LocalOpenAiServer server = LocalOpenAiServer.start(handler)) {
      List<AgentEvent> events = new ArrayList<>();
      ContextAgent agent = ContextAgent.builder(model.apply(server)).listener(events::add).build();
      StreamRecorder recorder = StreamRecorder.create();
      AgentRun streamed = agent.run(task(), recorder);
      List<AgentEvent> streamedEvents = List.copyOf(events);
      AgentRun whole = agent.run(task());
      return new Runs(streamed, whole, recorder, streamedEvents, server.requests());
    }
  }

  private static void assertToolCallsRan(AgentRun run) {
    assertThat(run.modelCalls()).isEqualTo(4);
    assertThat(run.answer()).isEqualTo(ANSWER);
    assertThat(run.toolUsage().counts()).containsEntry("fragment_context", 1).containsEntry("fold_fragment", 2)
        .containsEntry("search_context", 1);
    assertThat(run.state().fragments()).hasSize(4).filteredOn(f -> f.status() instanceof FragmentStatus.Folded)
        .hasSize(2);
    assertThat(run.state().viewTokens()).isLessThan(run.state().originalTokens());
    assertThat(run.state().original().get(run.state().original().size() - 2).content())
        .as("the search's result").contains("key7: ");
  }

  /** The requests of the streamed run, without the stream fields, are those of the whole run. */
  private static void assertSameRequests(List<JsonNode> requests) {
    assertThat(requests).hasSize(8);
    List<JsonNode> streamed = new ArrayList<>();
    for (JsonNode request : requests.subList(0, 4)) {
      assertThat(request.get("stream").asBoolean()).isTrue();
      ObjectNode copy = request.deepCopy();
      copy.remove(List.of("stream", "stream_options"));
      streamed.add(copy);
    }
    assertThat(streamed).isEqualTo(requests.subList(4, 8));
    assertThat(requests.subList(4, 8)).allSatisfy(r -> assertThat(r.has("stream")).isFalse());
  }

  private static List<ChatResponse> responses(List<AgentEvent> events) {
    return events.stream().filter(e -> e instanceof AgentEvent.ModelResponded)
        .map(e -> ((AgentEvent.ModelResponded) e).response()).toList();
  }

  @Test
  void run_chatCompletionsStream_forwardsThePiecesInOrder_runsTheCalls_andEndsLikeTheWholeRun() {
    Runs runs = runBoth(ContextAgentOverHttpTest::chatCompletion, ContextAgentOverHttpTest::chatModel);

    assertThat(runs.recorder().joined()).containsExactly(
        "call:call_1 fragment_context",
        "text:" + FOLDING, "call:call_2 fold_fragment", "call:call_3 fold_fragment",
        "call:call_4 search_context",
        "text:" + ANSWER);
    assertThat(runs.recorder().pieces()).as("the text came in pieces").hasSizeGreaterThan(20);
    assertThat(runs.recorder().threads()).containsOnly(Thread.currentThread());
    assertToolCallsRan(runs.streamed());
    assertThat(runs.streamed().state()).isEqualTo(runs.whole().state());
    assertThat(runs.streamed().trajectory()).isEqualTo(runs.whole().trajectory());
    assertThat(runs.streamed().usage()).isEqualTo(runs.whole().usage());
    assertSameRequests(runs.requests());

    List<ChatResponse> said = responses(runs.events());
    assertThat(said).extracting(r -> r.requestId().orElseThrow()).containsExactly("req_1", "req_2", "req_3", "req_4");
    assertThat(said).extracting(r -> r.responseId().orElseThrow())
        .containsExactly("chatcmpl-1", "chatcmpl-2", "chatcmpl-3", "chatcmpl-4");
    assertThat(said).extracting(ChatResponse::finishReasons).containsExactly(List.of("tool_calls"),
        List.of("tool_calls"), List.of("tool_calls"), List.of("stop"));
    assertThat(said).allSatisfy(r -> {
      assertThat(r.model()).contains("gpt-4.1-2025-04-14");
      assertThat(r.systemFingerprint()).contains("fp_44709d6fcb");
    });
    assertThat(runs.events()).filteredOn(e -> e instanceof AgentEvent.ModelResponded)
        .allSatisfy(e -> assertThat(((AgentEvent.ModelResponded) e).timeToFirstChunk()).isPresent());
  }

  @Test
  void run_responsesStream_forwardsReasoningTextAndCallsInOrder_sendsReasoningBack_andEndsLikeTheWholeRun() {
    Runs runs = runBoth(ContextAgentOverHttpTest::response, ContextAgentOverHttpTest::responsesModel);

    assertThat(runs.recorder().joined()).containsExactly(
        "reasoning:" + THINKING, "call:call_1 fragment_context",
        "text:" + FOLDING, "call:call_2 fold_fragment", "call:call_3 fold_fragment",
        "call:call_4 search_context",
        "text:" + ANSWER);
    assertThat(runs.recorder().pieces()).as("the text came in pieces").hasSizeGreaterThan(20);
    assertToolCallsRan(runs.streamed());
    assertThat(runs.streamed().state()).isEqualTo(runs.whole().state());
    assertThat(runs.streamed().trajectory()).isEqualTo(runs.whole().trajectory());
    assertSameRequests(runs.requests());
    // The reasoning item of the first answer goes back whole, before its call, in every later request.
    JsonNode second = runs.requests().get(1).get("input");
    assertThat(second).anySatisfy(item -> {
      assertThat(item.path("type").asText()).isEqualTo("reasoning");
      assertThat(item.path("encrypted_content").asText()).isEqualTo("gAAAAABo-encrypted-1");
    });

    List<ChatResponse> said = responses(runs.events());
    assertThat(said).extracting(r -> r.requestId().orElseThrow()).containsExactly("req_1", "req_2", "req_3", "req_4");
    assertThat(said).extracting(r -> r.responseId().orElseThrow())
        .containsExactly("resp_1", "resp_2", "resp_3", "resp_4");
    assertThat(said).allSatisfy(r -> assertThat(r.model()).contains("o4-mini-2025-04-16"));
    assertThat(said.get(0).usage().reasoningTokens()).isEqualTo(12);
    assertThat(said.get(1).usage().cachedPromptTokens()).isEqualTo(512);
  }

  @Test
  void run_streamThatFailsMidway_endsTheRunWithTheStateBeforeThatStepAndTheProvidersRequestId() {
    String broken = "data: {\"id\": \"chatcmpl-2\", \"object\": \"chat.completion.chunk\", \"created\": 1,"
        + " \"model\": \"gpt-4.1-2025-04-14\", \"choices\": [{\"index\": 0, \"delta\": {\"role\": \"assistant\","
        + " \"content\": \"Folding\"}, \"finish_reason\": null}]}\n\n"
        + "data: {\"error\": {\"message\": \"The server had an error while processing your request.\","
        + " \"type\": \"server_error\", \"code\": null}}\n\n";
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> request.get("messages").size() > 2
        ? Reply.sse(broken).withHeader("x-request-id", "req_broken") : chatCompletion(request))) {
      List<AgentEvent> events = new ArrayList<>();
      StreamRecorder recorder = StreamRecorder.create();
      ContextAgent agent = ContextAgent.builder(chatModel(server)).listener(events::add).build();

      AgentException failure = catchThrowableOfType(AgentException.class, () -> agent.run(task(), recorder));

      assertThat(failure.step()).isEqualTo(2);
      assertThat(failure.modelFailure().kind()).isEqualTo(ChatModelException.Kind.SERVER_ERROR);
      assertThat(failure.modelFailure().requestId()).contains("req_broken");
      assertThat(failure.state().fragments()).as("step 1's fragment_context ran").hasSize(4);
      assertThat(recorder.joined()).containsExactly("call:call_1 fragment_context", "text:Folding");
      assertThat(events).last().isInstanceOfSatisfying(AgentEvent.Failed.class,
          f -> assertThat(f.failure()).isSameAs(failure));
    }
  }
}
