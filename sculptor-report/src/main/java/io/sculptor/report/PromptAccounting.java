package io.sculptor.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.ContextState;
import io.sculptor.core.Message;
import io.sculptor.core.TokenCounter;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ToolSpec;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntToLongFunction;

/**
 * The prompt tokens of a run of model calls, one call after the other, and how many of them a
 * provider's prefix cache cannot serve: the <em>uncached prompt tokens</em>, what decides cost and
 * latency when the view changes under the model. Folding an early message makes every later token
 * uncached again; folding a late one does not.
 *
 * <p><b>What a call's prompt counts</b>, with the {@link TokenCounter} given:
 *
 * <ol>
 *   <li>the tool schemas, as the compact JSON of a Chat Completions {@code tools} array,
 *       {@code [{"type":"function","function":{"name":…,"description":…,"parameters":…}}]} with
 *       {@code "strict":true} for a strict spec, counted as text; nothing when no tool is offered;
 *   <li>each message: {@link TokenCounter#countMessageOverhead(Message) its overhead} and the tokens
 *       of its content; for a call recorded from a {@link ContextState}, the state's count of the
 *       view message ({@link ContextState#viewTokens(int)}), the same sum kept current by the state;
 *   <li>{@value #REPLY_PRIMING_TOKENS} tokens that prime the reply, as OpenAI counts them.
 * </ol>
 *
 * <p>The schemas are counted as that JSON because it is what the request carries to every
 * OpenAI-compatible endpoint (OpenAI, Kimi, DeepSeek, vLLM, Ollama, OpenRouter), and what a prefix
 * cache sees; counting only the name, description and schema text leaves out the field names,
 * quotes and escapes the request holds, about a dozen tokens per tool on every call. Anthropic's
 * Messages API carries {@code {"name", "description", "input_schema"}} instead, a few tokens less
 * per tool; how a provider renders the tools into its prompt template is not public and not
 * counted.
 *
 * <p><b>The cached prefix.</b> Under ideal prefix caching (any shared prefix is served, nothing
 * expires) the cached tokens of a call are the longest prefix its prompt shares with the previous
 * call's: when the tool schemas are equal, the schemas; then every leading message equal to the
 * previous call's message at the same position; then, in the first message that differs, the
 * characters its content shares at the start with the previous one's, provided it kept its role,
 * name, tool calls and tool-call id (the chat formats write those before the content). The rest is
 * uncached: that message's content from its first different character on (counted on its own, at
 * most the whole message), every later message, and the reply priming, which ends every prompt and
 * is always computed. The first call, and a call whose tool schemas changed, are all uncached.
 *
 * <p>Immutable and thread-safe: each {@code record} returns a new accounting and leaves this one
 * unchanged. An accounting keeps the previous call's messages and their counts, so recording a call
 * counts only the messages that changed since, and the tool schemas once per distinct set of tools.
 *
 * @since 0.1
 */
public final class PromptAccounting {
  /** The tokens that prime the reply at the end of every chat prompt, as OpenAI counts them. */
  public static final int REPLY_PRIMING_TOKENS = 3;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long[] NO_COUNTS = new long[0];

  private final TokenCounter counter;
  /** The previous call's tools; null before the first call. */
  private final List<ToolSpec> tools;
  private final long schemaTokens;
  private final List<Message> messages;
  private final long[] messageTokens;
  private final Tokens lastCall;
  private final Tokens totals;

  private PromptAccounting(TokenCounter counter, List<ToolSpec> tools, long schemaTokens, List<Message> messages,
      long[] messageTokens, Tokens lastCall, Tokens totals) {
    this.counter = counter;
    this.tools = tools;
    this.schemaTokens = schemaTokens;
    this.messages = messages;
    this.messageTokens = messageTokens;
    this.lastCall = lastCall;
    this.totals = totals;
  }

