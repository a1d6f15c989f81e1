package io.sculptor.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.sculptor.agent.AgentException;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.agent.ContextPolicy;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ChatStreamListener;
import io.sculptor.model.ProviderError;
import io.sculptor.model.StreamingChatModel;
import io.sculptor.model.ToolSpec;
import io.sculptor.model.Usage;
import io.sculptor.testing.ScriptedChatModel;
import io.sculptor.testing.TestConversations;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Agent runs through the real OpenTelemetry SDK, read back from its in-memory exporter and reader. */
class AgentTelemetryTest {
  private static final String REQUEST_MODEL = "gpt-4.1";
  private static final String RESPONSE_MODEL = "gpt-4.1-2025-04-14";
  private static final ToolSpec WEATHER = ToolSpec.of("get_weather", "Current weather in a city.",
      "{\"type\": \"object\"}");
  private static final Pattern FRAGMENT_ID = Pattern.compile("- (f[0-9a-z]{5})");

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private OpenTelemetrySdk sdk;
  private AgentTelemetry telemetry;

  @BeforeEach
  void startSdk() {
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
        .build();
    telemetry = AgentTelemetry.builder(sdk, "openai").requestModel(REQUEST_MODEL).agentName("Key Tracker").build();
  }

  @AfterEach
  void stopSdk() {
    sdk.close();
  }

  private static ContextState task() {
    return ContextState.of(TestConversations.keyValueTask(4_000, 7));
  }

  /** The scripted answers with what a provider reports about each call. */
  private static ChatModel reporting(ScriptedChatModel script) {
    AtomicInteger calls = new AtomicInteger();
    return request -> {
      Message answer = script.chat(request).message();
      int call = calls.incrementAndGet();
      String finish = answer.toolCalls().isEmpty() ? "stop" : "tool_calls";
      return ChatResponse.builder(answer).usage(Usage.of(120, 12, 40, 0, 5)).finishReason(Optional.of(finish))
          .finishReasons(List.of(finish)).model(RESPONSE_MODEL).responseId("chatcmpl-" + call)
          .requestId("req_" + call).build();
    };
  }

  private static String firstFragment(String listing) {
    Matcher m = FRAGMENT_ID.matcher(listing);
    assertThat(m.find()).as("a fragment id in %s", listing).isTrue();
    return m.group(1);
  }

  private static ScriptedChatModel fragmentFoldAnswer() {
    return ScriptedChatModel.create()
        .then(r -> Message.assistant("", List.of(
            new ToolCall("call_1", "fragment_context", "{\"start_marker\": \"" + TestConversations.UPDATES_BEGIN
                + "\", \"end_marker\": \"" + TestConversations.UPDATES_END + "\", \"num_fragments\": 4}"),
            new ToolCall("call_2", "get_weather", "{\"city\": \"Paris\"}"))))
        .then(r -> Message.assistant("", List.of(new ToolCall("call_3", "fold_fragment",
            "{\"fragment_id\": \"" + firstFragment(r.messages().get(r.messages().size() - 2).content()) + "\"}"))))
        .thenAnswer("key7 is value3.");
  }

  private List<SpanData> spansNamed(String name) {
    return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
  }

  private MetricData metric(String name) {
    return metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }

  private static List<HistogramPointData> histogram(MetricData metric) {
    return List.copyOf(metric.getHistogramData().getPoints());
  }

  private static long counted(MetricData metric, Attributes attributes) {
    return metric.getLongSumData().getPoints().stream().filter(p -> p.getAttributes().equals(attributes))
        .mapToLong(LongPointData::getValue).sum();
  }

