package io.sculptor.springai;

import io.sculptor.agent.ContextAgent;
import io.sculptor.agent.ContextPolicy;
import io.sculptor.core.ContextState;
import io.sculptor.core.Role;
import io.sculptor.core.TokenCounter;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ToolSpec;
import io.sculptor.store.ContextStore;
import io.sculptor.tools.SculptorToolkit;
import io.sculptor.tools.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.ai.chat.client.ChatClientMessageAggregator;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.ToolCallingAdvisor;
import org.springframework.ai.chat.client.advisor.api.Advisor;
import org.springframework.ai.chat.client.advisor.api.AdvisorChain;
import org.springframework.ai.chat.client.advisor.api.BaseAdvisor;
import org.springframework.ai.chat.client.advisor.api.BaseChatMemoryAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import reactor.core.publisher.Flux;

/**
 * A Spring AI {@code ChatClient} advisor that keeps a reversible Sculptor {@link ContextState}
 * per conversation and sends the model its <em>view</em>: folded and summarized text replaced by
 * markers the model can restore with the Sculptor tools ({@link #toolCallbacks()}).
 *
 * <pre>{@code
 * SculptorAdvisor sculptor = SculptorAdvisor.builder()
 *     .policy(ContextPolicy.foldOldest(100_000, 6))
 *     .build();
 * ChatClient chat = ChatClient.builder(model)
 *     .defaultAdvisors(sculptor.advisors())
 *     .defaultTools(sculptor.toolCallbacks(), myTools)
 *     .build();
 * chat.prompt().user(question)
 *     .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "alice"))
 *     .call().content();
 * }</pre>
 *
 * <p><b>Inside the tool loop.</b> Its order, {@link #DEFAULT_ORDER}, is after Spring AI's
 * {@link ToolCallingAdvisor} ({@link ToolCallingAdvisor#DEFAULT_ORDER}), so the chain calls it once
 * per model call of the tool loop: before each call it appends what is new (the user's message
 * first, then every tool result), applies the {@link ContextPolicy} and replaces the prompt's
 * messages by the view; after each call it appends the model's answer, tool calls included.
 * Because it is a memory advisor ordered after the tool-calling advisor, the {@code ChatClient}
 * registers its tool-calling advisor without its own conversation history, so each call forwards
 * only the new tool results and this advisor holds the whole conversation. If the tool-calling
 * advisor does forward its history, the messages up to the model's answer this advisor already
 * holds are recognized and not appended again.
 *
 * <p><b>Conversations.</b> The conversation id is Spring AI's {@link ChatMemory#CONVERSATION_ID}
 * advisor parameter ({@value #DEFAULT_CONVERSATION_ID} when absent). Send only the new messages;
 * the advisor remembers the rest. System messages that repeat the latest one are not appended
 * again; the view shows only the latest, first. Empty system messages are ignored (Spring AI's
 * tool loop sends one when the prompt has none). With a {@link ContextStore} every change is
 * saved as it happens, and a conversation another server saved is loaded when first used.
 *
 * <p><b>Tools.</b> {@link #toolCallbacks()} are the six Sculptor tools, and the opt-in
 * {@code branch} and {@code return} when the toolkit has them (pass them to
 * {@code tools(...)} or {@code defaultTools(...)} with the application's own {@code @Tool}
 * objects; Spring AI 2 deprecates {@code toolCallbacks(...)} in their favour); they read the
 * conversation id from the {@code ToolContext}, where {@link #toolContextAdvisor()} (ordered
 * before the tool-calling advisor) puts it. {@link #advisors()} gives both advisors.
 *
 * <p><b>Step cap.</b> A turn (the model calls after one user message) may call the model with
 * tools at most {@code stepCap} times, as {@link ContextAgent} does; the next call is sent
 * without tool definitions, and tool calls the model makes anyway are answered with an error and
 * removed from the response, which ends the tool loop.
 *
 * <p>Immutable settings; thread-safe; changes to one conversation run one at a time.
 *
 * @since 0.1
 */
