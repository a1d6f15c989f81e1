package io.sculptor.examples;

import io.opentelemetry.api.OpenTelemetry;
import io.sculptor.agent.AgentEvent;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.core.ContextState;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ChatStreamListener;
import io.sculptor.model.ToolSpec;
import io.sculptor.opentelemetry.AgentTelemetry;
import java.io.PrintStream;

/** The examples of {@code docs/observability.md}; each snippet there is copied from here. */
public final class ObservabilityExamples {
  private ObservabilityExamples() {}

  private static final ToolSpec WEATHER = ToolSpec.of("get_weather", "Current weather in a city.",
      "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}}");

  /**
   * Runs an agent and shows the model's answers to the user as they arrive.
   *
   * @param model any chat model; a streaming one streams
   * @param state the conversation, ending with the user's request
   * @param user where the user sees the answer
   * @return the run
   */
  public static AgentRun streamToTheUser(ChatModel model, ContextState state, PrintStream user) {
    // snippet:streaming
    ContextAgent agent = ContextAgent.builder(model)               // one agent serves every request
        .tool(WEATHER, arguments -> "14 °C and cloudy")
        .build();

    AgentRun run = agent.run(state, new ChatStreamListener() {   // this request's own listener
      @Override
      public void onText(String delta) {
        user.print(delta);                                       // as the provider sends it
        user.flush();
      }

      @Override
      public void onToolCall(String id, String name) {
        user.println("\n(" + name + "...)");                     // the loop runs it when the answer ends
      }
    });
    // end-snippet
    return run;
  }

  /**
   * An agent whose listener prints what each model call took and what the provider said about it.
   *
   * @param model any chat model
   * @param log where the lines go
   * @return the agent
   */
  public static ContextAgent agentWithCallLog(ChatModel model, PrintStream log) {
    // snippet:events
    ContextAgent agent = ContextAgent.builder(model)
        .tool(WEATHER, arguments -> "14 °C and cloudy")
        .listener(event -> {
          if (event instanceof AgentEvent.ModelResponded r) {
            ChatResponse response = r.response();
            log.printf("step %d: %s answered in %d ms (request %s, finish %s, %d + %d tokens)%n", r.step(),
                response.model().orElse("the model"), r.latency().toMillis(), response.requestId().orElse("-"),
                response.finishReasons(), r.usage().promptTokens(), r.usage().completionTokens());
          } else if (event instanceof AgentEvent.ToolExecuted t) {
            log.printf("step %d: %s %s in %d ms%n", t.step(), t.call().name(), t.failed() ? "failed" : "ran",
                t.latency().toMillis());
          }
        })
        .build();
    // end-snippet
    return agent;
  }

  /**
   * An agent traced and measured with OpenTelemetry.
   *
   * @param model any chat model
   * @param openTelemetry the application's OpenTelemetry
   * @return the agent
   */
  public static ContextAgent tracedAgent(ChatModel model, OpenTelemetry openTelemetry) {
    // snippet:opentelemetry
    AgentTelemetry telemetry = AgentTelemetry.builder(openTelemetry, "openai")  // gen_ai.provider.name
        .requestModel("gpt-4.1")                                                 // spans "chat gpt-4.1"
        .agentName("Weather Assistant")                                         // span "invoke_agent Weather Assistant"
        .build();

    ContextAgent agent = ContextAgent.builder(model)
        .tool(WEATHER, arguments -> "14 °C and cloudy")
        .listener(telemetry)                                                    // thread-safe; share it
        .build();
    // end-snippet
    return agent;
  }
}
