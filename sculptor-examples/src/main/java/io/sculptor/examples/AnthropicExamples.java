package io.sculptor.examples;

import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.agent.ContextPolicy;
import io.sculptor.anthropic.AnthropicChatModel;
import io.sculptor.anthropic.PromptCaching;
import io.sculptor.core.ContextState;
import io.sculptor.model.ChatStreamListener;
import java.io.PrintStream;

/** The examples of {@code docs/anthropic.md}; each snippet there is copied from here. */
public final class AnthropicExamples {
  private AnthropicExamples() {}

  /**
   * Runs the six tools over Claude, streaming the answer to the user.
   *
   * @param baseUrl the API's base URL, {@link AnthropicChatModel#DEFAULT_BASE_URL} in production
   * @param apiKey the API key
   * @param state the conversation, ending with the user's request
   * @param user where the user sees the answer
   * @return the run
   */
  public static AgentRun claude(String baseUrl, String apiKey, ContextState state, PrintStream user) {
    // snippet:claude
    AnthropicChatModel claude = AnthropicChatModel.builder()
        .baseUrl(baseUrl)                              // https://api.anthropic.com by default
        .apiKey(apiKey)                                // or apiKeyFromEnvironment("ANTHROPIC_API_KEY")
        .model("claude-sonnet-4-5")
        .maxTokens(2048)
        .promptCaching(PromptCaching.cacheAware())     // cache_control breakpoints, placed per request
        .build();

    ContextAgent agent = ContextAgent.builder(claude)  // the six tools in Anthropic's tool format
        .policy(ContextPolicy.whenOver(150_000, ContextPolicy.foldStaleToolResults(5)))
        .build();
    AgentRun run = agent.run(state, new ChatStreamListener() {
      @Override
      public void onText(String delta) {
        user.print(delta);                             // text_delta events, as they arrive
      }
    });
    // end-snippet
    return run;
  }
}
