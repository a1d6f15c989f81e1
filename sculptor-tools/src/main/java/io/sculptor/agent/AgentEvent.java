package io.sculptor.agent;

import io.sculptor.core.ContextState;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ToolChoice;
import io.sculptor.model.Usage;
import io.sculptor.tools.ToolErrorCode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the agent loop did, reported to {@link ContextAgent.Builder#listener(AgentListener)
 * listeners} as it happens.
 *
 * <p>A run reports {@link Started} first, then per step: {@link PolicyApplied} (when a policy
 * changed the state), {@link ModelCalled}, {@link ModelResponded}, and for each tool call
 * {@link ToolCalled} followed by {@link ToolExecuted}; it ends with {@link Finished} or, when it
 * throws, {@link Failed}. So every event that opens something (a run, a model call, a tool call) is
 * followed by the one that closes it, on the same thread, which is what tracing needs.
 *
 * <p>Events that wrap one evolvable object ({@link Started}, {@link Finished}, {@link Failed}) are
 * records; the others are final classes with static factories, so that later versions can add
 * data without breaking callers.
 *
 * @since 0.1
 */
public sealed interface AgentEvent {
  /**
   * {@return the step the event belongs to}: from 1; 0 for {@link Started}; the final answer
   * step is one past the last tool-calling step
   */
  int step();

  /**
   * A run began, before any policy or model call.
   *
   * @param state the state the run starts from
   */
  record Started(ContextState state) implements AgentEvent {
    /** Checks that the state is not null. */
    public Started {
      Objects.requireNonNull(state, "state");
    }

    /** {@return 0: a run starts before its first step} */
    @Override
    public int step() {
      return 0;
    }
  }

  /**
   * A budget policy changed the state before a model call.
   *
   * <p>Value semantics, immutable, thread-safe.
   *
   * @since 0.1
   */
  final class PolicyApplied implements AgentEvent {
    private final int step;
    private final long viewTokensBefore;
    private final long viewTokensAfter;
    private final int foldedFragments;
    private final int summarizedFragments;

    private PolicyApplied(int step, long viewTokensBefore, long viewTokensAfter, int foldedFragments,
        int summarizedFragments) {
      this.step = step;
      this.viewTokensBefore = viewTokensBefore;
      this.viewTokensAfter = viewTokensAfter;
      this.foldedFragments = foldedFragments;
      this.summarizedFragments = summarizedFragments;
    }

    /**
     * {@return an instance with these components}
     *
     * @param step the step
     * @param viewTokensBefore the view's tokens before the policy
     * @param viewTokensAfter the view's tokens after it
     * @param foldedFragments how many fragments the policy folded
     * @param summarizedFragments how many fragments the policy summarized
     */
    public static PolicyApplied of(int step, long viewTokensBefore, long viewTokensAfter, int foldedFragments,
        int summarizedFragments) {
      return new PolicyApplied(step, viewTokensBefore, viewTokensAfter, foldedFragments, summarizedFragments);
    }

    @Override
    public int step() {
      return step;
    }

    /** {@return the view's tokens before the policy} */
    public long viewTokensBefore() {
      return viewTokensBefore;
    }

    /** {@return the view's tokens after it} */
    public long viewTokensAfter() {
      return viewTokensAfter;
    }

    /** {@return how many fragments the policy folded} */
    public int foldedFragments() {
      return foldedFragments;
    }

    /** {@return how many fragments the policy summarized} */
    public int summarizedFragments() {
      return summarizedFragments;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PolicyApplied other
          && step == other.step
          && viewTokensBefore == other.viewTokensBefore
          && viewTokensAfter == other.viewTokensAfter
          && foldedFragments == other.foldedFragments
          && summarizedFragments == other.summarizedFragments;
    }

    @Override
    public int hashCode() {
      return Objects.hash(step, viewTokensBefore, viewTokensAfter, foldedFragments, summarizedFragments);
    }

    @Override
    public String toString() {
      return "PolicyApplied[step=" + step + ", viewTokensBefore=" + viewTokensBefore + ", viewTokensAfter="
          + viewTokensAfter + ", foldedFragments=" + foldedFragments + ", summarizedFragments="
          + summarizedFragments + "]";
    }
  }

  /**
   * A request is about to go to the model.
   *
   * <p>Value semantics, immutable, thread-safe.
   *
   * @since 0.1
   */
  final class ModelCalled implements AgentEvent {
    private final int step;
    private final ChatRequest request;
    private final long viewTokens;
    private final long originalTokens;
    private final boolean streamed;
    private final ContextState state;

