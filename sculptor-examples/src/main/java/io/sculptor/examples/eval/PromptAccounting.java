package io.sculptor.examples.eval;

import io.sculptor.core.Message;
import io.sculptor.core.TokenCounter;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ToolSpec;
import io.sculptor.openai.ChatCompletionsFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Counts the prompt tokens of an agent's model calls, one call after the other, three ways:
 *
 * <ul>
 *   <li><b>final context</b>: the tokens of the messages of the last call, what the model sees
 *       when it answers (the paper's metric);
 *   <li><b>prompt, all calls</b>: every call's whole prompt summed: the tool schemas (as the JSON
 *       of Chat Completions {@code tools}), the messages, and the three tokens that prime the reply;
 *   <li><b>uncached prompt</b>: under ideal prefix caching, each call pays only for its tokens after
 *       the first position where its prompt differs from the previous call's (the first call pays
 *       for all); summed over the calls. This is what decides cost and latency when a provider
 *       caches prompt prefixes: an edit near the start of the conversation makes everything after
 *       it uncached again.
 * </ul>
 *
 * <p>A prompt is compared as the sequence tool schemas, message 1, message 2, …; within the first
 * message that differs, the common prefix of the two contents still counts as cached when the
 * roles agree. Counts come from the {@link TokenCounter} given, messages with their overhead.
 *
 * <p>Not thread-safe: one instance follows one run of calls. The {@link Tokens} it returns are
 * immutable values.
 */
public final class PromptAccounting {
  /** The tokens that prime the reply at the end of every chat prompt, as OpenAI counts them. */
  public static final int PRIMING_TOKENS = 3;

  private final TokenCounter counter;
  private final Map<Message, Long> messageTokens = new HashMap<>();
  private final Map<String, Long> schemaTokens = new HashMap<>();
  private List<Message> previousMessages = List.of();
  private String previousSchemas;
  private Tokens totals = Tokens.NONE;

  /** Creates an accounting that counts with {@code counter}. */
  public PromptAccounting(TokenCounter counter) {
    this.counter = Objects.requireNonNull(counter, "counter");
  }

  /**
   * Records {@code request}.
   *
   * @return the tokens of this call alone
   */
  public Tokens record(ChatRequest request) {
    return record(request.messages(), request.tools());
  }

  /**
   * Records one call of {@code messages} with {@code tools} declared.
   *
   * @return the tokens of this call alone: its context, its whole prompt, and its uncached part
   */
  public Tokens record(List<Message> messages, List<ToolSpec> tools) {
    String schemas = tools.isEmpty() ? "" : ChatCompletionsFormat.tools(tools).toString();
    long schemaCount = schemaTokens.computeIfAbsent(schemas, text -> (long) counter.countTokens(text));
    long context = 0;
    for (Message m : messages) {
      context += tokens(m);
    }
    long prompt = schemaCount + context + PRIMING_TOKENS;
    long cached = 0;
    if (previousSchemas != null && previousSchemas.equals(schemas)) {
      cached += schemaCount;
      for (int i = 0; i < messages.size() && i < previousMessages.size(); i++) {
        Message now = messages.get(i);
        Message before = previousMessages.get(i);
        if (now.equals(before)) {
          cached += tokens(now);
          continue;
        }
        if (now.role() == before.role()) {
          int common = commonPrefix(now.content(), before.content());
          cached += counter.countTokens(now.content().substring(0, common));
        }
        break;
      }
    }
    previousSchemas = schemas;
    previousMessages = List.copyOf(messages);
    Tokens call = new Tokens(1, context, prompt, prompt - Math.min(cached, prompt));
    totals = totals.plus(call);
    return call;
  }

  /** {@return the totals so far: calls, the last call's context, and all prompt and uncached tokens} */
  public Tokens totals() {
    return totals;
  }

  private long tokens(Message message) {
    Long known = messageTokens.get(message);
    if (known != null) {
      return known;
    }
    long count = counter.countMessageOverhead(message) + counter.countTokens(message.content());
    messageTokens.put(message, count);
    return count;
  }

  private static int commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    if (i > 0 && i < n && Character.isHighSurrogate(a.charAt(i - 1))) {
      i--;
    }
    return i;
  }

  /**
   * Token counts of one call or of a run of calls. Value semantics, immutable, thread-safe.
   */
  public static final class Tokens {
    /** No calls. */
    public static final Tokens NONE = new Tokens(0, 0, 0, 0);

    private final int calls;
    private final long finalContext;
    private final long prompt;
    private final long uncachedPrompt;

    /**
     * Creates counts.
     *
     * @param calls the number of model calls
     * @param finalContext the tokens of the last call's messages
     * @param prompt the prompt tokens of all calls, tool schemas and priming included
     * @param uncachedPrompt of {@code prompt}, the tokens prefix caching cannot serve
     */
    public Tokens(int calls, long finalContext, long prompt, long uncachedPrompt) {
      if (calls < 0 || finalContext < 0 || prompt < 0 || uncachedPrompt < 0 || uncachedPrompt > prompt) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "need non-negative counts and uncached <= prompt, got [%d, %d, %d, %d]", calls, finalContext, prompt,
            uncachedPrompt));
      }
      this.calls = calls;
      this.finalContext = finalContext;
      this.prompt = prompt;
      this.uncachedPrompt = uncachedPrompt;
    }

    /** {@return the number of model calls} */
    public int calls() {
      return calls;
    }

    /** {@return the tokens of the messages of the last call: the context the model answers from} */
    public long finalContext() {
      return finalContext;
    }

    /** {@return the prompt tokens summed over all calls, tool schemas and priming included} */
    public long prompt() {
      return prompt;
    }

    /** {@return the prompt tokens after the first change since the previous call, summed over all calls} */
    public long uncachedPrompt() {
      return uncachedPrompt;
    }

    /** {@return these calls followed by {@code later} ones: the final context becomes the later one's} */
    public Tokens plus(Tokens later) {
      if (later.calls == 0) {
        return this;
      }
      return new Tokens(calls + later.calls, later.finalContext, prompt + later.prompt,
          uncachedPrompt + later.uncachedPrompt);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Tokens t && calls == t.calls && finalContext == t.finalContext && prompt == t.prompt
          && uncachedPrompt == t.uncachedPrompt;
    }

    @Override
    public int hashCode() {
      return Objects.hash(calls, finalContext, prompt, uncachedPrompt);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "Tokens[calls=%d, finalContext=%d, prompt=%d, uncachedPrompt=%d]", calls,
          finalContext, prompt, uncachedPrompt);
    }
  }
}
