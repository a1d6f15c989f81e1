package io.sculptor.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.examples.eval.LocalModelServer;
import io.sculptor.model.ToolSpec;
import io.sculptor.openai.OpenAiChatModel;
import io.sculptor.openai.TiktokenCounter;
import java.io.PrintStream;

/**
 * An agent with an application tool and the Sculptor tools, talking to an OpenAI-compatible server
 * over HTTP. The server here is a local stand-in that plays a model: on the user's question it calls
 * {@code get_weather} and {@code search_context} in one message, and then answers from the results.
 * Point {@link OpenAiChatModel} at a real endpoint and nothing else changes.
 */
public final class LocalServerAgent {
  private static final ObjectMapper JSON = new ObjectMapper();

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
    try (LocalModelServer server = new LocalModelServer(LocalServerAgent::playModel)) {
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
  private static JsonNode playModel(JsonNode request) {
    JsonNode messages = request.get("messages");
    JsonNode last = messages.get(messages.size() - 1);
    ObjectNode response = JSON.createObjectNode().put("id", "chatcmpl-local").put("object", "chat.completion");
    ObjectNode choice = response.putArray("choices").addObject().put("index", 0);
    ObjectNode message = choice.putObject("message").put("role", "assistant");
    if (last.get("role").asText().equals("user")) {
      message.putNull("content");
      ArrayNode calls = message.putArray("tool_calls");
      calls.addObject().put("id", "call_weather").put("type", "function").putObject("function")
          .put("name", "get_weather").put("arguments", "{\"city\": \"Paris\"}");
      calls.addObject().put("id", "call_search").put("type", "function").putObject("function")
          .put("name", "search_context").put("arguments", "{\"query\": \"umbrella\", \"context_size\": 50}");
      choice.put("finish_reason", "tool_calls");
    } else {
      String weather = messages.get(messages.size() - 2).get("content").asText();
      boolean found = last.get("content").asText().contains("**umbrella**");
      message.put("content", "In Paris it is " + weather + "."
          + (found ? " Last week you told me to pack an umbrella." : ""));
      choice.put("finish_reason", "stop");
    }
    response.putObject("usage").put("prompt_tokens", 0).put("completion_tokens", 0).put("total_tokens", 0);
    return response;
  }
}
