package io.sculptor.examples;

import io.opentelemetry.api.OpenTelemetry;
import io.sculptor.agent.AgentEvent;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.core.ContextState;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ChatStreamListener;
import io.sculptor.model.StreamingChatModel;
import io.sculptor.model.ToolChoice;
import io.sculptor.openai.OpenAiChatModel;
import io.sculptor.openai.OpenAiResponsesModel;
import io.sculptor.opentelemetry.AgentTelemetry;
import io.sculptor.tools.SculptorTools;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The Responses API over HTTP, streaming, your own {@link HttpClient}, and an observed agent on an
 * OpenAI model: the snippets of {@code docs/openai.md} are copied from here. Building a model does
 * not touch the network.
 */
public final class OpenAiApis {
  private OpenAiApis() {}

  /** {@return a Responses API model for a reasoning model, key from {@code OPENAI_API_KEY}} */
  public static OpenAiResponsesModel responses() {
    // snippet:responses
    OpenAiResponsesModel model = OpenAiResponsesModel.builder()
        .model("o4-mini")                                   // POST https://api.openai.com/v1/responses
        .parameter("reasoning", Map.of("effort", "medium"))
        .parameter("include", List.of("reasoning.encrypted_content"))  // reasoning models: reasoning comes back
        .build();                                           // store=false: nothing kept on the server
    // end-snippet
    return model;
  }

  /**
   * Streams one answer to {@code out} as it arrives, and returns it whole.
   *
   * @param model a streaming model: {@link OpenAiChatModel} or {@link OpenAiResponsesModel}
   * @param state the context state whose view is sent
   * @param out where the text goes
   * @return the whole answer
   */
  public static ChatResponse stream(StreamingChatModel model, ContextState state, PrintStream out) {
    // snippet:stream
    ChatResponse response = model.chat(
        ChatRequest.of(state.view().messages(), SculptorTools.specs(), ToolChoice.auto()),
        new ChatStreamListener() {
          @Override
          public void onText(String delta) {
            out.print(delta);                               // shown as it arrives
          }

          @Override
          public void onToolCall(String id, String name) {
            out.println("\n[calling " + name + "]");
          }
        });
    // response: the whole answer, as chat(request) returns it: tool calls assembled, usage included
    // end-snippet
    return response;
  }

  /**
   * {@return a model that sends through the application's own client}: a proxy, mutual TLS
   *
   * @param apiKey the key
   * @param sslContext the TLS context, e.g. with the client's certificate
   * @param proxy the HTTP proxy
   */
  public static OpenAiChatModel ownHttpClient(String apiKey, SSLContext sslContext, InetSocketAddress proxy) {
    // snippet:httpclient
    HttpClient client = HttpClient.newBuilder()
        .proxy(ProxySelector.of(proxy))
        .sslContext(sslContext)                             // e.g. mutual TLS
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    OpenAiChatModel model = OpenAiChatModel.builder()
        .apiKey(apiKey)
        .organization("org-2mJd0Wj7b7yQj1gdPh6xrW1K")      // OpenAI-Organization header
        .project("proj_Yx7dD4fbRm0bJ4ZkAq2YtS9P")           // OpenAI-Project header
        .model("gpt-4o-mini")
        .httpClient(client)                                 // shared; the model never closes it
        .requestTimeout(Duration.ofMinutes(2))              // still bounds each attempt
        .build();
    // end-snippet
    return model;
  }

  /**
   * An agent on an OpenAI model, streamed to the user, traced with OpenTelemetry, and logging each
   * call with OpenAI's request id.
   *
   * @param model the OpenAI model (Chat Completions or Responses)
   * @param openTelemetry the application's OpenTelemetry
   * @param state the conversation, ending with the user's request
   * @param user where the user sees the answer
   * @param log where the call log goes
   * @return the run
   */
  public static AgentRun observed(StreamingChatModel model, OpenTelemetry openTelemetry, ContextState state,
      PrintStream user, PrintStream log) {
    // snippet:observability
    ContextAgent agent = ContextAgent.builder(model)
        .listener(AgentTelemetry.builder(openTelemetry, "openai").requestModel("gpt-4.1").build())
        .listener(event -> {
          if (event instanceof AgentEvent.ModelResponded r) {      // what OpenAI said about the call
            log.printf("step %d: %s, %s, request %s, %d ms%n", r.step(), r.response().model().orElse("?"),
                r.response().finishReasons(), r.response().requestId().orElse("-"), r.latency().toMillis());
          }
        })
        .build();

    AgentRun run = agent.run(state, new ChatStreamListener() {   // streamed: Sculptor's tool calls still run
      @Override
      public void onText(String delta) {
        user.print(delta);
      }
    });
    // end-snippet
    return run;
  }
}