public final class SculptorAdvisor implements BaseChatMemoryAdvisor {
  /** The default order: after the tool-calling advisor, so that it runs inside the tool loop. */
  public static final int DEFAULT_ORDER = ToolCallingAdvisor.DEFAULT_ORDER + 100;
  /** The conversation id used when the request names none. */
  public static final String DEFAULT_CONVERSATION_ID = "default";
  /** The default step cap: {@link ContextAgent#DEFAULT_MAX_STEPS}. */
  public static final int DEFAULT_STEP_CAP = ContextAgent.DEFAULT_MAX_STEPS;
  /** The text that answers a tool call made after the step cap. */
  static final String STEP_CAP_REACHED = "Error: the step cap is reached; no more tool calls are run.";

  private final ContextPolicy policy;
  private final TokenCounter counter;
  private final SculptorToolkit toolkit;
  private final ContextStore store;
  private final int stepCap;
  private final int order;
  private final ConcurrentMap<String, ConversationContext> conversations = new ConcurrentHashMap<>();
  private final List<ToolCallback> toolCallbacks;
  private final Advisor toolContextAdvisor = new ToolContextAdvisor();

  private SculptorAdvisor(Builder builder) {
    this.policy = builder.policy;
    this.counter = builder.counter;
    this.toolkit = builder.toolkit;
    this.store = builder.store;
    this.stepCap = builder.stepCap;
    this.order = builder.order;
    List<ToolCallback> callbacks = new ArrayList<>();
    for (ToolSpec spec : toolkit.specs()) {
      callbacks.add(new SculptorToolCallback(spec, this));
    }
    this.toolCallbacks = List.copyOf(callbacks);
  }

  /** {@return a builder with no policy, the estimating token counter, no store and a step cap of 20} */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public int getOrder() {
    return order;
  }

  @Override
  public String getName() {
    return "SculptorAdvisor";
  }

  /** {@return the conversation id of {@code context}, or {@value #DEFAULT_CONVERSATION_ID}} */
  @Override
  public String getConversationId(Map<String, Object> context) {
    Object id = context.get(ChatMemory.CONVERSATION_ID);
    return id == null ? DEFAULT_CONVERSATION_ID : id.toString();
  }

  /**
   * Appends the request's new messages to the conversation, applies the policy and returns the
   * request with the view as its messages (without tool definitions once the step cap is reached).
   */
  @Override
  public ChatClientRequest before(ChatClientRequest request, AdvisorChain chain) {
    ConversationContext conversation = conversation(getConversationId(request.context()));
    List<Message> messages;
    boolean capped;
    synchronized (conversation) {
      List<io.sculptor.core.Message> fresh = fresh(request.prompt().getInstructions(), conversation.state());
      if (fresh.stream().anyMatch(m -> m.role() == Role.USER)) {
        conversation.steps = 0;
      }
      conversation.change(s -> {
        ContextState next = s;
        for (io.sculptor.core.Message m : fresh) {
          if (m.role() != Role.SYSTEM || !latestSystem(next).map(m::equals).orElse(false)) {
            next = next.append(m);
          }
        }
        return next;
      });
      conversation.change(policy::apply);
      conversation.steps++;
      capped = conversation.steps > stepCap;
      messages = view(conversation.state());
    }
    Prompt.Builder prompt = request.prompt().mutate().messages(messages);
    ChatOptions options = request.prompt().getOptions();
    if (capped && options instanceof ToolCallingChatOptions tools) {
      prompt.chatOptions(tools.mutate().toolCallbacks(List.of()).build());
    }
    return request.mutate().prompt(prompt.build()).build();
  }

  /**
   * Appends the model's answer to the conversation; past the step cap, answers its tool calls
   * with an error and returns the response without them.
   */
  @Override
  public ChatClientResponse after(ChatClientResponse response, AdvisorChain chain) {
    ChatResponse chatResponse = response.chatResponse();
    if (chatResponse == null || chatResponse.getResults().isEmpty()) {
      return response;
    }
    ConversationContext conversation = conversation(getConversationId(response.context()));
    List<Generation> generations = new ArrayList<>();
    boolean stripped = false;
    synchronized (conversation) {
      boolean capped = conversation.steps > stepCap;
      for (Generation generation : chatResponse.getResults()) {
        AssistantMessage output = generation.getOutput();
        List<io.sculptor.core.Message> answer = new ArrayList<>(SpringAiMessages.toSculptor(output));
        if (capped && output.hasToolCalls()) {
          for (ToolCall call : answer.get(0).toolCalls()) {
            answer.add(io.sculptor.core.Message.tool(call.id(), STEP_CAP_REACHED).withName(call.name()));
          }
          output = output.mutate().toolCalls(List.of()).build();
          stripped = true;
        }
        conversation.change(s -> {
          ContextState next = s;
          for (io.sculptor.core.Message m : answer) {
            next = next.append(m);
          }
          return next;
        });
        generations.add(new Generation(output, generation.getMetadata()));
      }
    }
    if (!stripped) {
      return response;
    }
    return response.mutate().chatResponse(ChatResponse.builder().from(chatResponse).generations(generations).build())
        .build();
  }

