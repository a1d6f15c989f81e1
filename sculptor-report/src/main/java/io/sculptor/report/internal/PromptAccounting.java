package io.sculptor.report.internal;

import io.sculptor.core.ContextState;
import io.sculptor.core.Message;
import io.sculptor.core.TokenCounter;
import io.sculptor.model.ToolSpec;
import java.util.List;

/**
 * Prompt tokens under prefix caching. A provider's prompt cache serves the longest prefix a request
 * shares with an earlier one; what follows the first position where the prompt differs from the
 * previous call's must be processed again. That part is the call's <em>uncached prompt tokens</em>,
 * the number that decides cost and latency when a view changes under the model: folding an early
 * message makes every later token uncached, folding a late one does not.
 *
 * <p>The prompt is the tool schemas followed by the view's messages. The schemas are the same on
 * every call of a run, so they are uncached only on the first. Between two views, the first
 * message that differs is found by comparing messages; inside it, the characters the two share at
 * the start are cached when the message kept its role, name and tool calls (they come before the
 * content in the chat formats), and the rest of it, with every later message, is not. Counts use
 * the run's {@link TokenCounter}, the whole-message counts from the state's cache and one count of
 * the changed message's tail, so accounting a step costs counting one message, not the view.
 *
 * <p>Stateless and thread-safe. Not an API.
 */
public final class PromptAccounting {
  private PromptAccounting() {}

  /** {@return the tokens of the tool schemas: name, description and parameters of each, as the counter counts text} */
  public static long schemaTokens(List<ToolSpec> tools, TokenCounter counter) {
    long tokens = 0;
    for (ToolSpec spec : tools) {
      tokens += counter.countTokens(spec.name()) + counter.countTokens(spec.description())
          + counter.countTokens(spec.parametersJson());
    }
    return tokens;
  }

  /** {@return how many leading messages {@code current} shares with {@code previous}} */
  public static int sharedMessages(List<Message> previous, List<Message> current) {
    int limit = Math.min(previous.size(), current.size());
    int shared = 0;
    while (shared < limit && previous.get(shared).equals(current.get(shared))) {
      shared++;
    }
    return shared;
  }

  /**
   * {@return the uncached prompt tokens of a call whose view {@code view} was rendered from
   * {@code state}}, after a call whose view was {@code previousView} (empty for the first call)
   *
   * @param schemaTokens the tokens of the tool schemas, uncached on the first call only
   */
  public static long uncachedTokens(List<Message> previousView, List<Message> view, ContextState state,
      long schemaTokens) {
    if (previousView.isEmpty()) {
      return schemaTokens + state.viewTokens();
    }
    int first = sharedMessages(previousView, view);
    long tokens = 0;
    for (int i = first + 1; i < view.size(); i++) {
      tokens += state.viewTokens(i);
    }
    if (first < view.size()) {
      Message now = view.get(first);
      Message before = first < previousView.size() ? previousView.get(first) : null;
      boolean sameFrame = before != null && before.role() == now.role() && before.name().equals(now.name())
          && before.toolCalls().equals(now.toolCalls()) && before.toolCallId().equals(now.toolCallId());
      if (sameFrame) {
        int common = commonPrefix(before.content(), now.content());
        tokens += Math.min(state.viewTokens(first), state.tokenCounter().countTokens(now.content().substring(common)));
      } else {
        tokens += state.viewTokens(first);
      }
    }
    return tokens;
  }

  private static int commonPrefix(String a, String b) {
    int limit = Math.min(a.length(), b.length());
    int i = 0;
    while (i < limit && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    // Never split a surrogate pair: the tail starts at a whole character.
    if (i > 0 && i < b.length() && Character.isLowSurrogate(b.charAt(i)) && Character.isHighSurrogate(b.charAt(i - 1))) {
      i--;
    }
    return i;
  }
}
