package io.sculptor.langchain4j;

import dev.langchain4j.memory.chat.ChatMemoryProvider;
import dev.langchain4j.service.tool.ToolProvider;
import io.sculptor.agent.ContextPolicy;
import io.sculptor.core.TokenCounter;
import io.sculptor.store.ContextStore;
import io.sculptor.tools.SculptorToolkit;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Sculptor for LangChain4j's {@code AiServices}: a {@link ChatMemoryProvider} whose memories are
 * {@link SculptorChatMemory reversible Sculptor states}, one per memory id, and the
 * {@link #toolProvider() six Sculptor tools} routed to the memory of the invocation, so that the
 * model folds, summarizes, restores and searches its own memory inside {@code AiServices}' own
 * tool loop:
 *
 * <pre>{@code
 * SculptorChatMemoryProvider memories = SculptorChatMemoryProvider.builder().build();
 * Assistant assistant = AiServices.builder(Assistant.class)
 *     .chatModel(model)
 *     .chatMemoryProvider(memories)
 *     .toolProvider(memories.toolProvider())
 *     .build();
 * }</pre>
 *
 * <p>States live in this provider, one per memory id, and with a {@link ContextStore} also in the
 * store, so that a conversation survives a restart and several servers can serve it: each memory
 * loads its conversation when first asked for and saves every change as it happens.
 *
 * <p>Immutable settings; thread-safe.
 *
 * @since 0.1
 */
public final class SculptorChatMemoryProvider implements ChatMemoryProvider {
  private final ContextPolicy policy;
  private final TokenCounter counter;
  private final SculptorToolkit toolkit;
  private final ContextStore store;
  // Keyed by the id's text, as the store keys conversations: memory ids 1 and "1" are one conversation.
  private final ConcurrentMap<String, SculptorChatMemory> memories = new ConcurrentHashMap<>();
  private final SculptorToolProvider tools;

  private SculptorChatMemoryProvider(Builder builder) {
    this.policy = builder.policy;
    this.counter = builder.counter;
    this.toolkit = builder.toolkit;
    this.store = builder.store;
    this.tools = new SculptorToolProvider(this, toolkit.specs());
  }

  /** {@return a builder with no policy, the estimating token counter, the extractive summarizer and no store} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the memory of {@code memoryId}, loaded from the store the first time when there is one} */
  @Override
  public SculptorChatMemory get(Object memoryId) {
    Objects.requireNonNull(memoryId, "memoryId");
    return memories.computeIfAbsent(String.valueOf(memoryId),
        id -> new SculptorChatMemory(memoryId, policy, counter, toolkit, store));
  }

  /**
   * {@return the six Sculptor tools for {@code AiServices.toolProvider(...)}}, and {@code branch}
   * and {@code return} when the toolkit {@link SculptorToolkit#withBranchTools() has them}: each
   * call runs on the memory of the invocation's memory id
   */
  public ToolProvider toolProvider() {
    return tools;
  }

  /** {@return the store conversations are saved in, if any} */
  public Optional<ContextStore> store() {
    return Optional.ofNullable(store);
  }

  @Override
  public String toString() {
    return "SculptorChatMemoryProvider[" + memories.size() + " memories, policy=" + policy + ", store=" + store + "]";
  }

  /**
   * Settings of a provider. Mutable, not thread-safe; {@link #build()} makes an immutable provider.
   *
   * @since 0.1
   */
  public static final class Builder {
    private ContextPolicy policy = ContextPolicy.none();
    private TokenCounter counter = TokenCounter.estimator();
    private SculptorToolkit toolkit = SculptorToolkit.create();
    private ContextStore store;

    private Builder() {}

    /** {@return this builder, applying {@code value} to each memory before its messages are read} */
    public Builder policy(ContextPolicy value) {
      this.policy = Objects.requireNonNull(value, "policy");
      return this;
    }

    /**
     * {@return this builder, counting tokens with {@code value}} (the policy's budgets are in its
     * tokens; {@link LangChain4jTokenCounter} brings a LangChain4j estimator)
     */
    public Builder tokenCounter(TokenCounter value) {
      this.counter = Objects.requireNonNull(value, "tokenCounter");
      return this;
    }

    /** {@return this builder, running the Sculptor tools with {@code value} (e.g. a model-backed summarizer)} */
    public Builder toolkit(SculptorToolkit value) {
      this.toolkit = Objects.requireNonNull(value, "toolkit");
      return this;
    }

    /** {@return this builder, saving every conversation in {@code value}} */
    public Builder store(ContextStore value) {
      this.store = Objects.requireNonNull(value, "store");
      return this;
    }

    /** {@return the provider} */
    public SculptorChatMemoryProvider build() {
      return new SculptorChatMemoryProvider(this);
    }
  }
}
