package io.sculptor.agent;

import io.sculptor.agent.internal.RunObserver;
import io.sculptor.agent.internal.StreamForwarder;
import io.sculptor.core.ContextState;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.core.internal.Preconditions;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ChatStreamListener;
import io.sculptor.model.StreamingChatModel;
import io.sculptor.model.ToolChoice;
import io.sculptor.model.ToolSpec;
import io.sculptor.model.Usage;
import io.sculptor.tools.SculptorToolkit;
import io.sculptor.tools.SculptorTools;
import io.sculptor.tools.ToolErrorCode;
import io.sculptor.tools.ToolResult;
import io.sculptor.tools.internal.Texts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The multi-step agent loop with active context management: render the view, call the model,
 * execute the Sculptor tool calls locally and the application's tool calls with its handlers,
 * append the assistant message and the results, and repeat until the model answers without tools
 * or the step cap is reached — then one last call with {@code tool_choice} {@code none} for the
 * answer (the tools stay declared, because the history holds their calls; a call the model makes
 * anyway gets an error result, so every call stays answered).
 *
 * <p>Several tool calls in one assistant message run in order. A call with malformed arguments, of
 * an unknown tool, or of an application tool that throws gets an error result that the model reads
 * and can act on; it never stops the loop. A failing model call stops the run with an
 * {@link AgentException} that carries the state as it was before the failing step. Budget
 * policies run before each model call and may only make reversible edits.
 *
 * <p>Every run reports {@link AgentEvent}s to the listeners, on the thread that runs it; a
 * listener that throws is logged at WARN and the run goes on. The run also logs through SLF4J under
 * this class's name: one INFO line when it ends (stop reason, model calls, tokens, view and original
 * size, tool calls) and, at DEBUG, one line per step (view tokens, the model's latency, model name,
 * finish reason and request id, the tool calls). {@link #run(ContextState, ChatStreamListener)}
 * forwards the model's answers to the application as they arrive.
 *
 * <p>Immutable and thread-safe when its model, handlers, policy and listeners are; each
 * {@link #run(ContextState)} is independent.
 *
 * @since 0.1
 */
public final class ContextAgent {
  /** The paper's cap on tool-calling steps. */
  public static final int DEFAULT_MAX_STEPS = 20;

  private final ChatModel model;
  private final SculptorToolkit toolkit;
  private final Map<String, ToolHandler> handlers;
  private final List<ToolSpec> tools;
  private final int maxSteps;
  private final ToolChoice firstStepToolChoice;
  private final ContextPolicy policy;
  private final List<AgentListener> listeners;

  private ContextAgent(Builder builder) {
    this.model = builder.model;
    this.toolkit = builder.branchTools ? builder.toolkit.withBranchTools() : builder.toolkit;
    this.handlers = Map.copyOf(builder.handlers);
    List<ToolSpec> all = new ArrayList<>(builder.strictSchemas ? toolkit.strictSpecs() : toolkit.specs());
    all.addAll(builder.applicationTools);
    this.tools = List.copyOf(all);
    this.maxSteps = builder.maxSteps;
    this.firstStepToolChoice = builder.firstStepToolChoice;
    this.policy = builder.policy;
    this.listeners = List.copyOf(builder.listeners);
  }

  /** {@return a builder for an agent that calls {@code model}} */
  public static Builder builder(ChatModel model) {
    return new Builder(model);
  }

  /**
   * {@return the tools offered to the model: the six Sculptor tools, {@code branch} and
   * {@code return} when enabled, then the application's}
   */
  public List<ToolSpec> tools() {
    return tools;
  }

  /**
   * Runs the loop on {@code state}, whose last message is usually the user's request, without
   * streaming.
   *
   * @return the final state, the answer, the usage, the tool statistics and the trajectory
   * @throws AgentException if a model call fails; it carries the state before the failing step
   */
  public AgentRun run(ContextState state) {
    return run(state, ChatStreamListener.NONE);
  }

  /**
   * Runs the loop on {@code state} and forwards every model answer to {@code stream} as it
   * arrives: text, reasoning and the start of each tool call. When the model is a
   * {@link StreamingChatModel}, each call streams and the pieces reach {@code stream} while the
   * provider sends them; otherwise {@code stream} receives each answer's whole text once, when it
   * has arrived, then the start of each of its tool calls. Either way the loop waits for the
   * whole answer and then executes its tool calls, exactly as {@link #run(ContextState)} does.
   * Every answer of the run is forwarded, those that only call tools included;
   * {@link AgentEvent.ModelResponded} tells them apart.
   *
   * <p>{@code stream} is called on this thread. When it throws, the exception is logged at WARN
   * and {@code stream} receives nothing more in this run, which goes on.
   *
   * @param state the state to run on
   * @param stream receives the pieces of every answer; {@link ChatStreamListener#NONE} streams
   *     nothing and calls the model without streaming
   * @return the final state, the answer, the usage, the tool statistics and the trajectory
   * @throws AgentException if a model call fails; it carries the state before the failing step
   */
  public AgentRun run(ContextState state, ChatStreamListener stream) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(stream, "stream");
    RunObserver observer = new RunObserver(listeners);
    observer.emit(new AgentEvent.Started(state));
    try {
      return loop(state, stream == ChatStreamListener.NONE ? null : new StreamForwarder(stream), observer);
    } catch (RuntimeException e) {
      observer.emit(new AgentEvent.Failed(e instanceof AgentException a ? a.step() : observer.step(), e));
      throw e;
    }
  }

  private AgentRun loop(ContextState state, StreamForwarder stream, RunObserver observer) {
    List<TrajectoryStep> trajectory = new ArrayList<>();
    ToolUsage usageByTool = ToolUsage.none();
    Usage usage = Usage.UNKNOWN;
    boolean streamed = stream != null && model instanceof StreamingChatModel;
    for (int step = 1; ; step++) {
      observer.beginStep(step);
      boolean finalCall = step > maxSteps;
      long before = state.viewTokens();
      ContextState beforePolicy = state;
      state = policy.apply(state);
      boolean changed = state != beforePolicy;
      if (changed) {
        int[] hidden = RunObserver.newlyHidden(beforePolicy, state);
        observer.emit(AgentEvent.PolicyApplied.of(step, before, state.viewTokens(), hidden[0], hidden[1]));
      }
      ToolChoice choice = finalCall ? ToolChoice.none() : step == 1 ? firstStepToolChoice : ToolChoice.auto();
      List<Message> view = state.view().messages();
      ChatRequest request = ChatRequest.of(view, tools, choice);
      observer.emit(AgentEvent.ModelCalled.of(step, request, state.viewTokens(), state.originalTokens(), streamed,
          state));
      long sent = System.nanoTime();
      ChatResponse response;
      try {
        response = stream == null ? model.chat(request)
            : StreamingChatModel.of(model).chat(request, stream.startCall(sent));
      } catch (ChatModelException e) {
        throw new AgentException(step, state, e);
      } catch (RuntimeException e) {
        // A model the application wrote may throw anything; the run still ends with the state.
        throw new AgentException(step, state, new ChatModelException(ChatModelException.Kind.UNEXPECTED,
            "the model failed unexpectedly (" + e.getClass().getName() + ")", e));
      }
      Duration latency = Duration.ofNanos(System.nanoTime() - sent);
      usage = usage.plus(response.usage());
      Message assistant = response.message();
      observer.emit(AgentEvent.ModelResponded.of(step, response, latency,
          streamed ? stream.timeToFirstChunk() : Optional.empty()));
      state = state.append(assistant);
      if (finalCall || assistant.toolCalls().isEmpty()) {
        List<Message> refused = new ArrayList<>();
        for (ToolCall call : assistant.toolCalls()) {
          // The model called a tool although it was told not to; answer the call so the pairs stay valid.
          boolean sculptor = toolkit.handles(call.name());
          observer.emit(AgentEvent.ToolCalled.of(step, call, sculptor));
          Message reply = Message.tool(call.id(), "Error: the step cap is reached; no more tool calls are run.");
          state = state.append(reply);
          refused.add(reply);
          observer.emit(AgentEvent.ToolExecuted.of(step, call, reply.content(), Optional.empty(), true, sculptor,
              Duration.ZERO));
        }
        trajectory.add(new TrajectoryStep(view, assistant, refused, false, changed));
        AgentRun run = AgentRun.of(state, assistant.content(),
            finalCall ? AgentRun.StopReason.STEP_CAP : AgentRun.StopReason.ANSWERED, step, usage, usageByTool,
            new Trajectory(trajectory, tools));
        observer.emit(new AgentEvent.Finished(step, run));
        return run;
      }
      List<Message> results = new ArrayList<>();
      boolean modifying = false;
      for (ToolCall call : assistant.toolCalls()) {
        usageByTool = usageByTool.plus(call.name());
        modifying |= toolkit.modifiesContext(call.name());
        String text;
        Optional<ToolErrorCode> error = Optional.empty();
        boolean failed;
        boolean sculptor = toolkit.handles(call.name());
        observer.emit(AgentEvent.ToolCalled.of(step, call, sculptor));
        long started = System.nanoTime();
        ContextState beforeCall = state;
        if (sculptor) {
          ToolResult result = toolkit.execute(state, call.name(), call.arguments());
          state = result.state();
          text = result.text();
          error = result.error();
          failed = !result.isSuccess();
        } else if (handlers.containsKey(call.name())) {
          try {
            String handled = handlers.get(call.name()).handle(call.arguments());
            failed = handled == null;
            text = failed ? "Error: " + call.name() + " returned no result." : handled;
          } catch (RuntimeException e) {
            failed = true;
            text = "Error: " + Texts.clip(call.name(), 64) + " failed: "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : Texts.clip(e.getMessage(), 500));
          }
        } else {
          failed = true;
          text = "Error: there is no tool called \"" + Texts.clip(call.name(), 64) + "\". Available tools: "
              + String.join(", ", tools.stream().map(ToolSpec::name).toList()) + ".";
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        // Counted from the state, not the tool's name: return folds or summarizes a branch too.
        int[] changes = failed || state == beforeCall ? null : RunObserver.fragmentChanges(beforeCall, state);
        Message reply = Message.tool(call.id(), text);
        state = state.append(reply);
        results.add(reply);
        AgentEvent.ToolExecuted executed = AgentEvent.ToolExecuted.of(step, call, text, error, failed, sculptor, took);
        observer.emit(changes == null ? executed : executed.withFragmentChanges(changes[0], changes[1], changes[2]));
      }
      trajectory.add(new TrajectoryStep(view, assistant, results, modifying, changed));
    }
  }

  @Override
  public String toString() {
    return "ContextAgent[" + model + ", " + tools.size() + " tools, maxSteps=" + maxSteps + "]";
  }

  /** Configures a {@link ContextAgent}. Mutable, not thread-safe; setters check their values. */
  public static final class Builder {
    private final ChatModel model;
    private SculptorToolkit toolkit = SculptorToolkit.create();
    private final Map<String, ToolHandler> handlers = new LinkedHashMap<>();
    private final List<ToolSpec> applicationTools = new ArrayList<>();
    private int maxSteps = DEFAULT_MAX_STEPS;
    private ToolChoice firstStepToolChoice = ToolChoice.auto();
    private ContextPolicy policy = ContextPolicy.none();
    private final List<AgentListener> listeners = new ArrayList<>();
    private boolean strictSchemas;
    private boolean branchTools;

    private Builder(ChatModel model) {
      this.model = Objects.requireNonNull(model, "model");
    }

    /** Sets the toolkit that runs the Sculptor tools (and so the summarizer); default extractive. */
    public Builder toolkit(SculptorToolkit value) {
      this.toolkit = Objects.requireNonNull(value, "toolkit");
      return this;
    }

    /** Adds one of the application's tools with the handler that executes it. */
    public Builder tool(ToolSpec spec, ToolHandler handler) {
      Objects.requireNonNull(spec, "spec");
      Objects.requireNonNull(handler, "handler");
      if (SculptorTools.isSculptorTool(spec.name())) {
        throw new IllegalArgumentException("[" + spec.name() + "] is a Sculptor tool name");
      }
      if (handlers.putIfAbsent(spec.name(), handler) != null) {
        throw new IllegalArgumentException("a tool named [" + spec.name() + "] is already registered");
      }
      applicationTools.add(spec);
      return this;
    }

    /** Sets the cap on tool-calling steps; default 20, as in the paper. */
    public Builder maxSteps(int steps) {
      this.maxSteps = Preconditions.atLeast(steps, 0, "maxSteps");
      return this;
    }

    /** Sets the tool choice of the first call; {@link ToolChoice#required()} reproduces the paper. */
    public Builder firstStepToolChoice(ToolChoice choice) {
      this.firstStepToolChoice = Objects.requireNonNull(choice, "choice");
      return this;
    }

    /** Sets the budget policy run before every model call; default none. */
    public Builder policy(ContextPolicy value) {
      this.policy = Objects.requireNonNull(value, "policy");
      return this;
    }

    /**
     * Adds a listener for the events of every run. Listeners are called in the order they were
     * added, on the thread that runs the agent; one that throws is logged at WARN and the run goes
     * on.
     */
    public Builder listener(AgentListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Offers the strict variant of the Sculptor schemas, for providers' strict function calling. */
    public Builder strictSchemas(boolean strict) {
      this.strictSchemas = strict;
      return this;
    }

    /**
     * Offers the opt-in {@code branch} and {@code return} tools after the six, and runs them with
     * the toolkit's {@link SculptorToolkit#withBranchTools()}; default off (a toolkit that has
     * them offers them anyway). A branch still open when a run ends stays open, as
     * {@link io.sculptor.tools.BranchTools} describes.
     */
    public Builder branchTools(boolean enabled) {
      this.branchTools = enabled;
      return this;
    }

    /**
     * {@return the agent}
     *
     * @throws IllegalStateException if an application tool has the name of a tool the toolkit runs
     */
    public ContextAgent build() {
      SculptorToolkit effective = branchTools ? toolkit.withBranchTools() : toolkit;
      for (String name : handlers.keySet()) {
        if (effective.handles(name)) {
          throw new IllegalStateException("the application tool [" + name + "] has the name of a Sculptor tool");
        }
      }
      return new ContextAgent(this);
    }
  }
}