    private ModelCalled(int step, ChatRequest request, long viewTokens, long originalTokens, boolean streamed,
        ContextState state) {
      this.step = step;
      this.state = Objects.requireNonNull(state, "state");
      this.request = Objects.requireNonNull(request, "request");
      this.viewTokens = viewTokens;
      this.originalTokens = originalTokens;
      this.streamed = streamed;
    }

    /**
     * {@return an instance with these components}
     *
     * @param step the step
     * @param request the request: the view, the tools and the tool choice
     * @param viewTokens the view's tokens under the state's counter
     * @param originalTokens the original conversation's tokens under the same counter
     * @param streamed whether the model is asked to stream its answer to the run's
     *     {@link io.sculptor.model.ChatStreamListener}
     * @param state the state the view was rendered from: the request's messages are
     *     {@code state.view().messages()}, after the step's policy ran
     */
    public static ModelCalled of(int step, ChatRequest request, long viewTokens, long originalTokens,
        boolean streamed, ContextState state) {
      return new ModelCalled(step, request, viewTokens, originalTokens, streamed, state);
    }

    /**
     * {@return the state the view was rendered from}: the request's messages are
     * {@code state.view().messages()}, after the step's policy ran
     */
    public ContextState state() {
      return state;
    }

    @Override
    public int step() {
      return step;
    }

    /** {@return the request: the view, the tools and the tool choice} */
    public ChatRequest request() {
      return request;
    }

    /** {@return the number of messages in the view} */
    public int messages() {
      return request.messages().size();
    }

    /** {@return the view's tokens under the state's counter} */
    public long viewTokens() {
      return viewTokens;
    }

    /** {@return the original conversation's tokens under the same counter} */
    public long originalTokens() {
      return originalTokens;
    }

    /** {@return the tool choice of the request; {@code none} for the final answer} */
    public ToolChoice toolChoice() {
      return request.toolChoice();
    }

    /**
     * {@return whether the model is asked to stream its answer}: true when the run forwards
     * the answer to a {@link io.sculptor.model.ChatStreamListener} and the model is a
     * {@link io.sculptor.model.StreamingChatModel}
     */
    public boolean streamed() {
      return streamed;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ModelCalled other
          && step == other.step
          && request.equals(other.request)
          && viewTokens == other.viewTokens
          && originalTokens == other.originalTokens
          && streamed == other.streamed
          && state.equals(other.state);
    }

    @Override
    public int hashCode() {
      return Objects.hash(step, request, viewTokens, originalTokens, streamed, state);
    }

    @Override
    public String toString() {
      return "ModelCalled[step=" + step + ", messages=" + messages() + ", viewTokens=" + viewTokens
          + ", originalTokens=" + originalTokens + ", toolChoice=" + toolChoice() + ", streamed=" + streamed + "]";
    }
  }

  /**
   * The model answered.
   *
   * <p>Value semantics, immutable, thread-safe.
   *
   * @since 0.1
   */
  final class ModelResponded implements AgentEvent {
    private final int step;
    private final ChatResponse response;
    private final Duration latency;
    private final Optional<Duration> timeToFirstChunk;

    private ModelResponded(int step, ChatResponse response, Duration latency, Optional<Duration> timeToFirstChunk) {
      this.step = step;
      this.response = Objects.requireNonNull(response, "response");
      this.latency = Objects.requireNonNull(latency, "latency");
      this.timeToFirstChunk = Objects.requireNonNull(timeToFirstChunk, "timeToFirstChunk");
    }

    /**
     * {@return an instance with these components}
     *
     * @param step the step
     * @param response the whole response: message, usage, and what the provider said about the
     *     call (model, response id, request id, finish reasons)
     * @param latency the time from sending the request to having the whole response
     * @param timeToFirstChunk for a streamed call, the time from sending the request to the first
     *     piece of the answer; empty otherwise
     */
    public static ModelResponded of(int step, ChatResponse response, Duration latency,
        Optional<Duration> timeToFirstChunk) {
      return new ModelResponded(step, response, latency, timeToFirstChunk);
    }

    @Override
    public int step() {
      return step;
    }

    /**
     * {@return the whole response}: message, usage, and what the provider said about the call
     * ({@link ChatResponse#model() model}, {@link ChatResponse#responseId() response id},
     * {@link ChatResponse#requestId() request id}, {@link ChatResponse#finishReasons() finish
     * reasons})
     */
    public ChatResponse response() {
      return response;
    }

