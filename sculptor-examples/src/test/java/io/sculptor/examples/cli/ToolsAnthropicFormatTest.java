package io.sculptor.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code sculptor tools --format anthropic}: the six tools in the Messages API's tool format. */
class ToolsAnthropicFormatTest {
  @Test
  void anthropicFormat_printsNameDescriptionAndInputSchema() throws Exception {
    JsonNode tools = new ObjectMapper().readTree(Cli.run("tools", "--format", "anthropic").out());
    assertThat(tools).hasSize(6);
    assertThat(tools.get(0).fieldNames()).toIterable().containsExactly("name", "description", "input_schema");
    assertThat(tools.get(0).get("name").asText()).isEqualTo("fragment_context");

    JsonNode strict = new ObjectMapper().readTree(Cli.run("tools", "--format", "anthropic", "--strict").out());
    assertThat(strict).allSatisfy(t -> assertThat(t.get("strict").asBoolean()).isTrue());
  }
}
