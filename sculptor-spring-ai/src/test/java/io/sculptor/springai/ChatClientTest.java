package io.sculptor.springai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sculptor.agent.ContextPolicy;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.ToolCallingAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.tool.annotation.Tool;
import io.sculptor.testing.TestScripts;
import io.sculptor.testing.LocalOpenAiServer.Reply;
import io.sculptor.testing.LocalOpenAiServer;
import io.sculptor.tools.BranchTools;
import io.sculptor.tools.SculptorToolkit;
import io.sculptor.core.ToolCall;

/**
 * A real Spring AI {@code ChatClient} over Spring AI's own OpenAI chat model, pointed at a local
 * OpenAI-compatible server that plays the model. The assertions read the exact requests the
 * server received.
 */
class ChatClientTest {
  static final class WeatherTools {
    final List<String> cities = new CopyOnWriteArrayList<>();

    @Tool(description = "Current weather in a city")
    String weather(String city) {
      cities.add(city);
      return "14 °C and cloudy in " + city;
    }
  }

  private LocalOpenAiServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private OpenAiChatModel model() {
    return OpenAiChatModel.builder().options(OpenAiChatOptions.builder().baseUrl(server.baseUrl()).apiKey("sk-local")
        .model("gpt-4o-mini").build()).build();
  }

