package io.sculptor.opentelemetry;

import static io.sculptor.opentelemetry.internal.TelemetryNames.*;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.sculptor.agent.AgentEvent;
import io.sculptor.agent.AgentListener;
import io.sculptor.agent.AgentRun;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.Usage;
import io.sculptor.opentelemetry.internal.RunTrace;
import io.sculptor.tools.BranchTools;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link AgentListener} that turns agent runs into OpenTelemetry spans and metrics, following
 * the GenAI semantic conventions (as of semantic-conventions v1.41), plus Sculptor's own context
 * metrics.
 *
 * <p>Spans: one {@code invoke_agent} span per run (kind {@code INTERNAL}), a child
 * {@code chat {model}} span per model call (kind {@code CLIENT}) and a child
 * {@code execute_tool {tool}} span per tool call (kind {@code INTERNAL}). Each span is current
 * while its operation runs, so spans that the model's HTTP client or a tool's own code creates
 * (for example through the OpenTelemetry Java agent) become its children, and a run inside the
 * application's span becomes a child of that span. Metrics: {@code gen_ai.client.operation.duration}
 * and {@code gen_ai.client.token.usage} per model call, and {@code sculptor.context.*}: the view's
 * and the original conversation's tokens and the share the view saves per model call, and the
 * folds, summaries and restores of the model and of the policies. Folds, summaries and restores
 * are the fragments whose status a tool call or a policy changed, as the agent reads them from the
 * state ({@link AgentEvent.ToolExecuted#foldedFragments()} and its siblings), not calls counted by
 * tool name: a {@code return} that summarizes its branch counts as a summary, one that folds it as a
 * fold, and either also counts once as a branch returned from ({@code sculptor.context.returns}).
 * {@code docs/observability.md} lists every span, attribute and metric.
 *
 * <p>No message content, tool arguments or results are recorded. Thread-safe: one instance may
 * serve many agents and runs at once. It relies on the agent's promise that a run's events arrive
 * on the thread that runs it; runs nested on one thread (an agent called from a tool) nest their
 * spans.
 *
 * @since 0.1
 */
public final class AgentTelemetry implements AgentListener {
  private final String providerName;
  private final Optional<String> requestModel;
  private final Optional<String> agentName;
  private final Tracer tracer;
  private final DoubleHistogram operationDuration;
  private final LongHistogram tokenUsage;
  private final LongHistogram viewTokens;
  private final LongHistogram originalTokens;
  private final DoubleHistogram reduction;
  private final LongCounter folds;
  private final LongCounter summaries;
  private final LongCounter restores;
  private final LongCounter returns;
  private final Attributes sculptorAttributes;
  /** The runs under way on each thread, innermost first. */
  private final ThreadLocal<Deque<RunTrace>> runs = new ThreadLocal<>();

  private AgentTelemetry(Builder builder) {
    this.providerName = builder.providerName;
    this.requestModel = Optional.ofNullable(builder.requestModel);
    this.agentName = Optional.ofNullable(builder.agentName);
    String version = AgentTelemetry.class.getPackage().getImplementationVersion();
    var tracerBuilder = builder.openTelemetry.tracerBuilder(SCOPE);
    var meterBuilder = builder.openTelemetry.meterBuilder(SCOPE);
    if (version != null) {
      tracerBuilder.setInstrumentationVersion(version);
      meterBuilder.setInstrumentationVersion(version);
    }
    this.tracer = tracerBuilder.build();
    Meter meter = meterBuilder.build();
    this.operationDuration = meter.histogramBuilder(OPERATION_DURATION).setUnit("s")
        .setDescription("GenAI operation duration.").setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
    this.tokenUsage = meter.histogramBuilder(TOKEN_USAGE).ofLongs().setUnit("{token}")
        .setDescription("Number of input and output tokens used.").setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS)
        .build();
    this.viewTokens = meter.histogramBuilder(VIEW_TOKENS).ofLongs().setUnit("{token}")
        .setDescription("Tokens of the view a model call sends: the conversation as the model sees it.")
        .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS).build();
    this.originalTokens = meter.histogramBuilder(ORIGINAL_TOKENS).ofLongs().setUnit("{token}")
        .setDescription("Tokens of the whole original conversation at a model call.")
        .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS).build();
    this.reduction = meter.histogramBuilder(REDUCTION).setUnit("1")
        .setDescription("Share of the original conversation's tokens a model call does not send: 1 - view / original.")
        .setExplicitBucketBoundariesAdvice(REDUCTION_BUCKETS).build();
    this.folds = meter.counterBuilder(FOLDS).setUnit("{fragment}")
        .setDescription("Fragments folded, by the model's tool calls (fold_fragment, return) or by a policy.").build();
    this.summaries = meter.counterBuilder(SUMMARIES).setUnit("{fragment}")
        .setDescription("Fragments summarized, by the model's tool calls (summarize_fragment, return) or by a policy.")
        .build();
    this.restores = meter.counterBuilder(RESTORES).setUnit("{fragment}")
        .setDescription("Fragments restored by the model's tool calls (restore_fragment).").build();
    this.returns = meter.counterBuilder(RETURNS).setUnit("{branch}")
        .setDescription("Branches the model returned from (the opt-in return tool); the fragment each return"
            + " makes is counted as a summary or a fold too.").build();
    AttributesBuilder common = Attributes.builder();
    agentName.ifPresent(name -> common.put(AGENT_NAME, name));
    this.sculptorAttributes = common.build();
  }

  /**
   * {@return a builder of telemetry that reports through {@code openTelemetry}}
   *
   * @param openTelemetry the application's OpenTelemetry (an SDK, {@code GlobalOpenTelemetry.get()},
   *     or {@link OpenTelemetry#noop()})
   * @param providerName the value of {@code gen_ai.provider.name}, which the conventions require:
   *     a well-known value such as {@code openai}, {@code anthropic}, {@code deepseek},
   *     {@code moonshot_ai}, or the provider's own name
   * @throws IllegalArgumentException if {@code providerName} is empty
   */
  public static Builder builder(OpenTelemetry openTelemetry, String providerName) {
    return new Builder(openTelemetry, providerName);
  }

  @Override
  public void onEvent(AgentEvent event) {
    Objects.requireNonNull(event, "event");
    if (event instanceof AgentEvent.Started) {
      started();
      return;
    }
    Deque<RunTrace> stack = runs.get();
    if (stack == null || stack.isEmpty()) {
      return; // an event of no run this telemetry saw start
    }
    RunTrace run = stack.peek();
    if (event instanceof AgentEvent.PolicyApplied policy) {
      policyApplied(run, policy);
    } else if (event instanceof AgentEvent.ModelCalled called) {
      modelCalled(run, called);
    } else if (event instanceof AgentEvent.ModelResponded responded) {
      modelResponded(run, responded);
    } else if (event instanceof AgentEvent.ToolCalled called) {
      run.openTool(tracer.spanBuilder(EXECUTE_TOOL + " " + called.call().name()).setSpanKind(SpanKind.INTERNAL)
          .setAttribute(OPERATION_NAME, EXECUTE_TOOL)
          .setAttribute(TOOL_NAME, called.call().name())
          .setAttribute(TOOL_CALL_ID, called.call().id())
          .setAttribute(TOOL_TYPE, FUNCTION)
          .setAttribute(TOOL_KIND, called.sculptorTool() ? CONTEXT_TOOL : APPLICATION_TOOL)
          .setAttribute(STEP, (long) called.step())
          .startSpan());
    } else if (event instanceof AgentEvent.ToolExecuted executed) {
      toolExecuted(run, executed);
    } else if (event instanceof AgentEvent.Finished finished) {
      finished(stack, run, finished.run());
    } else if (event instanceof AgentEvent.Failed failed) {
      failed(stack, run, failed.failure());
    }
  }

  private void started() {
    AttributesBuilder attributes = Attributes.builder().put(OPERATION_NAME, INVOKE_AGENT)
        .put(PROVIDER_NAME, providerName);
    agentName.ifPresent(name -> attributes.put(AGENT_NAME, name));
    requestModel.ifPresent(model -> attributes.put(REQUEST_MODEL, model));
    Span span = tracer.spanBuilder(agentName.map(name -> INVOKE_AGENT + " " + name).orElse(INVOKE_AGENT))
        .setSpanKind(SpanKind.INTERNAL).setAllAttributes(attributes.build()).startSpan();
    Deque<RunTrace> stack = runs.get();
    if (stack == null) {
      stack = new ArrayDeque<>();
      runs.set(stack);
    }
    stack.push(new RunTrace(span));
  }

  private void policyApplied(RunTrace run, AgentEvent.PolicyApplied policy) {
    Attributes bySource = sculptorAttributes.toBuilder().put(SOURCE, POLICY).build();
    add(folds, policy.foldedFragments(), bySource);
    add(summaries, policy.summarizedFragments(), bySource);
    run.agentSpan().addEvent("sculptor.policy_applied", Attributes.builder()
        .put(STEP, (long) policy.step())
        .put("sculptor.context.view_tokens_before", policy.viewTokensBefore())
        .put("sculptor.context.view_tokens_after", policy.viewTokensAfter())
        .put("sculptor.context.folded_fragments", (long) policy.foldedFragments())
        .put("sculptor.context.summarized_fragments", (long) policy.summarizedFragments())
        .build());
  }

  private void modelCalled(RunTrace run, AgentEvent.ModelCalled called) {
    var span = tracer.spanBuilder(requestModel.map(model -> CHAT + " " + model).orElse(CHAT))
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute(OPERATION_NAME, CHAT)
        .setAttribute(PROVIDER_NAME, providerName)
        .setAttribute(STEP, (long) called.step())
        .setAttribute(VIEW_TOKENS_ATTRIBUTE, called.viewTokens())
        .setAttribute(ORIGINAL_TOKENS_ATTRIBUTE, called.originalTokens());
    requestModel.ifPresent(model -> span.setAttribute(REQUEST_MODEL, model));
    if (called.streamed()) {
      span.setAttribute(REQUEST_STREAM, true);
    }
    run.openChat(span.startSpan(), System.nanoTime());
    viewTokens.record(called.viewTokens(), sculptorAttributes);
    originalTokens.record(called.originalTokens(), sculptorAttributes);
    if (called.originalTokens() > 0) {
      reduction.record(Math.max(0, 1 - (double) called.viewTokens() / called.originalTokens()), sculptorAttributes);
    }
  }

  private void modelResponded(RunTrace run, AgentEvent.ModelResponded responded) {
    Span span = run.chatSpan();
    if (span == null) {
      return;
    }
    ChatResponse response = responded.response();
    response.model().ifPresent(model -> span.setAttribute(RESPONSE_MODEL, model));
    response.responseId().ifPresent(id -> span.setAttribute(RESPONSE_ID, id));
    response.requestId().ifPresent(id -> span.setAttribute(REQUEST_ID, id));
    if (!response.finishReasons().isEmpty()) {
      span.setAttribute(RESPONSE_FINISH_REASONS, response.finishReasons());
    }
    responded.timeToFirstChunk().ifPresent(t -> span.setAttribute(RESPONSE_TIME_TO_FIRST_CHUNK, seconds(t)));
    Usage usage = response.usage();
    Attributes metricAttributes = chatMetricAttributes(response.model(), null);
    if (!usage.equals(Usage.UNKNOWN)) {
      span.setAttribute(USAGE_INPUT_TOKENS, usage.promptTokens());
      span.setAttribute(USAGE_OUTPUT_TOKENS, usage.completionTokens());
      setIfPositive(span, USAGE_CACHE_READ_INPUT_TOKENS, usage.cachedPromptTokens());
      setIfPositive(span, USAGE_CACHE_CREATION_INPUT_TOKENS, usage.cacheWriteTokens());
      setIfPositive(span, USAGE_REASONING_OUTPUT_TOKENS, usage.reasoningTokens());
      tokenUsage.record(usage.promptTokens(), metricAttributes.toBuilder().put(TOKEN_TYPE, INPUT).build());
      tokenUsage.record(usage.completionTokens(), metricAttributes.toBuilder().put(TOKEN_TYPE, OUTPUT).build());
    }
    operationDuration.record(seconds(responded.latency()), metricAttributes);
    run.closeChat();
  }

  private void toolExecuted(RunTrace run, AgentEvent.ToolExecuted executed) {
    Span span = run.toolSpan();
    if (span == null) {
      return;
    }
    if (executed.failed()) {
      String type = executed.error().map(code -> code.name().toLowerCase(Locale.ROOT)).orElse(OTHER_ERROR);
      span.setAttribute(ERROR_TYPE, type);
      span.setStatus(StatusCode.ERROR, type);
    } else {
      // What the call changed in the state, whichever tool made it: return folds or summarizes a branch.
      Attributes byModel = sculptorAttributes.toBuilder().put(SOURCE, MODEL).build();
      add(folds, executed.foldedFragments(), byModel);
      add(summaries, executed.summarizedFragments(), byModel);
      add(restores, executed.restoredFragments(), byModel);
      if (executed.sculptorTool() && executed.call().name().equals(BranchTools.RETURN)) {
        returns.add(1, byModel);
      }
    }
    run.closeTool();
  }

  private void finished(Deque<RunTrace> stack, RunTrace run, AgentRun result) {
    Span span = run.agentSpan();
    if (!result.usage().equals(Usage.UNKNOWN)) {
      span.setAttribute(USAGE_INPUT_TOKENS, result.usage().promptTokens());
      span.setAttribute(USAGE_OUTPUT_TOKENS, result.usage().completionTokens());
    }
    span.setAttribute(STOP_REASON, result.stopReason().name().toLowerCase(Locale.ROOT));
    span.setAttribute(MODEL_CALLS, (long) result.modelCalls());
    span.setAttribute(TOOL_CALLS, (long) result.toolUsage().total());
    span.setAttribute(VIEW_TOKENS_ATTRIBUTE, result.state().viewTokens());
    span.setAttribute(ORIGINAL_TOKENS_ATTRIBUTE, result.state().originalTokens());
    end(stack, run, null);
  }

  private void failed(Deque<RunTrace> stack, RunTrace run, RuntimeException failure) {
    String type = RunTrace.errorType(failure);
    if (run.chatSpan() != null) {
      operationDuration.record(seconds(Duration.ofNanos(System.nanoTime() - run.chatStartNanos())),
          chatMetricAttributes(Optional.empty(), type));
    }
    end(stack, run, failure);
  }

  private void end(Deque<RunTrace> stack, RunTrace run, RuntimeException failure) {
    stack.pop();
    if (stack.isEmpty()) {
      runs.remove();
    }
    run.end(failure);
  }

  private Attributes chatMetricAttributes(Optional<String> responseModel, String errorType) {
    AttributesBuilder attributes = Attributes.builder().put(OPERATION_NAME, CHAT).put(PROVIDER_NAME, providerName);
    requestModel.ifPresent(model -> attributes.put(REQUEST_MODEL, model));
    responseModel.ifPresent(model -> attributes.put(RESPONSE_MODEL, model));
    if (errorType != null) {
      attributes.put(ERROR_TYPE, errorType);
    }
    return attributes.build();
  }

  private static void add(LongCounter counter, int value, Attributes attributes) {
    if (value > 0) {
      counter.add(value, attributes);
    }
  }

  private static void setIfPositive(Span span, AttributeKey<Long> key, long value) {
    if (value > 0) {
      span.setAttribute(key, value);
    }
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  @Override
  public String toString() {
    return "AgentTelemetry[" + providerName + requestModel.map(m -> ", " + m).orElse("")
        + agentName.map(n -> ", agent " + n).orElse("") + "]";
  }

  /** Configures an {@link AgentTelemetry}. Mutable, not thread-safe; setters check their values. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private final String providerName;
    private String requestModel;
    private String agentName;

    private Builder(OpenTelemetry openTelemetry, String providerName) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      this.providerName = notEmpty(providerName, "providerName");
    }

    /**
     * {@return this builder}, with the model the agent's requests name ({@code gen_ai.request.model},
     * and the span name {@code chat {model}}); without it, chat spans are named {@code chat}
     *
     * @param model the requested model, as the provider names it, e.g. {@code gpt-4.1}
     */
    public Builder requestModel(String model) {
      this.requestModel = notEmpty(model, "requestModel");
      return this;
    }

    /**
     * {@return this builder}, with the agent's name ({@code gen_ai.agent.name}, and the span name
     * {@code invoke_agent {name}}), also put on Sculptor's metrics
     *
     * @param name a human-readable name of the agent, e.g. {@code Support Bot}
     */
    public Builder agentName(String name) {
      this.agentName = notEmpty(name, "agentName");
      return this;
    }

    /** {@return the telemetry}, a listener to add to {@code ContextAgent.Builder.listener(...)} */
    public AgentTelemetry build() {
      return new AgentTelemetry(this);
    }

    private static String notEmpty(String value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank, got [" + value + "]");
      }
      return value;
    }
  }
}