  /** {@return an accounting of no calls yet, that counts with {@code counter}} */
  public static PromptAccounting of(TokenCounter counter) {
    Tokens none = Tokens.of(0, 0, 0, 0);
    return new PromptAccounting(Objects.requireNonNull(counter, "counter"), null, 0, List.of(), NO_COUNTS, none,
        none);
  }

  /** {@return this accounting followed by the call of {@code request}: its messages with its tools} */
  public PromptAccounting record(ChatRequest request) {
    return record(request.messages(), request.tools());
  }

  /**
   * {@return this accounting followed by one call of {@code messages} with {@code tools} offered}
   * Each message is counted with this accounting's counter, unless it equals the previous call's
   * message at the same position, whose count is reused.
   */
  public PromptAccounting record(List<Message> messages, List<ToolSpec> tools) {
    List<Message> sent = List.copyOf(messages);
    return next(sent, tools, i -> {
      Message m = sent.get(i);
      return i < this.messages.size() && this.messages.get(i).equals(m) ? messageTokens[i]
          : counter.countMessageOverhead(m) + counter.countTokens(m.content());
    });
  }

  /**
   * {@return this accounting followed by one call of the view of {@code state} with {@code tools}
   * offered} The messages' tokens are the state's counts, which it keeps current after every edit, so
   * recording a call counts at most the tail of one changed message.
   *
   * @throws IllegalArgumentException if the state counts with another {@link TokenCounter} than this
   *     accounting
   */
  public PromptAccounting record(ContextState state, List<ToolSpec> tools) {
    if (state.tokenCounter() != counter) {
      throw new IllegalArgumentException("the state counts with [" + state.tokenCounter() + "], this accounting"
          + " with [" + counter + "]: record the calls of one run with its states' counter");
    }
    return next(state.view().messages(), tools, state::viewTokens);
  }

  private PromptAccounting next(List<Message> sent, List<ToolSpec> offered, IntToLongFunction countOf) {
    List<ToolSpec> specs = List.copyOf(offered);
    boolean sameTools = specs.equals(tools);
    long schemas = sameTools ? schemaTokens : countSchemas(specs);
    long[] counts = new long[sent.size()];
    long context = 0;
    for (int i = 0; i < counts.length; i++) {
      counts[i] = countOf.applyAsLong(i);
      context += counts[i];
    }
    long prompt = schemas + context + REPLY_PRIMING_TOKENS;
    long uncached = sameTools ? REPLY_PRIMING_TOKENS + uncachedMessageTokens(sent, counts) : prompt;
    Tokens call = Tokens.of(1, context, prompt, uncached);
    Tokens sum = Tokens.of(totals.calls + 1, context, totals.promptTokens + prompt,
        totals.uncachedPromptTokens + uncached);
    return new PromptAccounting(counter, specs, schemas, sent, counts, call, sum);
  }

  /** The tokens of {@code sent} after the first position where it differs from the previous call's messages. */
  private long uncachedMessageTokens(List<Message> sent, long[] counts) {
    int first = 0;
    while (first < sent.size() && first < messages.size() && sent.get(first).equals(messages.get(first))) {
      first++;
    }
    if (first == sent.size()) {
      return 0;
    }
    long tokens = 0;
    for (int i = first + 1; i < counts.length; i++) {
      tokens += counts[i];
    }
    Message now = sent.get(first);
    Message before = first < messages.size() ? messages.get(first) : null;
    if (before != null && before.role() == now.role() && before.name().equals(now.name())
        && before.toolCalls().equals(now.toolCalls()) && before.toolCallId().equals(now.toolCallId())) {
      int common = commonPrefix(before.content(), now.content());
      return tokens + Math.min(counts[first], counter.countTokens(now.content().substring(common)));
    }
    return tokens + counts[first];
  }

  private long countSchemas(List<ToolSpec> specs) {
    return specs.isEmpty() ? 0 : counter.countTokens(toolsJson(specs));
  }

