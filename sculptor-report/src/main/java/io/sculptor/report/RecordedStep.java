package io.sculptor.report;

import io.sculptor.agent.AgentEvent;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.StateSnapshot;
import io.sculptor.model.ToolChoice;
import io.sculptor.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One model call of a recorded run: the state the view was rendered from, the view as sent, the
 * policy that changed the state just before, the response, the tool calls it made with their
 * results, and the tokens.
 *
 * <p>Value semantics, immutable, thread-safe. A class with a builder rather than a record, so that
 * later versions can record more without breaking callers.
 *
 * @since 0.1
 */
public final class RecordedStep {
  private final int step;
  private final StateSnapshot state;
  private final List<Message> view;
  private final ToolChoice toolChoice;
  private final Optional<AgentEvent.PolicyApplied> policy;
  private final Message response;
  private final Usage usage;
  private final List<AgentEvent.ToolExecuted> toolCalls;
  private final long viewTokens;
  private final long originalTokens;
  private final long promptTokens;
  private final long uncachedPromptTokens;

  private RecordedStep(Builder b) {
    this.step = b.step;
    this.state = b.state;
    this.view = b.view;
    this.toolChoice = b.toolChoice;
    this.policy = b.policy;
    this.response = b.response;
    this.usage = b.usage;
    this.toolCalls = List.copyOf(b.toolCalls);
    this.viewTokens = b.viewTokens;
    this.originalTokens = b.originalTokens;
    this.promptTokens = b.promptTokens;
    this.uncachedPromptTokens = b.uncachedPromptTokens;
  }

  /**
   * {@return a builder for the step}
   *
   * @param step the number of the model call, from 1
   * @param state the state the view was rendered from
   * @param view the messages sent: as many as the state's conversation, with the same roles
   * @param response the assistant message the model answered with
   * @throws IllegalArgumentException if the step is below 1, or the view does not have the
   *     structure of the state's conversation
   */
  public static Builder builder(int step, StateSnapshot state, List<Message> view, Message response) {
    return new Builder(step, state, view, response);
  }

  /** {@return the number of the model call, from 1} */
  public int step() {
    return step;
  }

  /** {@return the state the view was rendered from: the original conversation so far, fragments, search hits, pins} */
  public StateSnapshot state() {
    return state;
  }

  /** {@return the messages sent to the model, as it saw them} */
  public List<Message> view() {
    return view;
  }

  /** {@return the tool choice of the request; {@code none} for the last call after the step cap} */
  public ToolChoice toolChoice() {
    return toolChoice;
  }

  /** {@return the budget policy's change just before this call, if it changed the state} */
  public Optional<AgentEvent.PolicyApplied> policy() {
    return policy;
  }

  /** {@return the assistant message the model answered with} */
  public Message response() {
    return response;
  }

  /** {@return the tokens the model reported for this call; {@link Usage#UNKNOWN} if none} */
  public Usage usage() {
    return usage;
  }

  /** {@return the tool calls of the response as executed, with their results, in order} */
  public List<AgentEvent.ToolExecuted> toolCalls() {
    return toolCalls;
  }

  /** {@return the tokens of the view under the run's counter} */
  public long viewTokens() {
    return viewTokens;
  }

  /** {@return the tokens of the original conversation so far under the run's counter} */
  public long originalTokens() {
    return originalTokens;
  }

  /**
   * {@return the tokens of the whole prompt under the run's counter}: the tool schemas, the view and
   * the reply priming, as {@link PromptAccounting} counts them
   */
  public long promptTokens() {
    return promptTokens;
  }

  /**
   * {@return the prompt tokens a prefix cache could not serve}: those from the first position where
   * this prompt differs from the previous call's, to its end; the whole prompt for the first call
   * (see {@link PromptAccounting})
   */
  public long uncachedPromptTokens() {
    return uncachedPromptTokens;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordedStep other
        && step == other.step
        && state.equals(other.state)
        && view.equals(other.view)
        && toolChoice.equals(other.toolChoice)
        && policy.equals(other.policy)
        && response.equals(other.response)
        && usage.equals(other.usage)
        && toolCalls.equals(other.toolCalls)
        && viewTokens == other.viewTokens
        && originalTokens == other.originalTokens
        && promptTokens == other.promptTokens
        && uncachedPromptTokens == other.uncachedPromptTokens;
  }

