package io.sculptor.examples;

import com.fasterxml.jackson.databind.JsonNode;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ToolSpec;
import io.sculptor.openai.OpenAiChatModel;
import io.sculptor.openai.TiktokenCounter;
import io.sculptor.testing.LocalOpenAiServer;
import io.sculptor.testing.LocalOpenAiServer.Reply;
import java.io.PrintStream;

/**
 * An agent with an application tool and the Sculptor tools, talking to an OpenAI-compatible server
 * over HTTP. The server here is sculptor-testing's {@link LocalOpenAiServer}, playing a model: on the
 * user's question it calls {@code get_weather} and {@code search_context} in one message, and then
 * answers from the results.
 * Point {@link OpenAiChatModel} at a real endpoint and nothing else changes.
 */
public final class LocalServerAgent {
  private LocalServerAgent() {}

  /**
   * Runs the example and prints the answer.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  /** Runs the example, printing to {@code out}; returns the run. */
  static AgentRun run(PrintStream out) {
    try (LocalOpenAiServer server = LocalOpenAiServer.start(LocalServerAgent::playModel)) {
      OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(server.baseUrl()).noApiKey()
          .model("local-stand-in").build();
      ContextAgent agent = ContextAgent.builder(model)
          .tool(ToolSpec.of("get_weather", "Current weather in a city.",
              "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}}"),
              arguments -> "14 °C and cloudy")
          .build();
      ContextState state = ContextState.of(Conversation.of(
          Message.system("You are a helpful assistant."),
          Message.user("Last week I said: pack an umbrella for Paris."),
          Message.assistant("Noted."),
          Message.user("What is the weather in Paris, and what did I tell you about it?")),
          7, TiktokenCounter.o200k());
      AgentRun run = agent.run(state);
      out.println(run.answer());
      out.println(run.modelCalls() + " model calls over HTTP; tools used: " + run.toolUsage().counts());
      return run;
    }
  }

  /** The stand-in model: tool calls first, then an answer built from the tool results. */
  private static Reply playModel(JsonNode request) {
    JsonNode messages = request.get("messages");
    JsonNode last = messages.get(messages.size() - 1);
    if (last.get("role").asText().equals("user")) {
      return Reply.toolCalls(new ToolCall("call_weather", "get_weather", "{\"city\": \"Paris\"}"),
          new ToolCall("call_search", "search_context", "{\"query\": \"umbrella\", \"context_size\": 50}"));
    }
    String weather = messages.get(messages.size() - 2).get("content").asText();
    boolean found = last.get("content").asText().contains("**umbrella**");
    return Reply.answer("In Paris it is " + weather + "."
        + (found ? " Last week you told me to pack an umbrella." : ""));
  }
}
