package io.sculptor.agent;

import io.sculptor.core.ContextState;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.core.internal.Preconditions;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ToolChoice;
import io.sculptor.model.ToolSpec;
import io.sculptor.model.Usage;
import io.sculptor.tools.SculptorToolkit;
import io.sculptor.tools.SculptorTools;
import io.sculptor.tools.ToolErrorCode;
import io.sculptor.tools.ToolResult;
import io.sculptor.tools.internal.Texts;
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
    this.toolkit = builder.toolkit;
    this.handlers = Map.copyOf(builder.handlers);
    List<ToolSpec> all = new ArrayList<>(builder.strictSchemas ? SculptorTools.strictSpecs() : SculptorTools.specs());
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

  /** {@return the tools offered to the model: the six Sculptor tools, then the application's} */
  public List<ToolSpec> tools() {
    return tools;
  }

  /**
   * Runs the loop on {@code state}, whose last message is usually the user's request.
   *
   * @return the final state, the answer, the usage, the tool statistics and the trajectory
   * @throws AgentException if a model call fails; it carries the state before the failing step
   */
  public AgentRun run(ContextState state) {
    Objects.requireNonNull(state, "state");
    List<TrajectoryStep> trajectory = new ArrayList<>();
    ToolUsage usageByTool = ToolUsage.none();
    Usage usage = Usage.UNKNOWN;
    for (int step = 1; ; step++) {
      boolean finalCall = step > maxSteps;
      long before = state.viewTokens();
      ContextState beforePolicy = state;
      state = policy.apply(state);
      boolean changed = state != beforePolicy;
      if (changed) {
        emit(new AgentEvent.PolicyApplied(step, before, state.viewTokens()));
      }
      ToolChoice choice = finalCall ? ToolChoice.none() : step == 1 ? firstStepToolChoice : ToolChoice.auto();
      List<Message> view = state.view().messages();
      emit(new AgentEvent.ModelCalled(step, view.size(), state.viewTokens(), choice, state));
      ChatResponse response;
      try {
        response = model.chat(ChatRequest.of(view, tools, choice));
      } catch (ChatModelException e) {
        throw new AgentException(step, state, e);
      } catch (RuntimeException e) {
        // A model the application wrote may throw anything; the run still ends with the state.
        throw new AgentException(step, state, new ChatModelException(ChatModelException.Kind.UNEXPECTED,
            "the model failed unexpectedly (" + e.getClass().getName() + ")", e));
      }
      usage = usage.plus(response.usage());
      Message assistant = response.message();
      emit(new AgentEvent.ModelResponded(step, assistant, response.usage()));
      state = state.append(assistant);
      if (finalCall || assistant.toolCalls().isEmpty()) {
        List<Message> refused = new ArrayList<>();
        for (ToolCall call : assistant.toolCalls()) {
          // The model called a tool although it was told not to; answer the call so the pairs stay valid.
          Message reply = Message.tool(call.id(), "Error: the step cap is reached; no more tool calls are run.");
          state = state.append(reply);
          refused.add(reply);
          emit(AgentEvent.ToolExecuted.of(step, call, reply.content(), Optional.empty(), true,
              toolkit.handles(call.name())));
        }
        trajectory.add(new TrajectoryStep(view, assistant, refused, false, changed));
        AgentRun run = AgentRun.of(state, assistant.content(),
            finalCall ? AgentRun.StopReason.STEP_CAP : AgentRun.StopReason.ANSWERED, step, usage, usageByTool,
            new Trajectory(trajectory, tools));
        emit(new AgentEvent.Finished(step, run));
        return run;
      }
      List<Message> results = new ArrayList<>();
      boolean modifying = false;
      for (ToolCall call : assistant.toolCalls()) {
        usageByTool = usageByTool.plus(call.name());
        modifying |= SculptorTools.CONTEXT_MODIFYING.contains(call.name());
        String text;
        Optional<ToolErrorCode> error = Optional.empty();
        boolean failed;
        boolean sculptor = toolkit.handles(call.name());
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
        Message reply = Message.tool(call.id(), text);
        state = state.append(reply);
        results.add(reply);
        emit(AgentEvent.ToolExecuted.of(step, call, text, error, failed, sculptor));
      }
      trajectory.add(new TrajectoryStep(view, assistant, results, modifying, changed));
    }
  }

  private void emit(AgentEvent event) {
    for (AgentListener listener : listeners) {
      listener.onEvent(event);
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

    /** Adds a listener for the events of every run. */
    public Builder listener(AgentListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Offers the strict variant of the Sculptor schemas, for providers' strict function calling. */
    public Builder strictSchemas(boolean strict) {
      this.strictSchemas = strict;
      return this;
    }

    /** {@return the agent} */
    public ContextAgent build() {
      return new ContextAgent(this);
    }
  }
}