  @Override
  public int hashCode() {
    return Objects.hash(step, state, view, toolChoice, policy, response, usage, toolCalls, viewTokens,
        originalTokens, promptTokens, uncachedPromptTokens);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "RecordedStep[step=%d, messages=%d, viewTokens=%d, originalTokens=%d,"
        + " promptTokens=%d, uncachedPromptTokens=%d, toolCalls=%d]", step, view.size(), viewTokens, originalTokens,
        promptTokens, uncachedPromptTokens, toolCalls.size());
  }

  /** Builds a {@link RecordedStep}. Mutable, not thread-safe; setters check their values. */
  public static final class Builder {
    private final int step;
    private final StateSnapshot state;
    private final List<Message> view;
    private final Message response;
    private ToolChoice toolChoice = ToolChoice.auto();
    private Optional<AgentEvent.PolicyApplied> policy = Optional.empty();
    private Usage usage = Usage.UNKNOWN;
    private final List<AgentEvent.ToolExecuted> toolCalls = new ArrayList<>();
    private long viewTokens;
    private long originalTokens;
    private long promptTokens;
    private long uncachedPromptTokens;

    private Builder(int step, StateSnapshot state, List<Message> view, Message response) {
      if (step < 1) {
        throw new IllegalArgumentException("step must be at least 1, got [" + step + "]");
      }
      this.step = step;
      this.state = Objects.requireNonNull(state, "state");
      this.view = List.copyOf(view);
      this.response = Objects.requireNonNull(response, "response");
      if (response.role() != Role.ASSISTANT) {
        throw new IllegalArgumentException("the response of step [" + step + "] must be an assistant message, got ["
            + response.role().wireName() + "]");
      }
      List<Message> original = state.conversation().messages();
      if (view.size() != original.size()) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "the view of step [%d] has [%d] messages but its state has [%d]", step, view.size(), original.size()));
      }
      for (int i = 0; i < view.size(); i++) {
        Message sent = view.get(i);
        Message kept = original.get(i);
        if (sent.role() != kept.role() || !sent.toolCalls().equals(kept.toolCalls())
            || !sent.toolCallId().equals(kept.toolCallId())) {
          throw new IllegalArgumentException(String.format(Locale.ROOT,
              "message [%d] of the view of step [%d] is not the original's message [%d] (role [%s], expected [%s]);"
                  + " a view keeps the roles, tool calls and ids of the original", i, step, i, sent.role().wireName(),
              kept.role().wireName()));
        }
      }
    }

    /** Sets the tool choice of the request; default {@code auto}. */
    public Builder toolChoice(ToolChoice value) {
      this.toolChoice = Objects.requireNonNull(value, "toolChoice");
      return this;
    }

    /** Sets the budget policy's change just before this call. */
    public Builder policy(AgentEvent.PolicyApplied value) {
      Objects.requireNonNull(value, "policy");
      if (value.step() != step) {
        throw new IllegalArgumentException("a policy of step [" + value.step() + "] cannot belong to step [" + step + "]");
      }
      this.policy = Optional.of(value);
      return this;
    }

    /** Sets the tokens the model reported; default {@link Usage#UNKNOWN}. */
    public Builder usage(Usage value) {
      this.usage = Objects.requireNonNull(value, "usage");
      return this;
    }

    /**
     * Adds one executed tool call, in the order of the response's calls.
     *
     * @throws IllegalArgumentException if it belongs to another step, or is not the response's next call
     */
    public Builder toolCall(AgentEvent.ToolExecuted value) {
      Objects.requireNonNull(value, "toolCall");
      if (value.step() != step) {
        throw new IllegalArgumentException("a tool call of step [" + value.step() + "] cannot belong to step ["
            + step + "]");
      }
      int next = toolCalls.size();
      if (next >= response.toolCalls().size() || !response.toolCalls().get(next).equals(value.call())) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "tool call [%s] is not call [%d] of the response of step [%d], which makes [%d] calls", value.call().id(),
            next, step, response.toolCalls().size()));
      }
      toolCalls.add(value);
      return this;
    }

    /**
     * Sets the token accounting under the run's counter.
     *
     * @param view the tokens of the view
     * @param original the tokens of the original conversation so far
     * @param prompt the tokens of the whole prompt: tool schemas, view and reply priming
     * @param uncachedPrompt the prompt tokens from the first position that differs from the previous call's prompt
     * @throws IllegalArgumentException if a count is negative or the uncached tokens exceed the prompt's
     */
    public Builder tokens(long view, long original, long prompt, long uncachedPrompt) {
      if (view < 0 || original < 0 || prompt < 0 || uncachedPrompt < 0 || uncachedPrompt > prompt) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "token counts of step [%d] must be non-negative with uncached <= prompt, got view [%d], original [%d],"
                + " prompt [%d], uncached [%d]", step, view, original, prompt, uncachedPrompt));
      }
      this.viewTokens = view;
      this.originalTokens = original;
      this.promptTokens = prompt;
      this.uncachedPromptTokens = uncachedPrompt;
      return this;
    }

    /**
     * {@return the step}
     *
     * @throws IllegalStateException if not every call of the response was added (the agent loop
     *     answers every call, a refused one too)
     */
    public RecordedStep build() {
      if (toolCalls.size() != response.toolCalls().size()) {
        throw new IllegalStateException(String.format(Locale.ROOT,
            "step [%d] has [%d] executed tool calls but its response makes [%d]", step, toolCalls.size(),
            response.toolCalls().size()));
      }
      return new RecordedStep(this);
    }
  }
}
