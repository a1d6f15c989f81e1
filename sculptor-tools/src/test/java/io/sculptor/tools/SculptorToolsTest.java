package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.model.ToolSpec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SculptorToolsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The paper's Appendix H, transcribed, with the search_context typo as printed. */
  private static JsonNode appendixH() throws IOException {
    try (InputStream in = SculptorToolsTest.class.getResourceAsStream("/appendix-h.json")) {
      return JSON.readTree(in);
    }
  }

  /** The one documented fix: search_context's required/additionalProperties move into parameters. */
  private static ObjectNode fixed(JsonNode tool) {
    ObjectNode function = (ObjectNode) tool.get("function").deepCopy();
    ObjectNode parameters = (ObjectNode) function.get("parameters");
    for (String misplaced : List.of("required", "additionalProperties")) {
      if (function.has(misplaced)) {
        parameters.set(misplaced, function.remove(misplaced));
      }
    }
    return function;
  }

  @Test
  void specs_matchAppendixHFieldByField() throws IOException {
    JsonNode paper = appendixH();
    List<ToolSpec> specs = SculptorTools.specs();
    assertThat(specs).extracting(ToolSpec::name)
        .containsExactlyInAnyOrderElementsOf(names(paper));
    for (JsonNode tool : paper) {
      ObjectNode expected = fixed(tool);
      ToolSpec spec = specs.stream().filter(s -> s.name().equals(expected.get("name").asText()))
          .findFirst().orElseThrow();
      assertThat(spec.description()).as(spec.name()).isEqualTo(expected.get("description").asText());
      JsonNode expectedParameters = expected.get("parameters");
      ObjectNode actual = schema(spec);
      assertThat(fieldNames(actual)).as(spec.name()).containsExactlyInAnyOrderElementsOf(
          fieldNames(expectedParameters));
      for (Iterator<Map.Entry<String, JsonNode>> it = expectedParameters.get("properties").properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        assertThat(actual.get("properties").get(property.getKey()))
            .as("%s.%s", spec.name(), property.getKey()).isEqualTo(property.getValue());
      }
      assertThat(actual.get("properties").size()).isEqualTo(expectedParameters.get("properties").size());
      assertThat(actual.get("required")).as(spec.name()).isEqualTo(expectedParameters.get("required"));
      assertThat(actual.get("additionalProperties")).isEqualTo(expectedParameters.get("additionalProperties"));
      assertThat(actual.get("type").asText()).isEqualTo("object");
    }
  }

  @Test
  void specs_searchContextIsTheOnlyOneTheFixChanges() throws IOException {
    for (JsonNode tool : appendixH()) {
      boolean changed = !fixed(tool).equals(tool.get("function"));
      assertThat(changed).as(tool.get("function").get("name").asText())
          .isEqualTo(tool.get("function").get("name").asText().equals("search_context"));
    }
  }

  @Test
  void strictSpecs_requireEveryPropertyAndAllowNullForOptionalOnes() {
    for (ToolSpec spec : SculptorTools.strictSpecs()) {
      ObjectNode parameters = schema(spec);
      assertThat(spec.strict()).isTrue();
      assertThat(parameters.get("additionalProperties").asBoolean(true)).isFalse();
      List<String> required = new ArrayList<>();
      parameters.get("required").forEach(n -> required.add(n.asText()));
      assertThat(required).containsExactlyInAnyOrderElementsOf(fieldNames(parameters.get("properties")));
      parameters.get("properties").forEach(p -> assertThat(p.has("default")).isFalse());
    }
    JsonNode role = schema(SculptorTools.strictSpecs().get(0)).get("properties").get("role");
    assertThat(role.get("type").toString()).isEqualTo("[\"string\",\"null\"]");
    assertThat(role.get("enum").toString()).isEqualTo("[\"user\",\"assistant\",\"all\",null]");
  }

  @Test
  void toJson_printsTheSixInThePapersShape() throws IOException {
    JsonNode printed = JSON.readTree(SculptorTools.toJson(SculptorTools.specs()));
    assertThat(printed).hasSize(6);
    assertThat(names(printed)).containsExactlyElementsOf(SculptorTools.NAMES);
    for (JsonNode tool : printed) {
      assertThat(tool.get("type").asText()).isEqualTo("function");
    }
  }

  @Test
  void toolSpec_schemaIsCanonicalJsonAndCheckedWhenMade() {
    ToolSpec spaced = ToolSpec.of("get_weather", "Weather.", "{ \"type\" : \"object\" }");
    assertThat(spaced.parametersJson()).isEqualTo("{\"type\":\"object\"}");
    assertThat(spaced).isEqualTo(ToolSpec.of("get_weather", "Weather.", "{\"type\":\"object\"}"))
        .isNotEqualTo(spaced.withStrict(true));
    assertThat(spaced.withStrict(false)).isSameAs(spaced);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ToolSpec.of("get weather", "x", "{}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[get weather]");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ToolSpec.of("w", "x", "[1]"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a JSON object, got [ARRAY]");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ToolSpec.of("w", "x", "{\"a\":"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
  }

  static ObjectNode schema(ToolSpec spec) {
    try {
      return (ObjectNode) JSON.readTree(spec.parametersJson());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> names(JsonNode tools) {
    List<String> names = new ArrayList<>();
    tools.forEach(t -> names.add(t.get("function").get("name").asText()));
    return names;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