    /** {@return the assistant message} */
    public Message message() {
      return response.message();
    }

    /** {@return the tokens of this call} */
    public Usage usage() {
      return response.usage();
    }

    /** {@return the time from sending the request to having the whole response} */
    public Duration latency() {
      return latency;
    }

    /**
     * {@return for a streamed call, the time from sending the request to the first piece of the
     * answer}; empty otherwise
     */
    public Optional<Duration> timeToFirstChunk() {
      return timeToFirstChunk;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ModelResponded other
          && step == other.step
          && response.equals(other.response)
          && latency.equals(other.latency)
          && timeToFirstChunk.equals(other.timeToFirstChunk);
    }

    @Override
    public int hashCode() {
      return Objects.hash(step, response, latency, timeToFirstChunk);
    }

    @Override
    public String toString() {
      return "ModelResponded[step=" + step + ", response=" + response + ", latency=" + latency
          + timeToFirstChunk.map(t -> ", timeToFirstChunk=" + t).orElse("") + "]";
    }
  }

  /**
   * A tool call is about to be executed (or, after the step cap, refused).
   *
   * <p>Value semantics, immutable, thread-safe.
   *
   * @since 0.1
   */
  final class ToolCalled implements AgentEvent {
    private final int step;
    private final ToolCall call;
    private final boolean sculptorTool;

    private ToolCalled(int step, ToolCall call, boolean sculptorTool) {
      this.step = step;
      this.call = Objects.requireNonNull(call, "call");
      this.sculptorTool = sculptorTool;
    }

    /**
     * {@return an instance with these components}
     *
     * @param step the step
     * @param call the call
     * @param sculptorTool whether it calls one of the six Sculptor tools
     */
    public static ToolCalled of(int step, ToolCall call, boolean sculptorTool) {
      return new ToolCalled(step, call, sculptorTool);
    }

    @Override
    public int step() {
      return step;
    }

    /** {@return the call} */
    public ToolCall call() {
      return call;
    }

    /** {@return whether it calls one of the six Sculptor tools} */
    public boolean sculptorTool() {
      return sculptorTool;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ToolCalled other
          && step == other.step
          && call.equals(other.call)
          && sculptorTool == other.sculptorTool;
    }

    @Override
    public int hashCode() {
      return Objects.hash(step, call, sculptorTool);
    }

    @Override
    public String toString() {
      return "ToolCalled[step=" + step + ", call=" + call + ", sculptorTool=" + sculptorTool + "]";
    }
  }

  /**
   * One tool call was executed and its result appended. It also says how many fragments the call
   * folded, summarized and restored, read from the change of the state rather than from the tool's
   * name or its result text, so that every tool that changes fragments is counted as what it did
   * (a {@code return} that summarizes its branch, or folds it when the message is not shorter).
   *
   * <p>Value semantics, immutable, thread-safe.
   *
   * @since 0.1
   */
  final class ToolExecuted implements AgentEvent {
    private final int step;
    private final ToolCall call;
    private final String result;
    private final Optional<ToolErrorCode> error;
    private final boolean failed;
    private final boolean sculptorTool;
    private final Duration latency;
    private final int foldedFragments;
    private final int summarizedFragments;
    private final int restoredFragments;

    private ToolExecuted(int step, ToolCall call, String result, Optional<ToolErrorCode> error, boolean failed,
        boolean sculptorTool, Duration latency, int foldedFragments, int summarizedFragments, int restoredFragments) {
      this.step = step;
      this.call = Objects.requireNonNull(call, "call");
      this.result = Objects.requireNonNull(result, "result");
      this.error = Objects.requireNonNull(error, "error");
      this.failed = failed;
      this.sculptorTool = sculptorTool;
      this.latency = Objects.requireNonNull(latency, "latency");
      this.foldedFragments = notNegative(foldedFragments, "foldedFragments");
      this.summarizedFragments = notNegative(summarizedFragments, "summarizedFragments");
      this.restoredFragments = notNegative(restoredFragments, "restoredFragments");
    }

    private static int notNegative(int value, String name) {
      if (value < 0) {
        throw new IllegalArgumentException(name + " must not be negative, got [" + value + "]");
      }
      return value;
    }

