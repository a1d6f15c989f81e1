package io.sculptor.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import io.sculptor.core.Message;
import io.sculptor.tools.BranchTools;
import io.sculptor.tools.SculptorToolkit;
import io.sculptor.testing.LocalOpenAiServer;
import io.sculptor.testing.TestScripts;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real LangChain4j {@code AiServices} assistant over LangChain4j's own OpenAI chat model, pointed
 * at a local OpenAI-compatible server that plays the model: it fragments and folds the long
 * message, searches it and calls the application's tool, restores what the search pointed to, and
 * answers. The assertions read the exact requests the server received.
 */
class AiServicesTest {

  interface Assistant {
    String chat(@MemoryId String user, @UserMessage String message);
  }

  static final class WeatherTools {
    final List<String> cities = new CopyOnWriteArrayList<>();

    @Tool("Current weather in a city")
    String weather(String city) {
      cities.add(city);
      return "14 °C and cloudy in " + city;
    }
  }

  private LocalOpenAiServer server;

  @BeforeEach
  void start() {
    server = LocalOpenAiServer.start(TestScripts::foldSearchRestore);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aiServices_modelFoldsSearchesRestoresAndAnswers_throughItsOwnToolLoop() {
    SculptorChatMemoryProvider memories = SculptorChatMemoryProvider.builder().build();
    WeatherTools weather = new WeatherTools();
    OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(server.baseUrl())
        .apiKey("sk-local").modelName("gpt-4o-mini").build();
    // snippet:langchain4j
    Assistant assistant = AiServices.builder(Assistant.class)
        .chatModel(model)
        .chatMemoryProvider(memories)              // a reversible memory per memory id
        .toolProvider(memories.toolProvider())     // the six Sculptor tools, on that memory
        .tools(weather)                            // the application's own @Tool methods
        .build();
    // end-snippet

    String answer = assistant.chat("alice", TestScripts.keyUpdateQuestion());
    String bob = assistant.chat("bob", "Hi");
    List<JsonNode> requests = server.requests();

    assertThat(answer).isEqualTo("The current value of key7 is value387.");
    assertThat(bob).isEqualTo("Hello, Bob.");
    assertThat(weather.cities).containsExactly("Oslo");
    List<JsonNode> alice = requests.subList(0, 5);
    for (JsonNode request : requests) {
      assertThat(TestScripts.toolPairProblems(request.get("messages"))).as("tool pairs of %s", request).isEmpty();
    }
    assertThat(alice.get(0).get("tools")).extracting(t -> t.path("function").path("name").asText())
        .contains("fragment_context", "fold_fragment", "restore_fragment", "search_context", "weather");
    String folded = alice.get(2).get("messages").get(0).get("content").asText();
    assertThat(folded).contains("folded: ").contains("restore_fragment f").hasSizeLessThan(TestScripts.keyUpdateQuestion().length());
    String restoredView = alice.get(4).get("messages").get(0).get("content").asText();
    assertThat(restoredView).contains("key7: value7\n").hasSizeGreaterThan(folded.length());
    Message original = memories.get("alice").state().original().get(0);
    assertThat(original.content()).isEqualTo(TestScripts.keyUpdateQuestion());
    assertThat(memories.get("alice").state().original().size()).isEqualTo(12);
    assertThat(requests.get(5).get("messages")).hasSize(1);
    assertThat(requests.get(5).toString()).doesNotContain("fragment f");
    assertThat(memories.get("bob").state().original().size()).isEqualTo(2);
  }

  @Test
  void aiServices_branchTools_foldTheSubTaskIntoTheReturnMessage() {
    SculptorChatMemoryProvider memories = SculptorChatMemoryProvider.builder()
        .toolkit(SculptorToolkit.create().withBranchTools()).build();
    try (LocalOpenAiServer branching = LocalOpenAiServer.start(TestScripts::branchWeatherReturn)) {
      OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(branching.baseUrl())
          .apiKey("sk-local").modelName("gpt-4o-mini").build();
      Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).chatMemoryProvider(memories)
          .toolProvider(memories.toolProvider()).tools(new WeatherTools()).build();

      String answer = assistant.chat("carol", "What is the weather in Oslo?");

      assertThat(answer).isEqualTo("It is 14 °C and cloudy in Oslo.");
      assertThat(TestScripts.branchWeatherReturnProblems(branching.requests())).isEmpty();
      assertThat(BranchTools.openBranches(memories.get("carol").state())).isEmpty();
    }
  }
}
