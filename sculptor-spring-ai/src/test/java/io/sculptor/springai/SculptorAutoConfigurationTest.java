package io.sculptor.springai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sculptor.core.TokenCounter;
import io.sculptor.springai.autoconfigure.SculptorProperties;
import io.sculptor.store.ContextStore;
import io.sculptor.store.StoredContext;
import io.sculptor.store.jdbc.JdbcContextStore;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import io.sculptor.testing.TestScripts;
import io.sculptor.testing.LocalOpenAiServer;

/**
 * The auto-configuration started by Spring Boot with properties only: the application declares
 * its chat model and its store, and gets {@code ChatClient}s whose conversations Sculptor manages.
 */
// snippet:spring-boot
@SpringBootTest(properties = {
    "sculptor.budget-tokens=1500",   // fold the oldest messages (reversibly) beyond 1,500 tokens
    "sculptor.keep-last=4",          // never the last four
    "sculptor.step-cap=10",          // at most ten model calls with tools per turn
})
// end-snippet
class SculptorAutoConfigurationTest {
  static final LocalOpenAiServer SERVER = LocalOpenAiServer.start(TestScripts::foldSearchRestore);
  static final Path DATABASE = temporaryDirectory();

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {
    @Bean
    OpenAiChatModel chatModel() {
      return OpenAiChatModel.builder().options(OpenAiChatOptions.builder().baseUrl(SERVER.baseUrl())
          .apiKey("sk-local").model("gpt-4o-mini").build()).build();
    }

    @Bean
    ContextStore contextStore() {
      return JdbcContextStore.embedded(DATABASE.resolve("contexts"));
    }
  }

  @Autowired
  ChatClient.Builder chatClients;

  @Autowired
  SculptorAdvisor advisor;

  @Autowired
  ContextStore store;

  @AfterAll
  static void stop() {
    SERVER.close();
  }

  @Test
  void chatClient_fromBootsBuilder_isManagedAndSavedInTheStore() {
    ChatClient chat = chatClients.defaultTools(new ChatClientTest.WeatherTools()).build();

    String answer = chat.prompt().user(TestScripts.keyUpdateQuestion())
        .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "alice"))
        .call().content();

    assertThat(answer).isEqualTo("The current value of key7 is value387.");
    List<JsonNode> requests = SERVER.requests();
    assertThat(requests.get(0).get("tools")).extracting(t -> t.path("function").path("name").asText())
        .contains("fragment_context", "restore_fragment", "search_context", "weather");
    assertThat(requests.get(2).get("messages").get(0).get("content").asText()).contains("folded: ");
    Optional<StoredContext> stored = store.load("alice", TokenCounter.estimator());
    assertThat(stored).isPresent();
    assertThat(stored.get().state().original().size()).isEqualTo(12);
    assertThat(stored.get().state().original().get(0).content()).isEqualTo(TestScripts.keyUpdateQuestion());
    assertThat(advisor.store()).containsSame(store);
    assertThat(advisor.toString()).contains("stepCap=10");
  }

  @Test
  void metadata_listsEveryPropertyOnce() throws IOException {
    JsonNode metadata;
    try (InputStream in = SculptorAutoConfigurationTest.class
        .getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      metadata = new ObjectMapper().readTree(in);
    }
    List<String> listed = new ArrayList<>();
    metadata.get("properties").forEach(p -> listed.add(p.get("name").asText()));
    List<String> bound = new ArrayList<>();
    try {
      for (PropertyDescriptor p : Introspector.getBeanInfo(SculptorProperties.class, Object.class)
          .getPropertyDescriptors()) {
        bound.add("sculptor." + p.getName().replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT));
      }
    } catch (java.beans.IntrospectionException e) {
      throw new AssertionError(e);
    }
    assertThat(listed).containsExactlyInAnyOrderElementsOf(bound);
  }

  private static Path temporaryDirectory() {
    try {
      Path dir = Files.createTempDirectory("sculptor-spring-ai");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