  @Test
  void chatClient_modelFoldsSearchesRestoresAndAnswers_insideSpringAisToolLoop() {
    server = LocalOpenAiServer.start(TestScripts::foldSearchRestore);
    OpenAiChatModel model = model();
    WeatherTools weather = new WeatherTools();
    // snippet:spring-ai
    SculptorAdvisor sculptor = SculptorAdvisor.builder().build();
    ChatClient chat = ChatClient.builder(model)
        .defaultAdvisors(sculptor.advisors())              // a reversible context per conversation id
        .defaultTools(sculptor.toolCallbacks(),            // the six Sculptor tools, on that context
            weather)                                       // and the application's own @Tool methods
        .build();

    String answer = chat.prompt().user(TestScripts.keyUpdateQuestion())
        .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "alice"))
        .call().content();
    // end-snippet
    String bob = chat.prompt().user("Hi").advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "bob")).call().content();

    assertThat(answer).isEqualTo("The current value of key7 is value387.");
    assertThat(bob).isEqualTo("Hello, Bob.");
    assertThat(weather.cities).containsExactly("Oslo");
    List<JsonNode> requests = server.requests();
    assertThat(requests).hasSize(6);
    for (JsonNode request : requests) {
      assertThat(TestScripts.toolPairProblems(request.get("messages"))).as("tool pairs of %s", request).isEmpty();
    }
    List<JsonNode> alice = requests.subList(0, 5);
    assertThat(alice.get(0).get("tools")).extracting(t -> t.path("function").path("name").asText())
        .contains("fragment_context", "fold_fragment", "restore_fragment", "search_context", "weather");
    // The third model call of the same ChatClient call is sent with two fragments folded: the
    // advisor rebuilt a request that Spring AI's tool-calling advisor made inside its loop.
    String folded = alice.get(2).get("messages").get(0).get("content").asText();
    assertThat(folded).contains("folded: ").contains("restore_fragment f").hasSizeLessThan(TestScripts.keyUpdateQuestion().length());
    String restoredView = alice.get(4).get("messages").get(0).get("content").asText();
    assertThat(restoredView).contains("key7: value7\n").hasSizeGreaterThan(folded.length());
    // The tool-calling advisor forwards only the latest tool results (a memory advisor follows it);
    // the model still received the whole conversation, from this advisor.
    assertThat(alice.get(4).get("messages")).hasSize(11);
    assertThat(sculptor.state("alice").original().get(0).content()).isEqualTo(TestScripts.keyUpdateQuestion());
    assertThat(sculptor.state("alice").original().size()).isEqualTo(12);
    assertThat(requests.get(5).get("messages")).hasSize(1);
    assertThat(requests.get(5).toString()).doesNotContain("fragment f");
    assertThat(sculptor.state("bob").original().size()).isEqualTo(2);
  }

  @Test
  void chatClient_branchTools_foldTheSubTaskIntoTheReturnMessage() {
    server = LocalOpenAiServer.start(TestScripts::branchWeatherReturn);
    SculptorAdvisor sculptor = SculptorAdvisor.builder().toolkit(SculptorToolkit.create().withBranchTools()).build();
    ChatClient chat = ChatClient.builder(model()).defaultAdvisors(sculptor.advisors())
        .defaultTools(sculptor.toolCallbacks(), new WeatherTools()).build();

    String answer = chat.prompt().user("What is the weather in Oslo?")
        .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "carol")).call().content();

    assertThat(answer).isEqualTo("It is 14 °C and cloudy in Oslo.");
    assertThat(TestScripts.branchWeatherReturnProblems(server.requests())).isEmpty();
    assertThat(BranchTools.openBranches(sculptor.state("carol"))).isEmpty();
  }

  @Test
  void advisor_isOrderedAfterTheToolCallingAdvisor() {
    SculptorAdvisor sculptor = SculptorAdvisor.builder().build();

    assertThat(sculptor.getOrder()).isEqualTo(SculptorAdvisor.DEFAULT_ORDER).isGreaterThan(ToolCallingAdvisor.DEFAULT_ORDER);
    assertThat(sculptor.toolContextAdvisor().getOrder()).isLessThan(ToolCallingAdvisor.DEFAULT_ORDER);
    assertThat(sculptor.advisors()).containsExactly(sculptor.toolContextAdvisor(), sculptor);
  }

  @Test
  void policy_foldsEarlierToolResultsOfTheSameCall() {
    server = LocalOpenAiServer.start(request -> {
      JsonNode messages = request.get("messages");
      long results = 0;
      for (JsonNode m : messages) {
        results += m.path("role").asText().equals("tool") ? 1 : 0;
      }
      JsonNode last = messages.get(messages.size() - 1);
      boolean afterTool = last.path("role").asText().equals("tool");
      return afterTool && last.path("content").asText().contains("Bergen") ? Reply.answer("done")
          : Reply.toolCalls(new ToolCall("w" + results, "weather",
              "{\"city\": \"" + (results == 0 ? "Oslo" : "Bergen") + "\"}"));
    });
    SculptorAdvisor sculptor = SculptorAdvisor.builder().policy(ContextPolicy.foldStaleToolResults(1)).build();
    ChatClient chat = ChatClient.builder(model()).defaultAdvisors(sculptor.advisors())
        .defaultTools(sculptor.toolCallbacks(), new LongWeather()).build();

    String answer = chat.prompt().user("Weather in Oslo, then Bergen?").call().content();

    assertThat(answer).isEqualTo("done");
    JsonNode third = server.requests().get(2).get("messages");
    assertThat(third.get(2).get("content").asText()).contains("folded: ").doesNotContain("Oslo");
    assertThat(third.get(4).get("content").asText()).contains("Bergen");
    List<Message> original = sculptor.state(SculptorAdvisor.DEFAULT_CONVERSATION_ID).original().messages();
    assertThat(original.get(2).content()).contains("Oslo");
  }

  static final class LongWeather {
    @Tool(description = "Hourly weather in a city")
    String weather(String city) {
      return ("Hourly forecast for " + city + ": 14 °C, cloudy, light wind from the west.\n").repeat(40);
    }
  }

  @Test
  void stepCap_sendsTheLastCallWithoutToolsAndAnswersLateCallsWithAnError() {
    server = LocalOpenAiServer.start(TestScripts::foldSearchRestore);
    SculptorAdvisor sculptor = SculptorAdvisor.builder().stepCap(1).build();
    ChatClient chat = ChatClient.builder(model()).defaultAdvisors(sculptor.advisors())
        .defaultTools(sculptor.toolCallbacks()).build();

    String answer = chat.prompt().user(TestScripts.keyUpdateQuestion()).call().content();

    assertThat(server.requests()).hasSize(2);
    assertThat(server.requests().get(0).has("tools")).isTrue();
    assertThat(server.requests().get(1).has("tools")).isFalse();
    assertThat(answer).isNullOrEmpty();
    List<Message> original = sculptor.state(SculptorAdvisor.DEFAULT_CONVERSATION_ID).original().messages();
    assertThat(original).extracting(Message::role)
        .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT, Role.TOOL, Role.TOOL);
    assertThat(original.get(5).content()).isEqualTo(SculptorAdvisor.STEP_CAP_REACHED);
  }
}
