package io.sculptor.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ToolChoice;
import io.sculptor.openai.ChatCompletionsBridge;
import io.sculptor.openai.ModelSummarizer;
import io.sculptor.openai.OpenAiChatModel;
import io.sculptor.openai.TiktokenCounter;
import io.sculptor.tools.SculptorToolkit;
import io.sculptor.tools.SculptorTools;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * How to point Sculptor at each OpenAI-compatible endpoint. The snippets of {@code docs/openai.md}
 * are copied from here; building a model does not touch the network.
 */
public final class EndpointSetup {
  private EndpointSetup() {}

  /** {@return a model for OpenAI itself, key from {@code OPENAI_API_KEY}} */
  public static OpenAiChatModel openAi() {
    // snippet:openai
    OpenAiChatModel model = OpenAiChatModel.builder()
        .model("gpt-4o-mini")                       // key from OPENAI_API_KEY
        .parameter("temperature", 0)
        .requestTimeout(Duration.ofMinutes(2))
        .maxAttempts(4)                             // 429, 500-504, timeouts: backoff + Retry-After
        .build();
    // end-snippet
    return model;
  }

  /** {@return a model for Moonshot's Kimi} */
  public static OpenAiChatModel kimi() {
    // snippet:kimi
    OpenAiChatModel model = OpenAiChatModel.builder()
        .baseUrl("https://api.moonshot.ai/v1")
        .apiKeyFromEnvironment("MOONSHOT_API_KEY")
        .model("kimi-k2-0905-preview")
        .build();
    // end-snippet
    return model;
  }

  /** {@return a model for DeepSeek} */
  public static OpenAiChatModel deepSeek() {
    // snippet:deepseek
    OpenAiChatModel model = OpenAiChatModel.builder()
        .baseUrl("https://api.deepseek.com/v1")
        .apiKeyFromEnvironment("DEEPSEEK_API_KEY")
        .model("deepseek-chat")
        .build();
    // end-snippet
    return model;
  }

  /** {@return models for a local vLLM and a local Ollama server} */
  public static List<OpenAiChatModel> local() {
    // snippet:local
    OpenAiChatModel vllm = OpenAiChatModel.builder()
        .baseUrl("http://localhost:8000/v1")        // vllm serve ... --enable-auto-tool-choice
        .noApiKey()
        .model("Qwen/Qwen2.5-7B-Instruct")
        .build();
    OpenAiChatModel ollama = OpenAiChatModel.builder()
        .baseUrl("http://localhost:11434/v1")
        .noApiKey()
        .model("llama3.1")
        .build();
    // end-snippet
    return List.of(vllm, ollama);
  }

  /** {@return a model for a local vLLM server with every time, size and retry limit spelled out} */
  public static OpenAiChatModel withLimits() {
    // snippet:limits
    OpenAiChatModel model = OpenAiChatModel.builder()
        .baseUrl("http://localhost:8000/v1")
        .noApiKey()
        .model("Qwen/Qwen2.5-7B-Instruct")
        .connectTimeout(Duration.ofSeconds(5))
        .requestTimeout(Duration.ofSeconds(90))     // each attempt, up to the last byte of the body
        .maxResponseBytes(4 * 1024 * 1024)          // a longer body: ResponseTooLargeException
        .maxAttempts(3)                             // 429 (unless insufficient_quota), 500-504, timeouts
        .initialBackoff(Duration.ofSeconds(1))
        .maxBackoff(Duration.ofSeconds(20))         // a longer Retry-After fails at once
        .build();
    // end-snippet
    return model;
  }

  /** {@return models for OpenRouter, Together and Groq} */
  public static List<OpenAiChatModel> hosted() {
    // snippet:hosted
    OpenAiChatModel openRouter = OpenAiChatModel.builder()
        .baseUrl("https://openrouter.ai/api/v1")
        .apiKeyFromEnvironment("OPENROUTER_API_KEY")
        .header("HTTP-Referer", "https://example.com/my-agent")   // optional app attribution
        .header("X-Title", "My agent")
        .model("moonshotai/kimi-k2")
        .build();
    OpenAiChatModel together = OpenAiChatModel.builder()
        .baseUrl("https://api.together.xyz/v1")
        .apiKeyFromEnvironment("TOGETHER_API_KEY")
        .model("meta-llama/Llama-3.3-70B-Instruct-Turbo")
        .build();
    OpenAiChatModel groq = OpenAiChatModel.builder()
        .baseUrl("https://api.groq.com/openai/v1")
        .apiKeyFromEnvironment("GROQ_API_KEY")
        .model("llama-3.3-70b-versatile")
        .build();
    // end-snippet
    return List.of(openRouter, together, groq);
  }

  /**
   * One model call with the view and the six tools, the paper's first-step setting.
   *
   * @param model any chat model
   * @param conversation the conversation so far
   * @return the model's answer
   */
  public static ChatResponse firstStep(ChatModel model, Conversation conversation) {
    // snippet:call
    ContextState state = ContextState.of(conversation, 42, TiktokenCounter.o200k());
    ChatResponse response = model.chat(ChatRequest.of(
        state.view().messages(),                    // what the model sees, never the original
        SculptorTools.specs(),
        ToolChoice.required()));                    // the paper: tools required on the first step
    // end-snippet
    return response;
  }

  /** {@return a toolkit whose summaries come from {@code model}} */
  public static SculptorToolkit withModelSummaries(ChatModel model) {
    // snippet:summarizer
    SculptorToolkit toolkit = SculptorToolkit.create(ModelSummarizer.using(model));
    // end-snippet
    return toolkit;
  }

  /**
   * One turn through the bridge, for applications with their own HTTP stack or SDK.
   *
   * @param yourRequest the Chat Completions request body the application built
   * @param send sends a request body and returns the response body
   * @param state the context state
   * @return the state after the turn
   */
  public static ContextState bridgeTurn(ObjectNode yourRequest, Function<ObjectNode, JsonNode> send,
      ContextState state) {
    // snippet:bridge
    ChatCompletionsBridge bridge = ChatCompletionsBridge.of(SculptorToolkit.create());
    ObjectNode request = bridge.prepareRequest(yourRequest, state);   // messages = view, + six tools
    JsonNode response = send.apply(request);                           // your HTTP stack or SDK
    ChatCompletionsBridge.Turn turn = bridge.handleResponse(response, state);
    // send turn.toolMessages() back; turn.applicationCalls() are yours to answer
    // end-snippet
    return turn.state();
  }

  /** {@return a message with a stale field removed, as some providers require} */
  public static Message withoutReasoning(Message assistant) {
    // snippet:extensions
    java.util.Map<String, Object> fields = new java.util.LinkedHashMap<>(assistant.extensions());
    fields.remove("reasoning_content");
    Message cleaned = assistant.withExtensions(fields);
    // end-snippet
    return cleaned;
  }
}
