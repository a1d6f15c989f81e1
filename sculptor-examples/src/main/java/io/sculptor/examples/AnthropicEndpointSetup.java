package io.sculptor.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.agent.ContextPolicy;
import io.sculptor.anthropic.AnthropicChatModel;
import io.sculptor.anthropic.AnthropicTokenCounter;
import io.sculptor.anthropic.MessagesFormat;
import io.sculptor.anthropic.PromptCaching;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ChatStreamListener;
import io.sculptor.model.ToolChoice;
import io.sculptor.tools.SculptorTools;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How to run Sculptor on Anthropic's Messages API. The snippets of {@code docs/anthropic.md} are
 * copied from here; building a model does not touch the network.
 */
public final class AnthropicEndpointSetup {
  private AnthropicEndpointSetup() {}

  /** {@return a model for Claude, key from {@code ANTHROPIC_API_KEY}} */
  public static AnthropicChatModel claude() {
    // snippet:anthropic
    AnthropicChatModel model = AnthropicChatModel.builder()
        .model("claude-sonnet-4-5")                 // key from ANTHROPIC_API_KEY
        .maxTokens(4096)
        .parameter("temperature", 0)
        .build();                                   // cache-aware cache_control breakpoints by default
    // end-snippet
    return model;
  }

  /** {@return a model with every time, size, retry and caching setting spelled out} */
  public static AnthropicChatModel withLimits() {
    // snippet:anthropic-limits
    AnthropicChatModel model = AnthropicChatModel.builder()
        .model("claude-sonnet-4-5")
        .apiKeyFromEnvironment("ANTHROPIC_API_KEY")
        .connectTimeout(Duration.ofSeconds(5))
        .requestTimeout(Duration.ofMinutes(5))      // each attempt, to the last byte of a stream
        .maxResponseBytes(8 * 1024 * 1024)
        .maxAttempts(4)                             // 429, 500-504, 529 overloaded: backoff + retry-after
        .initialBackoff(Duration.ofSeconds(1))
        .maxBackoff(Duration.ofSeconds(30))         // a longer retry-after fails at once
        .promptCaching(PromptCaching.cacheAware())  // or lastMessage(), none()
        .build();
    // end-snippet
    return model;
  }

  /** {@return a model with extended thinking} */
  public static AnthropicChatModel thinking() {
    // snippet:anthropic-thinking
    AnthropicChatModel model = AnthropicChatModel.builder()
        .model("claude-sonnet-4-5")
        .maxTokens(16_000)
        .parameter("thinking", Map.of("type", "enabled", "budget_tokens", 8_000))
        .build();
    // end-snippet
    return model;
  }

  /**
   * One streamed call with the view and the six tools.
   *
   * @param model the model
   * @param state the context state
   * @param out where the text goes as it arrives
   * @return the whole answer
   */
  public static ChatResponse streamed(AnthropicChatModel model, ContextState state, PrintStream out) {
    // snippet:anthropic-stream
    ChatResponse response = model.chat(ChatRequest.of(state.view().messages(), SculptorTools.specs(),
        ToolChoice.auto()), new ChatStreamListener() {
          @Override
          public void onText(String delta) {
            out.print(delta);                       // as it arrives; thinking goes to onReasoning
          }
        });
    long cached = response.usage().cachedPromptTokens();   // read from the prompt cache
    long written = response.usage().cacheWriteTokens();   // written to it
    // end-snippet
    out.printf("%n%d of %d prompt tokens read from the cache, %d written%n", cached,
        response.usage().promptTokens(), written);
    return response;
  }

  /**
   * The agent loop over Claude with a budget policy, as with any other model.
   *
   * @param model the model
   * @param conversation the conversation so far
   * @return the run
   */
  public static AgentRun agent(ChatModel model, Conversation conversation) {
    // snippet:anthropic-agent
    ContextAgent agent = ContextAgent.builder(model)
        .policy(ContextPolicy.foldStaleToolResults(12))   // reversible, and cache-friendly
        .firstStepToolChoice(ToolChoice.required())       // "any"; use auto() with extended thinking
        .build();
    AgentRun run = agent.run(ContextState.of(conversation, 42, AnthropicTokenCounter.estimate()));
    // end-snippet
    return run;
  }

  /**
   * A Messages API request body read as Sculptor messages and written back.
   *
   * @param body a request body as the API takes it
   * @return the body written back from the messages
   */
  public static ObjectNode roundTrip(JsonNode body) {
    // snippet:anthropic-format
    List<Message> messages = MessagesFormat.fromRequest(body);   // system prompt first, then the rest
    ObjectNode again = MessagesFormat.request("claude-sonnet-4-5",
        ChatRequest.of(messages), new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
            .put("max_tokens", 1024));
    // end-snippet
    return again;
  }

  /**
   * {@return the exact input tokens of a request, from the {@code count_tokens} endpoint}
   *
   * @param model the model
   * @param state the context state
   */
  public static long exactTokens(AnthropicChatModel model, ContextState state) {
    // snippet:anthropic-count
    long estimate = state.viewTokens();                       // offline, with AnthropicTokenCounter.estimate()
    long exact = model.countTokens(ChatRequest.of(state.view().messages(), SculptorTools.specs(),
        ToolChoice.auto()));                                  // count_tokens: exact, one call
    // end-snippet
    return estimate >= 0 ? exact : -1;
  }
}