  /** The Chat Completions {@code tools} array of {@code specs}, as compact JSON. */
  private static String toolsJson(List<ToolSpec> specs) {
    ArrayNode array = JSON.createArrayNode();
    for (ToolSpec spec : specs) {
      ObjectNode function = array.addObject().put("type", "function").putObject("function");
      function.put("name", spec.name()).put("description", spec.description());
      try {
        function.set("parameters", JSON.readTree(spec.parametersJson()));
      } catch (JsonProcessingException e) {
        // ToolSpec.of accepts only a JSON object.
        throw new IllegalStateException("schema of tool [" + spec.name() + "] is not JSON", e);
      }
      if (spec.strict()) {
        function.put("strict", true);
      }
    }
    return array.toString();
  }

  /** The length of the common start of {@code a} and {@code b}, never inside a surrogate pair of {@code b}. */
  private static int commonPrefix(String a, String b) {
    int limit = Math.min(a.length(), b.length());
    int i = 0;
    while (i < limit && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    if (i > 0 && i < b.length() && Character.isLowSurrogate(b.charAt(i)) && Character.isHighSurrogate(b.charAt(i - 1))) {
      i--;
    }
    return i;
  }

  /** {@return the tokens of the last call recorded alone; all zero before the first} */
  public Tokens lastCall() {
    return lastCall;
  }

  /** {@return the totals of every call recorded: the calls, the last call's context, all prompt and uncached tokens} */
  public Tokens totals() {
    return totals;
  }

  @Override
  public String toString() {
    return "PromptAccounting[" + totals + "]";
  }

  /**
   * Token counts of one model call or of a run of calls. Value semantics, immutable, thread-safe.
   *
   * @since 0.1
   */
  public static final class Tokens {
    private final int calls;
    private final long finalContextTokens;
    private final long promptTokens;
    private final long uncachedPromptTokens;

    private Tokens(int calls, long finalContextTokens, long promptTokens, long uncachedPromptTokens) {
      this.calls = calls;
      this.finalContextTokens = finalContextTokens;
      this.promptTokens = promptTokens;
      this.uncachedPromptTokens = uncachedPromptTokens;
    }

    /**
     * {@return counts of {@code calls} model calls}
     *
     * @param finalContextTokens the tokens of the last call's messages: the context the model answers from
     * @param promptTokens the prompt tokens of all calls, tool schemas and reply priming included
     * @param uncachedPromptTokens of {@code promptTokens}, those prefix caching cannot serve
     * @throws IllegalArgumentException if a count is negative or the uncached tokens exceed the prompt's
     */
    public static Tokens of(int calls, long finalContextTokens, long promptTokens, long uncachedPromptTokens) {
      if (calls < 0 || finalContextTokens < 0 || promptTokens < 0 || uncachedPromptTokens < 0
          || uncachedPromptTokens > promptTokens) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "need non-negative counts and uncached <="
            + " prompt, got [%d, %d, %d, %d]", calls, finalContextTokens, promptTokens, uncachedPromptTokens));
      }
      return new Tokens(calls, finalContextTokens, promptTokens, uncachedPromptTokens);
    }

    /** {@return the number of model calls} */
    public int calls() {
      return calls;
    }

    /** {@return the tokens of the last call's messages: the context the model answers from (the paper's metric)} */
    public long finalContextTokens() {
      return finalContextTokens;
    }

    /** {@return the prompt tokens summed over the calls, tool schemas and reply priming included} */
    public long promptTokens() {
      return promptTokens;
    }

    /** {@return of the prompt tokens, those after each call's first change since the call before it} */
    public long uncachedPromptTokens() {
      return uncachedPromptTokens;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Tokens t && calls == t.calls && finalContextTokens == t.finalContextTokens
          && promptTokens == t.promptTokens && uncachedPromptTokens == t.uncachedPromptTokens;
    }

    @Override
    public int hashCode() {
      return Objects.hash(calls, finalContextTokens, promptTokens, uncachedPromptTokens);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "Tokens[calls=%d, finalContextTokens=%d, promptTokens=%d,"
          + " uncachedPromptTokens=%d]", calls, finalContextTokens, promptTokens, uncachedPromptTokens);
    }
  }
}
