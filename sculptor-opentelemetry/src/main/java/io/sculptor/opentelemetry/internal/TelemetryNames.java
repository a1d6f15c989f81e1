package io.sculptor.opentelemetry.internal;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The attribute keys, values and instrument names the telemetry emits: those of the OpenTelemetry
 * GenAI semantic conventions (as published in semantic-conventions v1.41, the last release that
 * holds them before they moved to their own repository) and Sculptor's own, under {@code sculptor.}.
 * Kept here rather than taken from the incubating semconv artifact, which is an alpha release.
 */
public final class TelemetryNames {
  private TelemetryNames() {}

  /** The instrumentation scope of every tracer and meter. */
  public static final String SCOPE = "io.sculptor.opentelemetry";

  // GenAI semantic conventions: attributes.
  public static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
  public static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
  public static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
  public static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  public static final AttributeKey<Boolean> REQUEST_STREAM = AttributeKey.booleanKey("gen_ai.request.stream");
  public static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
  public static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
  public static final AttributeKey<List<String>> RESPONSE_FINISH_REASONS =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  public static final AttributeKey<Double> RESPONSE_TIME_TO_FIRST_CHUNK =
      AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk");
  public static final AttributeKey<Long> USAGE_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  public static final AttributeKey<Long> USAGE_OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
  public static final AttributeKey<Long> USAGE_CACHE_READ_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
  public static final AttributeKey<Long> USAGE_CACHE_CREATION_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens");
  public static final AttributeKey<Long> USAGE_REASONING_OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens");
  public static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
  public static final AttributeKey<String> TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
  public static final AttributeKey<String> TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");
  public static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  // GenAI semantic conventions: values.
  public static final String CHAT = "chat";
  public static final String EXECUTE_TOOL = "execute_tool";
  public static final String INVOKE_AGENT = "invoke_agent";
  public static final String FUNCTION = "function";
  public static final String INPUT = "input";
  public static final String OUTPUT = "output";
  /** The semantic conventions' fallback error type. */
  public static final String OTHER_ERROR = "_OTHER";

  // GenAI semantic conventions: metrics.
  public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
  public static final String TOKEN_USAGE = "gen_ai.client.token.usage";
  /** The buckets the conventions ask for on {@link #OPERATION_DURATION}, in seconds. */
  public static final List<Double> DURATION_BUCKETS = List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28,
      2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
  /** The buckets the conventions ask for on {@link #TOKEN_USAGE}; also used for Sculptor's token histograms. */
  public static final List<Long> TOKEN_BUCKETS = List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L,
      262144L, 1048576L, 4194304L, 16777216L, 67108864L);

  // Sculptor: attributes.
  public static final AttributeKey<Long> STEP = AttributeKey.longKey("sculptor.agent.step");
  public static final AttributeKey<String> STOP_REASON = AttributeKey.stringKey("sculptor.agent.stop_reason");
  public static final AttributeKey<Long> MODEL_CALLS = AttributeKey.longKey("sculptor.agent.model_calls");
  public static final AttributeKey<Long> TOOL_CALLS = AttributeKey.longKey("sculptor.agent.tool_calls");
  public static final AttributeKey<Long> VIEW_TOKENS_ATTRIBUTE = AttributeKey.longKey("sculptor.context.view_tokens");
  public static final AttributeKey<Long> ORIGINAL_TOKENS_ATTRIBUTE =
      AttributeKey.longKey("sculptor.context.original_tokens");
  public static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("sculptor.response.request_id");
  public static final AttributeKey<String> TOOL_KIND = AttributeKey.stringKey("sculptor.tool.kind");
  public static final AttributeKey<String> SOURCE = AttributeKey.stringKey("sculptor.source");

  // Sculptor: values.
  public static final String CONTEXT_TOOL = "context";
  public static final String APPLICATION_TOOL = "application";
  public static final String MODEL = "model";
  public static final String POLICY = "policy";

  // Sculptor: metrics.
  public static final String VIEW_TOKENS = "sculptor.context.view_tokens";
  public static final String ORIGINAL_TOKENS = "sculptor.context.original_tokens";
  public static final String REDUCTION = "sculptor.context.reduction";
  public static final String FOLDS = "sculptor.context.folds";
  public static final String SUMMARIES = "sculptor.context.summaries";
  public static final String RESTORES = "sculptor.context.restores";
  /** Branches the model returned from. */
  public static final String RETURNS = "sculptor.context.returns";
  /** Buckets for {@link #REDUCTION}, a share from 0 to 1. */
  public static final List<Double> REDUCTION_BUCKETS = List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95,
      0.99);
}