  /** Streams like a call: {@link #before} on the request, {@link #after} on the whole streamed answer. */
  @Override
  public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
    return Flux.defer(() -> chain.nextStream(before(request, chain)))
        .transform(flux -> new ChatClientMessageAggregator().aggregateChatClientResponse(flux,
            aggregated -> after(aggregated, chain)))
        .subscribeOn(getScheduler());
  }

  /**
   * {@return the six Sculptor tools, in the paper's order, then {@code branch} and {@code return}
   * when the toolkit {@link SculptorToolkit#withBranchTools() has them}; each runs on the
   * conversation of its call}
   */
  public List<ToolCallback> toolCallbacks() {
    return toolCallbacks;
  }

  /**
   * {@return the advisor that puts the conversation id into the {@code ToolContext}}: ordered
   * before the tool-calling advisor ({@link Advisor#DEFAULT_CHAT_MEMORY_PRECEDENCE_ORDER}), because
   * that advisor runs the tools with the options it received
   */
  public Advisor toolContextAdvisor() {
    return toolContextAdvisor;
  }

  /** {@return {@link #toolContextAdvisor()} and this advisor, for {@code ChatClient.Builder.defaultAdvisors}} */
  public List<Advisor> advisors() {
    return List.of(toolContextAdvisor, this);
  }

  /** {@return the state of {@code conversationId}: the original conversation, the fragments, the view} */
  public ContextState state(String conversationId) {
    return conversation(conversationId).state();
  }

  /**
   * Runs one Sculptor tool call on a conversation, as the model's call through
   * {@link #toolCallbacks()} does.
   *
   * @param conversationId the conversation
   * @param toolName the tool the model called
   * @param rawArguments the arguments as the model wrote them
   * @return the result; a failed call leaves the conversation unchanged
   */
  public ToolResult execute(String conversationId, String toolName, String rawArguments) {
    return conversation(conversationId).execute(toolkit, toolName, rawArguments);
  }

  /** Forgets a conversation, in the store too. */
  public void clear(String conversationId) {
    conversation(conversationId).clear();
  }

  /** {@return the store conversations are saved in, if any} */
  public Optional<ContextStore> store() {
    return Optional.ofNullable(store);
  }

  private ConversationContext conversation(String id) {
    Objects.requireNonNull(id, "conversationId");
    return conversations.computeIfAbsent(id, key -> new ConversationContext(key, counter, store));
  }

  /**
   * The messages of {@code instructions} the state does not hold yet: all of them, or, when they
   * repeat the model's latest answer, those after it.
   */
  private static List<io.sculptor.core.Message> fresh(List<Message> instructions, ContextState state) {
    List<Message> incoming = new ArrayList<>();
    for (Message m : instructions) {
      if (!(m instanceof SystemMessage system && (system.getText() == null || system.getText().isEmpty()))) {
        incoming.add(m);
      }
    }
    Optional<io.sculptor.core.Message> latestAnswer = latest(state, Role.ASSISTANT);
    int from = 0;
    if (latestAnswer.isPresent()) {
      for (int i = incoming.size() - 1; i >= 0; i--) {
        if (incoming.get(i) instanceof AssistantMessage a
            && SpringAiMessages.toSculptor(a).get(0).equals(latestAnswer.get())) {
          from = i + 1;
          break;
        }
      }
    }
    return SpringAiMessages.toSculptor(incoming.subList(from, incoming.size()));
  }

  /** The view as Spring AI messages: of the system messages only the latest, first. */
  private static List<Message> view(ContextState state) {
    List<io.sculptor.core.Message> view = state.view().messages();
    int latestSystem = -1;
    for (int i = 0; i < view.size(); i++) {
      if (view.get(i).role() == Role.SYSTEM) {
        latestSystem = i;
      }
    }
    List<io.sculptor.core.Message> sent = new ArrayList<>(view.size());
    if (latestSystem >= 0) {
      sent.add(view.get(latestSystem));
    }
    for (io.sculptor.core.Message m : view) {
      if (m.role() != Role.SYSTEM) {
        sent.add(m);
      }
    }
    return SpringAiMessages.toSpringAi(sent);
  }

  private static Optional<io.sculptor.core.Message> latestSystem(ContextState state) {
    return latest(state, Role.SYSTEM);
  }

  private static Optional<io.sculptor.core.Message> latest(ContextState state, Role role) {
    List<io.sculptor.core.Message> original = state.original().messages();
    for (int i = original.size() - 1; i >= 0; i--) {
      if (original.get(i).role() == role) {
        return Optional.of(original.get(i));
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "SculptorAdvisor[order=%d, %d conversations, policy=%s, stepCap=%d, store=%s]",
        order, conversations.size(), policy, stepCap, store);
  }

  /** Copies the conversation id into the tool context, so that the Sculptor tools find their conversation. */
  private final class ToolContextAdvisor implements BaseAdvisor {
    @Override
    public int getOrder() {
      return Advisor.DEFAULT_CHAT_MEMORY_PRECEDENCE_ORDER;
    }

    @Override
    public String getName() {
      return "SculptorToolContextAdvisor";
    }

    @Override
    public ChatClientRequest before(ChatClientRequest request, AdvisorChain chain) {
      if (!(request.prompt().getOptions() instanceof ToolCallingChatOptions options)) {
        return request;
      }
      String id = SculptorAdvisor.this.getConversationId(request.context());
      ChatOptions withId = options.mutate().toolContext(ChatMemory.CONVERSATION_ID, id).build();
      return request.mutate().prompt(request.prompt().mutate().chatOptions(withId).build()).build();
    }

    @Override
    public ChatClientResponse after(ChatClientResponse response, AdvisorChain chain) {
      return response;
    }

    @Override
    public String toString() {
      return "SculptorToolContextAdvisor[order=" + getOrder() + "]";
    }
  }

  /**
   * Settings of an advisor. Mutable, not thread-safe; {@link #build()} makes an immutable advisor.
   *
   * @since 0.1
   */
  public static final class Builder {
    private ContextPolicy policy = ContextPolicy.none();
    private TokenCounter counter = TokenCounter.estimator();
    private SculptorToolkit toolkit = SculptorToolkit.create();
    private ContextStore store;
    private int stepCap = DEFAULT_STEP_CAP;
    private int order = DEFAULT_ORDER;

    private Builder() {}

    /** {@return this builder, applying {@code value} to the conversation before every model call} */
    public Builder policy(ContextPolicy value) {
      this.policy = Objects.requireNonNull(value, "policy");
      return this;
    }

    /** {@return this builder, counting tokens with {@code value}} (the policy's budgets are in its tokens) */
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

    /**
     * {@return this builder, allowing {@code value} model calls with tools per turn}
     *
     * @throws IllegalArgumentException if {@code value} is not positive
     */
    public Builder stepCap(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("stepCap must be positive, got [" + value + "]");
      }
      this.stepCap = value;
      return this;
    }

    /**
     * {@return this builder, with the advisor order {@code value}}
     *
     * @throws IllegalArgumentException if {@code value} is not after
     *     {@link ToolCallingAdvisor#DEFAULT_ORDER}: the advisor would run outside the tool loop
     *     and never see the tool results
     */
    public Builder order(int value) {
      if (value <= ToolCallingAdvisor.DEFAULT_ORDER) {
        throw new IllegalArgumentException("order must be after the tool-calling advisor's ["
            + ToolCallingAdvisor.DEFAULT_ORDER + "], got [" + value + "]");
      }
      this.order = value;
      return this;
    }

    /** {@return the advisor} */
    public SculptorAdvisor build() {
      return new SculptorAdvisor(this);
    }
  }
}