    /**
     * {@return an instance with these components}
     *
     * @param step the step
     * @param call the call
     * @param result the text the model will read
     * @param error the error code of a failed Sculptor call; empty otherwise
     * @param failed whether the call failed (a Sculptor error, an application tool that threw, or an unknown tool)
     * @param sculptorTool whether it was one of the six Sculptor tools
     * @param latency how long the execution took
     */
    public static ToolExecuted of(int step, ToolCall call, String result, Optional<ToolErrorCode> error,
        boolean failed, boolean sculptorTool, Duration latency) {
      return new ToolExecuted(step, call, result, error, failed, sculptorTool, latency, 0, 0, 0);
    }

    /**
     * {@return this event with the fragments the call changed}: how many fragments are folded,
     * summarized and visible again in the state after the call that were not so before it
     *
     * @param folded fragments the call folded
     * @param summarized fragments the call summarized
     * @param restored fragments the call restored
     * @throws IllegalArgumentException if a count is negative
     */
    public ToolExecuted withFragmentChanges(int folded, int summarized, int restored) {
      return new ToolExecuted(step, call, result, error, failed, sculptorTool, latency, folded, summarized, restored);
    }

    @Override
    public int step() {
      return step;
    }

    /** {@return the call} */
    public ToolCall call() {
      return call;
    }

    /** {@return the text the model will read} */
    public String result() {
      return result;
    }

    /** {@return the error code of a failed Sculptor call; empty otherwise} */
    public Optional<ToolErrorCode> error() {
      return error;
    }

    /** {@return whether the call failed (a Sculptor error, an application tool that threw, or an unknown tool)} */
    public boolean failed() {
      return failed;
    }

    /** {@return whether it was one of the six Sculptor tools} */
    public boolean sculptorTool() {
      return sculptorTool;
    }

    /** {@return how long the execution took} */
    public Duration latency() {
      return latency;
    }

    /**
     * {@return how many fragments the call folded}: fragments folded in the state after it that
     * were not folded before, whichever tool did it ({@code fold_fragment}, or {@code return} when
     * its message is not shorter than the branch); 0 for a call that failed or changed no fragment
     */
    public int foldedFragments() {
      return foldedFragments;
    }

    /**
     * {@return how many fragments the call summarized}: fragments summarized in the state after it
     * that were not so before ({@code summarize_fragment}, or {@code return}, which shows the
     * branch as its message); 0 for a call that failed or changed no fragment
     */
    public int summarizedFragments() {
      return summarizedFragments;
    }

    /**
     * {@return how many fragments the call restored}: fragments visible in the state after it that
     * were folded or summarized before ({@code restore_fragment}); 0 for a call that failed or
     * changed no fragment
     */
    public int restoredFragments() {
      return restoredFragments;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ToolExecuted other
          && step == other.step
          && call.equals(other.call)
          && result.equals(other.result)
          && error.equals(other.error)
          && failed == other.failed
          && sculptorTool == other.sculptorTool
          && latency.equals(other.latency)
          && foldedFragments == other.foldedFragments
          && summarizedFragments == other.summarizedFragments
          && restoredFragments == other.restoredFragments;
    }

    @Override
    public int hashCode() {
      return Objects.hash(step, call, result, error, failed, sculptorTool, latency, foldedFragments,
          summarizedFragments, restoredFragments);
    }

    @Override
    public String toString() {
      return "ToolExecuted[step=" + step + ", call=" + call + ", result=" + result + ", error=" + error
          + ", failed=" + failed + ", sculptorTool=" + sculptorTool + ", latency=" + latency + ", foldedFragments="
          + foldedFragments + ", summarizedFragments=" + summarizedFragments + ", restoredFragments="
          + restoredFragments + "]";
    }
  }

  /**
   * The run ended with an answer.
   *
   * @param step the number of model calls made
   * @param run the result
   */
  record Finished(int step, AgentRun run) implements AgentEvent {
    /** Checks that the run is not null. */
    public Finished {
      Objects.requireNonNull(run, "run");
    }
  }

  /**
   * The run ended with an exception, which {@link ContextAgent#run(ContextState)} throws right
   * after this event: an {@link AgentException} when a model call failed, or whatever a policy or
   * the application's model threw that is not a model failure.
   *
   * @param step the step that failed
   * @param failure the exception the run throws
   */
  record Failed(int step, RuntimeException failure) implements AgentEvent {
    /** Checks that the failure is not null. */
    public Failed {
      Objects.requireNonNull(failure, "failure");
    }
  }
}
