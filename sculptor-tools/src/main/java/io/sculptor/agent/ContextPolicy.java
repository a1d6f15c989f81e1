package io.sculptor.agent;

import io.sculptor.core.ContextState;
import io.sculptor.tools.Summarizer;
import io.sculptor.agent.internal.Policies;
import java.util.Objects;

/**
 * An application-driven context-management strategy that runs before a model call (see
 * {@link ContextAgent.Builder#policy(ContextPolicy)}) or whenever the application calls it.
 *
 * <p>Every built-in policy edits only through fragments — it folds or summarizes, never deletes —
 * so the model can restore whatever a policy hid, and it never touches system messages or messages
 * the application pinned. Policies return the very same state when they change nothing.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ContextPolicy {
  /** {@return the state after the policy; {@code state} itself when nothing changed} */
  ContextState apply(ContextState state);

  /** {@return a policy that applies this one, then {@code next}} */
  default ContextPolicy andThen(ContextPolicy next) {
    Objects.requireNonNull(next, "next");
    return state -> next.apply(apply(state));
  }

  /** {@return the policy that changes nothing} */
  static ContextPolicy none() {
    return state -> state;
  }

  /**
   * {@return a policy that runs {@code policy} only while the view has more than {@code maxTokens}
   * tokens}
   */
  static ContextPolicy whenOver(long maxTokens, ContextPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    Policies.checkBudget(maxTokens);
    return state -> state.viewTokens() > maxTokens ? policy.apply(state) : state;
  }

  /**
   * {@return a policy that folds the oldest messages, one by one, until the view fits
   * {@code maxTokens}}, never touching the last {@code keepLast} messages. A message is folded only
   * when that makes the view smaller. When even folding everything allowed does not fit, the view
   * is as small as the policy can make it.
   */
  static ContextPolicy foldOldest(long maxTokens, int keepLast) {
    return Policies.foldOldest(maxTokens, keepLast);
  }

  /**
   * {@return a policy that folds every tool result but the last {@code keepLast}} — what
   * Anthropic's {@code clear_tool_uses} does, but reversible: the model can restore any of them
   */
  static ContextPolicy foldStaleToolResults(int keepLast) {
    return Policies.foldStaleToolResults(keepLast);
  }

  /**
   * {@return a policy that folds messages from the middle of the conversation outwards until the
   * view fits {@code maxTokens}}, keeping the beginning and the last {@code keepLast} messages —
   * what OpenRouter's {@code middle-out} does, but reversible
   */
  static ContextPolicy middleOut(long maxTokens, int keepLast) {
    return Policies.middleOut(maxTokens, keepLast);
  }

  /**
   * {@return a policy that replaces the oldest messages by one summary when the view exceeds
   * {@code maxTokens}}, never touching the last {@code keepLast}; it takes as many of the oldest
   * messages as must go, makes them one fragment and summarizes it with {@code summarizer}. When
   * the summary is refused or fails, or the view still does not fit, it folds oldest messages.
   */
  static ContextPolicy summarizeOldest(long maxTokens, int keepLast, Summarizer summarizer) {
    return Policies.summarizeOldest(maxTokens, keepLast, summarizer);
  }
}