  @Test
  void run_emitsInvokeAgentChatAndExecuteToolSpansWithGenAiAttributes() {
    ContextAgent agent = ContextAgent.builder(reporting(fragmentFoldAnswer()))
        .tool(WEATHER, arguments -> "14 °C").listener(telemetry).build();

    AgentRun run = agent.run(task());

    SpanData root = spansNamed("invoke_agent Key Tracker").get(0);
    assertThat(root.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(root.getParentSpanContext().isValid()).isFalse();
    assertThat(root.getInstrumentationScopeInfo().getName()).isEqualTo("io.sculptor.opentelemetry");
    assertThat(root.getAttributes().asMap()).containsEntry(AttributeKey.stringKey("gen_ai.operation.name"), "invoke_agent")
        .containsEntry(AttributeKey.stringKey("gen_ai.provider.name"), "openai")
        .containsEntry(AttributeKey.stringKey("gen_ai.agent.name"), "Key Tracker")
        .containsEntry(AttributeKey.stringKey("gen_ai.request.model"), REQUEST_MODEL)
        .containsEntry(AttributeKey.longKey("gen_ai.usage.input_tokens"), 360L)
        .containsEntry(AttributeKey.longKey("gen_ai.usage.output_tokens"), 36L)
        .containsEntry(AttributeKey.stringKey("sculptor.agent.stop_reason"), "answered")
        .containsEntry(AttributeKey.longKey("sculptor.agent.model_calls"), 3L)
        .containsEntry(AttributeKey.longKey("sculptor.agent.tool_calls"), 3L)
        .containsEntry(AttributeKey.longKey("sculptor.context.view_tokens"), run.state().viewTokens())
        .containsEntry(AttributeKey.longKey("sculptor.context.original_tokens"), run.state().originalTokens());
    assertThat(root.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

    List<SpanData> chats = spansNamed("chat " + REQUEST_MODEL);
    assertThat(chats).hasSize(3).allSatisfy(chat -> {
      assertThat(chat.getKind()).isEqualTo(SpanKind.CLIENT);
      assertThat(chat.getParentSpanId()).isEqualTo(root.getSpanId());
      assertThat(chat.getAttributes().asMap()).containsEntry(AttributeKey.stringKey("gen_ai.operation.name"), "chat")
          .containsEntry(AttributeKey.stringKey("gen_ai.provider.name"), "openai")
          .containsEntry(AttributeKey.stringKey("gen_ai.request.model"), REQUEST_MODEL)
          .containsEntry(AttributeKey.stringKey("gen_ai.response.model"), RESPONSE_MODEL)
          .containsEntry(AttributeKey.longKey("gen_ai.usage.input_tokens"), 120L)
          .containsEntry(AttributeKey.longKey("gen_ai.usage.output_tokens"), 12L)
          .containsEntry(AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens"), 40L)
          .containsEntry(AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens"), 5L)
          .doesNotContainKey(AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens"))
          .doesNotContainKey(AttributeKey.booleanKey("gen_ai.request.stream"));
    });
    assertThat(chats).extracting(c -> c.getAttributes().get(AttributeKey.stringKey("gen_ai.response.id")))
        .containsExactly("chatcmpl-1", "chatcmpl-2", "chatcmpl-3");
    assertThat(chats).extracting(c -> c.getAttributes().get(AttributeKey.stringKey("sculptor.response.request_id")))
        .containsExactly("req_1", "req_2", "req_3");
    assertThat(chats).extracting(c -> c.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly(List.of("tool_calls"), List.of("tool_calls"), List.of("stop"));
    assertThat(chats.get(2).getAttributes().get(AttributeKey.longKey("sculptor.context.view_tokens")))
        .isLessThan(chats.get(2).getAttributes().get(AttributeKey.longKey("sculptor.context.original_tokens")));

    List<SpanData> tools = spans.getFinishedSpanItems().stream().filter(s -> s.getName().startsWith("execute_tool "))
        .toList();
    assertThat(tools).extracting(SpanData::getName).containsExactly("execute_tool fragment_context",
        "execute_tool get_weather", "execute_tool fold_fragment");
    assertThat(tools).allSatisfy(tool -> {
      assertThat(tool.getKind()).isEqualTo(SpanKind.INTERNAL);
      assertThat(tool.getParentSpanId()).isEqualTo(root.getSpanId());
      assertThat(tool.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
      assertThat(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("execute_tool");
      assertThat(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.type"))).isEqualTo("function");
    });
    assertThat(tools).extracting(t -> t.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.id")))
        .containsExactly("call_1", "call_2", "call_3");
    assertThat(tools).extracting(t -> t.getAttributes().get(AttributeKey.stringKey("sculptor.tool.kind")))
        .containsExactly("context", "application", "context");
    // A step's tools run after its model call has ended.
    assertThat(tools.get(0).getStartEpochNanos()).isGreaterThanOrEqualTo(chats.get(0).getEndEpochNanos());
    assertThat(chats.get(1).getStartEpochNanos()).isGreaterThanOrEqualTo(tools.get(1).getEndEpochNanos());
    assertThat(spans.getFinishedSpanItems()).hasSize(7).allSatisfy(s -> assertThat(s.getTraceId())
        .isEqualTo(root.getTraceId()));
  }

  @Test
  void run_recordsGenAiMetricsAndSculptorContextMetrics() {
    ContextAgent agent = ContextAgent.builder(reporting(fragmentFoldAnswer()))
        .tool(WEATHER, arguments -> "14 °C").listener(telemetry).build();

    agent.run(task());

    MetricData duration = metric("gen_ai.client.operation.duration");
    assertThat(duration.getUnit()).isEqualTo("s");
    assertThat(histogram(duration)).singleElement().satisfies(point -> {
      assertThat(point.getCount()).isEqualTo(3);
      assertThat(point.getAttributes()).isEqualTo(Attributes.builder()
          .put("gen_ai.operation.name", "chat").put("gen_ai.provider.name", "openai")
          .put("gen_ai.request.model", REQUEST_MODEL).put("gen_ai.response.model", RESPONSE_MODEL).build());
      assertThat(point.getBoundaries()).startsWith(0.01, 0.02, 0.04).endsWith(81.92);
    });
    MetricData tokens = metric("gen_ai.client.token.usage");
    assertThat(tokens.getUnit()).isEqualTo("{token}");
    assertThat(histogram(tokens)).hasSize(2).allSatisfy(point -> assertThat(point.getCount()).isEqualTo(3));
    assertThat(histogram(tokens)).extracting(p -> p.getAttributes().get(AttributeKey.stringKey("gen_ai.token.type")),
        HistogramPointData::getSum).containsExactlyInAnyOrder(
            tuple("input", 360.0), tuple("output", 36.0));

    Attributes named = Attributes.of(AttributeKey.stringKey("gen_ai.agent.name"), "Key Tracker");
    HistogramPointData view = histogram(metric("sculptor.context.view_tokens")).get(0);
    HistogramPointData original = histogram(metric("sculptor.context.original_tokens")).get(0);
    assertThat(view.getAttributes()).isEqualTo(named);
    assertThat(view.getCount()).isEqualTo(3);
    assertThat(original.getCount()).isEqualTo(3);
    assertThat(view.getSum()).isLessThan(original.getSum());
    HistogramPointData reduction = histogram(metric("sculptor.context.reduction")).get(0);
    assertThat(metric("sculptor.context.reduction").getUnit()).isEqualTo("1");
    assertThat(reduction.getCount()).isEqualTo(3);
    assertThat(reduction.getMin()).isZero();
    assertThat(reduction.getMax()).isGreaterThan(0.1).isLessThan(1);
    Attributes byModel = named.toBuilder().put("sculptor.source", "model").build();
    assertThat(counted(metric("sculptor.context.folds"), byModel)).isEqualTo(1);
  }

  @Test
  void run_policyFoldsAndModelRestores_areCountedBySource() {
    ScriptedChatModel script = ScriptedChatModel.create()
        .then(r -> {
          Matcher folded = Pattern.compile("fragment (f[0-9a-z]{5})").matcher(r.messages().get(1).content());
          assertThat(folded.find()).as("a folded message in %s", r.messages().get(1).content()).isTrue();
          return Message.assistant("", List.of(new ToolCall("call_1", "restore_fragment",
              "{\"fragment_id\": \"" + folded.group(1) + "\"}")));
        })
        .thenAnswer("done");
    ContextAgent agent = ContextAgent.builder(script).policy(ContextPolicy.foldOldest(500, 0)).maxSteps(1)
        .listener(telemetry).build();

    agent.run(task());

    Attributes agentName = Attributes.of(AttributeKey.stringKey("gen_ai.agent.name"), "Key Tracker");
    assertThat(counted(metric("sculptor.context.folds"), agentName.toBuilder().put("sculptor.source", "policy").build()))
        .isGreaterThanOrEqualTo(1);
    assertThat(counted(metric("sculptor.context.restores"), agentName.toBuilder().put("sculptor.source", "model")
        .build())).isEqualTo(1);
    SpanData root = spansNamed("invoke_agent Key Tracker").get(0);
    assertThat(root.getEvents()).isNotEmpty().allSatisfy(e -> {
      assertThat(e.getName()).isEqualTo("sculptor.policy_applied");
      assertThat(e.getAttributes().get(AttributeKey.longKey("sculptor.context.view_tokens_after")))
          .isLessThan(e.getAttributes().get(AttributeKey.longKey("sculptor.context.view_tokens_before")));
    });
  }

  @Test
  void run_returnFromABranch_countsTheBranchAndTheSummaryOrTheFoldItMade() {
    String branch = "{\"description\": \"check the weather\", \"prompt\": \"ask for Paris\"}";
    Attributes byModel = Attributes.builder().put("gen_ai.agent.name", "Key Tracker").put("sculptor.source", "model")
        .build();
    // The branch's steps summarized by a short outcome: a summary, no fold.
    ContextAgent.builder(ScriptedChatModel.create().thenCall("branch", branch)
            .thenCall("get_weather", "{\"city\": \"Paris\"}")
            .thenCall("return", "{\"message\": \"Paris: 14 °C.\"}").thenAnswer("14 °C"))
        .tool(WEATHER, arguments -> "Paris: 14 °C and cloudy, wind 12 km/h from the west, humidity 81 %.")
        .branchTools(true).listener(telemetry).build().run(task());

    assertThat(counted(metric("sculptor.context.summaries"), byModel)).isEqualTo(1);
    assertThat(counted(metric("sculptor.context.returns"), byModel)).isEqualTo(1);
    assertThat(metrics.collectAllMetrics()).extracting(MetricData::getName).doesNotContain("sculptor.context.folds");

    // An outcome longer than the branch it would replace: the return folds the branch instead.
    String longer = "Nothing needed checking; the forecast was already in the conversation. ".repeat(10);
    ContextAgent.builder(ScriptedChatModel.create().thenCall("branch", branch)
            .thenCall("return", "{\"message\": \"" + longer + "\"}").thenAnswer("14 °C"))
        .branchTools(true).listener(telemetry).build().run(task());

    assertThat(counted(metric("sculptor.context.folds"), byModel)).isEqualTo(1);
    assertThat(counted(metric("sculptor.context.summaries"), byModel)).isEqualTo(1);
    assertThat(counted(metric("sculptor.context.returns"), byModel)).isEqualTo(2);
    assertThat(spansNamed("execute_tool return")).hasSize(2).allSatisfy(span ->
        assertThat(span.getAttributes().get(AttributeKey.stringKey("sculptor.tool.kind"))).isEqualTo("context"));

    // An application's own tool called "return", with the branch tools off, closes no branch.
    ContextAgent.builder(ScriptedChatModel.create().thenCall("return", "{}").thenAnswer("ok"))
        .tool(ToolSpec.of("return", "Returns a parcel.", "{\"type\": \"object\"}"), arguments -> "returned")
        .listener(telemetry).build().run(task());
    assertThat(counted(metric("sculptor.context.returns"), byModel)).isEqualTo(2);
  }

  @Test
  void run_spansAreCurrentWhileTheirOperationRuns() {
    List<SpanContext> seenByModel = new ArrayList<>();
    AtomicReference<SpanContext> seenByTool = new AtomicReference<>();
    ScriptedChatModel script = ScriptedChatModel.create().thenCall("get_weather", "{}").thenAnswer("14 °C");
    ChatModel model = request -> {
      seenByModel.add(Span.current().getSpanContext());
      return script.chat(request);
    };
    ContextAgent agent = ContextAgent.builder(model).tool(WEATHER, arguments -> {
      seenByTool.set(Span.current().getSpanContext());
      return "14 °C";
    }).listener(telemetry).build();
    Span application = sdk.getTracer("app").spanBuilder("handle request").startSpan();

    Scope scope = application.makeCurrent();
    try {
      agent.run(task());
      assertThat(Span.current()).isSameAs(application);
    } finally {
      scope.close();
      application.end();
    }

    assertThat(Span.current().getSpanContext().isValid()).isFalse();
    List<SpanData> chats = spansNamed("chat " + REQUEST_MODEL);
    assertThat(seenByModel).extracting(SpanContext::getSpanId).containsExactly(chats.get(0).getSpanId(),
        chats.get(1).getSpanId());
    assertThat(seenByTool.get().getSpanId()).isEqualTo(spansNamed("execute_tool get_weather").get(0).getSpanId());
    assertThat(spansNamed("invoke_agent Key Tracker").get(0).getParentSpanId())
        .isEqualTo(application.getSpanContext().getSpanId());
  }

  @Test
  void run_agentCalledFromATool_nestsItsRunUnderThatToolSpan() {
    ContextAgent inner = ContextAgent.builder(ScriptedChatModel.create().thenAnswer("inner answer"))
        .listener(telemetry).build();
    ToolSpec ask = ToolSpec.of("ask_expert", "Asks another agent.", "{\"type\": \"object\"}");
    ContextAgent outer = ContextAgent.builder(ScriptedChatModel.create().thenCall("ask_expert", "{}")
        .thenAnswer("outer answer"))
        .tool(ask, arguments -> inner.run(ContextState.of(Conversation.of(Message.user("question")))).answer())
        .listener(telemetry).build();

    AgentRun run = outer.run(task());

    assertThat(run.state().original().messages()).extracting(Message::content).contains("inner answer");
    List<SpanData> runs = spansNamed("invoke_agent Key Tracker");
    assertThat(runs).hasSize(2);
    SpanData tool = spansNamed("execute_tool ask_expert").get(0);
    SpanData innerRun = runs.get(0);
    SpanData outerRun = runs.get(1);
    assertThat(innerRun.getParentSpanId()).isEqualTo(tool.getSpanId());
    assertThat(tool.getParentSpanId()).isEqualTo(outerRun.getSpanId());
    assertThat(spansNamed("chat " + REQUEST_MODEL)).extracting(SpanData::getParentSpanId)
        .containsExactlyInAnyOrder(outerRun.getSpanId(), innerRun.getSpanId(), outerRun.getSpanId());
  }

  @Test
  void run_concurrentRunsSharingOneTelemetry_eachGetsItsOwnTrace() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<AgentRun>> runs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        ContextAgent agent = ContextAgent.builder(ScriptedChatModel.create()
            .thenCall("search_context", "{\"query\": \"key" + i + ":\"}").thenAnswer("answer " + i))
            .listener(telemetry).build();
        runs.add(threads.submit(() -> agent.run(task())));
      }
      for (Future<AgentRun> run : runs) {
        run.get();
      }
    } finally {
      threads.shutdown();
    }

    List<SpanData> roots = spansNamed("invoke_agent Key Tracker");
    assertThat(roots).hasSize(6).allSatisfy(root -> assertThat(root.getParentSpanContext().isValid()).isFalse());
    for (SpanData root : roots) {
      List<SpanData> children = spans.getFinishedSpanItems().stream()
          .filter(s -> s.getTraceId().equals(root.getTraceId()) && s != root).toList();
      assertThat(children).hasSize(3).allSatisfy(c -> assertThat(c.getParentSpanId()).isEqualTo(root.getSpanId()));
    }
  }

  @Test
  void run_modelFails_marksTheChatAndAgentSpansAsFailedAndRecordsTheDuration() {
    ChatModelException limited = new ChatModelException(ChatModelException.Kind.RATE_LIMITED, "HTTP [429]",
        ProviderError.of(429).withType("rate_limit_exceeded").withMessage("slow down"), null);
    ScriptedChatModel script = ScriptedChatModel.create().thenCall("search_context", "{\"query\": \"key7:\"}")
        .thenFail(limited);
    ContextAgent agent = ContextAgent.builder(script).listener(telemetry).build();

    AgentException failure = catchThrowableOfType(AgentException.class, () -> agent.run(task()));

    assertThat(failure.modelFailure()).isSameAs(limited);
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
    SpanData root = spansNamed("invoke_agent Key Tracker").get(0);
    List<SpanData> chats = spansNamed("chat " + REQUEST_MODEL);
    assertThat(chats).hasSize(2);
    for (SpanData failed : List.of(root, chats.get(1))) {
      assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(failed.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("rate_limited");
    }
    assertThat(chats.get(1).getEvents()).extracting(e -> e.getName()).containsExactly("exception");
    assertThat(chats.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(histogram(metric("gen_ai.client.operation.duration")))
        .extracting(p -> p.getAttributes().get(AttributeKey.stringKey("error.type")), HistogramPointData::getCount)
        .containsExactlyInAnyOrder(tuple(null, 1L),
            tuple("rate_limited", 1L));
  }

  @Test
  void run_failedToolCalls_markTheirSpansWithTheErrorType() {
    ScriptedChatModel script = ScriptedChatModel.create()
        .then(r -> Message.assistant("", List.of(new ToolCall("c1", "fold_fragment", "{\"fragment_id\": \"f00000\"}"),
            new ToolCall("c2", "teleport", "{}"))))
        .thenAnswer("sorry");
    ContextAgent.builder(script).listener(telemetry).build().run(task());

    assertThat(spansNamed("execute_tool fold_fragment").get(0).getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("unknown_fragment");
    SpanData unknown = spansNamed("execute_tool teleport").get(0);
    assertThat(unknown.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("_OTHER");
    assertThat(unknown.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(metrics.collectAllMetrics()).extracting(MetricData::getName).doesNotContain("sculptor.context.folds");
  }

  @Test
  void run_streamed_marksChatSpansAsStreamingWithTheTimeToFirstChunk() {
    StreamingChatModel model = (request, listener) -> {
      listener.onText("14 ");
      listener.onText("°C");
      return ChatResponse.of(Message.assistant("14 °C"), Usage.of(50, 2));
    };
    List<String> shown = new ArrayList<>();
    ContextAgent agent = ContextAgent.builder(model).listener(telemetry).build();

    agent.run(task(), new ChatStreamListener() {
      @Override
      public void onText(String delta) {
        shown.add(delta);
      }
    });

    assertThat(shown).containsExactly("14 ", "°C");
    SpanData chat = spansNamed("chat " + REQUEST_MODEL).get(0);
    assertThat(chat.getAttributes().get(AttributeKey.booleanKey("gen_ai.request.stream"))).isTrue();
    assertThat(chat.getAttributes().get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk")))
        .isNotNull().isGreaterThanOrEqualTo(0.0);
  }

  @Test
  void run_withoutUsageOrModelName_omitsWhatIsUnknown() {
    AgentTelemetry plain = AgentTelemetry.builder(sdk, "deepseek").build();
    ChatModel model = request -> ChatResponse.of(Message.assistant("ok"), Usage.UNKNOWN);

    ContextAgent.builder(model).listener(plain).build().run(task());

    SpanData chat = spansNamed("chat").get(0);
    assertThat(chat.getAttributes().asMap()).doesNotContainKeys(AttributeKey.stringKey("gen_ai.request.model"),
        AttributeKey.longKey("gen_ai.usage.input_tokens"), AttributeKey.stringKey("gen_ai.response.model"));
    assertThat(spansNamed("invoke_agent")).hasSize(1);
    assertThat(metrics.collectAllMetrics()).extracting(MetricData::getName)
        .contains("gen_ai.client.operation.duration").doesNotContain("gen_ai.client.token.usage");
  }

  @Test
  void builder_checksItsValues() {
    assertThatThrownBy(() -> AgentTelemetry.builder(sdk, " ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("providerName must not be blank, got [ ]");
    assertThatThrownBy(() -> AgentTelemetry.builder(sdk, "openai").requestModel(""))
        .hasMessage("requestModel must not be blank, got []");
    assertThatThrownBy(() -> AgentTelemetry.builder(null, "openai")).isInstanceOf(NullPointerException.class);
    AgentTelemetry noop = AgentTelemetry.builder(OpenTelemetry.noop(), "openai").build();
    assertThat(ContextAgent.builder(ScriptedChatModel.create().thenAnswer("ok")).listener(noop).build()
        .run(task()).answer()).isEqualTo("ok");
    assertThat(noop).hasToString("AgentTelemetry[openai]");
  }
}
