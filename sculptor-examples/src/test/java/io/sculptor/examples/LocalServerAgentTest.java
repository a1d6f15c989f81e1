package io.sculptor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.agent.AgentRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LocalServerAgentTest {
  @Test
  void run_applicationAndSculptorToolsOverHttp() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AgentRun run = LocalServerAgent.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(run.answer()).isEqualTo("In Paris it is 14 °C and cloudy. Last week you told me to pack an umbrella.");
    assertThat(run.toolUsage().counts()).containsEntry("get_weather", 1).containsEntry("search_context", 1);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("2 model calls over HTTP");
  }
}
