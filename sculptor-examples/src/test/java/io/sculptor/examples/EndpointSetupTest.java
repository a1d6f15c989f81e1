package io.sculptor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The endpoint set-ups of docs/openai.md build models with the documented URLs. */
class EndpointSetupTest {
  @Test
  void localAndHosted_pointAtTheDocumentedEndpoints() {
    assertThat(EndpointSetup.local()).extracting(m -> m.endpoint().toString())
        .containsExactly("http://localhost:8000/v1/chat/completions", "http://localhost:11434/v1/chat/completions");
    assertThat(EndpointSetup.local()).allSatisfy(m -> assertThat(m.toString()).contains("apiKey=none"));
  }

  @Test
  void withLimits_buildsWithTheDocumentedSettings() {
    assertThat(EndpointSetup.withLimits().toString()).isEqualTo("OpenAiChatModel[endpoint="
        + "http://localhost:8000/v1/chat/completions, model=Qwen/Qwen2.5-7B-Instruct, apiKey=none, "
        + "requestTimeout=PT1M30S, maxResponseBytes=4194304, maxAttempts=3]");
  }

  @Test
  void keyFromEnvironment_missing_failsNamingTheVariable() {
    if (System.getenv("MOONSHOT_API_KEY") == null) {
      org.assertj.core.api.Assertions.assertThatThrownBy(EndpointSetup::kimi)
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("[MOONSHOT_API_KEY]");
    } else {
      assertThat(EndpointSetup.kimi().endpoint().toString()).isEqualTo("https://api.moonshot.ai/v1/chat/completions");
    }
  }
}
