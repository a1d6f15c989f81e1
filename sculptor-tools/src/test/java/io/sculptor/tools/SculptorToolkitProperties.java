package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.ContextState;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Fuzzed arguments: nothing a model sends makes a tool (of the six or the branch tools) throw or change the state on error. */
class SculptorToolkitProperties {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ContextState STATE = Fixtures.state();
  /** An open branch, and a last assistant message calling return and branch: where both can run. */
  private static final ContextState BRANCH_STATE = Fixtures.branched().append(Message.assistant("", List.of(
      new ToolCall("x1", BranchTools.RETURN, "{}"), new ToolCall("b2", BranchTools.BRANCH, "{}"))));

  @Property(tries = 600)
  void arbitraryStrings_neverThrowAndFailWithoutChange(@ForAll("toolNames") String tool,
      @ForAll String arguments) {
    check(tool, arguments);
  }

  @Property(tries = 1500)
  void arbitraryJsonObjects_neverThrowAndFailWithoutChange(@ForAll("toolNames") String tool,
      @ForAll("jsonObjects") JsonNode arguments) throws Exception {
    check(tool, JSON.writeValueAsString(arguments));
  }

  @Property(tries = 2000)
  void jsonObjectsShapedLikeTheSchema_neverThrowAndFailWithoutChange(
      @ForAll("schemaShapedCalls") net.jqwik.api.Tuple.Tuple2<String, JsonNode> call) throws Exception {
    ToolResult result = check(call.get1(), JSON.writeValueAsString(call.get2()));
    Statistics.label("outcome").collect(result.error().map(Enum::name).orElse("SUCCESS"));
    Statistics.label("outcome").coverage(c -> c.check("SUCCESS").percentage(p -> p > 5));
  }

  @Property(tries = 10_000)
  void hostileLiterals_neverEscapeAndNeverEchoTheirSize(@ForAll("hostileCalls") net.jqwik.api.Tuple.Tuple3<String,
      String, String> call) {
    ToolResult result = check(call.get1(), call.get3());
    assertThat(result.text().length()).as("result text of %s", call.get2()).isLessThan(4_000);
    Statistics.label("kind").collect(call.get2());
    Statistics.label("kind").coverage(c -> {
      for (String kind : List.of("exponent", "hugeInteger", "nonNumeric", "deepNesting", "hugeString",
          "loneSurrogate", "plain")) {
        c.check(kind).percentage(p -> p > 1.5);
      }
    });
  }

  /**
   * Raw argument text with one hostile value among the tool's own parameters: numbers with huge or
   * tiny exponents, very long integers, NaN-like tokens and strings, deep nesting, multi-megabyte
   * strings and lone surrogates. Returns the tool, the kind of value and the text.
   */
  @Provide
  Arbitrary<net.jqwik.api.Tuple.Tuple3<String, String, String>> hostileCalls() {
    Arbitrary<String> exponent = Combinators.combine(
        Arbitraries.of("1", "100", "-1", "0", "5", "1.5", "9.99", "-0.0"),
        Arbitraries.of("e", "E", "e+", "e-", "E-"),
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, Arbitraries.of("2147483647", "2147483648", "1000000000", "9999999999999",
                "0", "1", "400")),
            net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(0, Long.MAX_VALUE).map(x -> Long.toString(x)))))
        .as((m, e, x) -> m + e + x);
    Arbitrary<String> hugeInteger = Arbitraries.strings().numeric().ofMinLength(10).ofMaxLength(2000)
        .map(d -> "-" + d);
    Arbitrary<String> nonNumeric = Arbitraries.of("NaN", "-Infinity", "Infinity", "\"NaN\"", "\"1e999\"",
        "0x10", "01", "+1", ".5", "1.", "true", "null", "[]", "{}");
    Arbitrary<String> deepNesting = Arbitraries.integers().between(50, 5000)
        .map(depth -> "[".repeat(depth) + "]".repeat(depth));
    Arbitrary<String> hugeString = Arbitraries.integers().between(1_001, 1_500_000)
        .map(n -> '"' + "ab\\n".repeat(n / 4 + 1) + '"');
    Arbitrary<String> loneSurrogate = Arbitraries.of("\"\\ud83d\"", "\"a\\ude00b\"", "\"\\udc00\\ud800\"",
        "\"key7\\ud83d\"", "\"\ud83d\"");
    Arbitrary<String> plain = Arbitraries.of("5", "\"key7\"", "\"all\"", "\"f00000\"", "\"s00000\"");
    Arbitrary<net.jqwik.api.Tuple.Tuple2<String, String>> value = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, exponent.map(v -> net.jqwik.api.Tuple.of("exponent", v))),
        net.jqwik.api.Tuple.of(3, hugeInteger.map(v -> net.jqwik.api.Tuple.of("hugeInteger", v))),
        net.jqwik.api.Tuple.of(3, nonNumeric.map(v -> net.jqwik.api.Tuple.of("nonNumeric", v))),
        net.jqwik.api.Tuple.of(2, deepNesting.map(v -> net.jqwik.api.Tuple.of("deepNesting", v))),
        net.jqwik.api.Tuple.of(1, hugeString.map(v -> net.jqwik.api.Tuple.of("hugeString", v))),
        net.jqwik.api.Tuple.of(3, loneSurrogate.map(v -> net.jqwik.api.Tuple.of("loneSurrogate", v))),
        net.jqwik.api.Tuple.of(2, plain.map(v -> net.jqwik.api.Tuple.of("plain", v))));
    return Arbitraries.of(Fixtures.BRANCHING.specs()).flatMap(spec -> {
      List<String> names = new ArrayList<>();
      SculptorToolsTest.schema(spec).get("properties").fieldNames().forEachRemaining(names::add);
      return Combinators.combine(Arbitraries.of(names), value, Arbitraries.of(true, false)).as((target, v, others) -> {
        StringBuilder json = new StringBuilder("{");
        if (others) {
          for (String name : names) {
            if (!name.equals(target)) {
              JsonNode schema = SculptorToolsTest.schema(spec).get("properties").get(name);
              json.append('"').append(name).append("\": ")
                  .append(schema.get("type").asText().equals("integer") ? "3" : "\"key7\"").append(", ");
            }
          }
        }
        json.append('"').append(target).append("\": ").append(v.get2()).append('}');
        return net.jqwik.api.Tuple.of(spec.name(), v.get1(), json.toString());
      });
    });
  }

  /** Objects whose keys are mostly the tool's own parameters, so that calls reach the tools. */
  @Provide
  Arbitrary<net.jqwik.api.Tuple.Tuple2<String, JsonNode>> schemaShapedCalls() {
    return Arbitraries.of(Fixtures.BRANCHING.specs()).flatMap(spec -> {
      List<String> names = new ArrayList<>();
      SculptorToolsTest.schema(spec).get("properties").fieldNames().forEachRemaining(names::add);
      List<Arbitrary<Map.Entry<String, JsonNode>>> entries = new ArrayList<>();
      for (String name : names) {
        JsonNode schema = SculptorToolsTest.schema(spec).get("properties").get(name);
        Arbitrary<JsonNode> value = Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(7, plausible(schema)), net.jqwik.api.Tuple.of(2, values(1)));
        entries.add(Combinators.combine(Arbitraries.integers().between(0, 99), value)
            .as((roll, v) -> roll < 90 ? Map.entry(name, v) : null));
      }
      return Combinators.combine(entries).as(list -> {
        ObjectNode node = NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : list) {
          if (e != null) {
            node.set(e.getKey(), e.getValue());
          }
        }
        return net.jqwik.api.Tuple.of(spec.name(), (JsonNode) node);
      });
    });
  }

  private static ToolResult check(String tool, String arguments) {
    ContextState state = BranchTools.isBranchTool(tool) ? BRANCH_STATE : STATE;
    ToolResult result = Fixtures.BRANCHING.execute(state, tool, arguments);
    assertThat(result.error()).isNotEqualTo(java.util.Optional.of(ToolErrorCode.INTERNAL_ERROR));
    assertThat(result.text()).isNotBlank();
    if (!result.isSuccess()) {
      assertThat(result.state()).isSameAs(state);
      assertThat(result.text()).startsWith("Error: ");
    }
    return result;
  }

  @Provide
  Arbitrary<String> toolNames() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(12, Arbitraries.of(Fixtures.BRANCHING.specs().stream().map(s -> s.name()).toList())),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(20)));
  }

  @Provide
  Arbitrary<JsonNode> jsonObjects() {
    List<String> keys = new ArrayList<>(List.of("start_marker", "end_marker", "num_fragments", "role",
        "fragment_id", "focus", "query", "max_results", "context_size", "search_id", "extended_context",
        "description", "prompt", "message"));
    Arbitrary<String> key = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(9, Arbitraries.of(keys)),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(8)));
    Arbitrary<Map<String, JsonNode>> fields = Arbitraries.maps(key, values(2)).ofMaxSize(5);
    return fields.map(map -> {
      ObjectNode node = NODES.objectNode();
      node.setAll(map);
      return node;
    });
  }

  /** Values of the parameter's own type, around its bounds and allowed values. */
  private Arbitrary<JsonNode> plausible(JsonNode schema) {
    if (schema.get("type").asText().equals("integer")) {
      int min = schema.get("minimum").asInt();
      int max = schema.get("maximum").asInt();
      return Arbitraries.integers().between(min - 2, max + 2).map(NODES::numberNode);
    }
    if (schema.has("enum")) {
      return Arbitraries.of("user", "assistant", "all", "all", "USER").map(NODES::textNode);
    }
    List<String> texts = new ArrayList<>(List.of("key7", "UPDATES BEGIN", "UPDATES END", "key", "noon.",
        "The lookup", "main points", ""));
    STATE.fragments().forEach(f -> texts.add(f.id().value()));
    STATE.searchResultIds().forEach(id -> texts.add(id.value()));
    return Arbitraries.of(texts).map(NODES::textNode);
  }

  private Arbitrary<JsonNode> values(int depth) {
    List<String> ids = new ArrayList<>();
    STATE.fragments().forEach(f -> ids.add(f.id().value()));
    STATE.searchResultIds().forEach(id -> ids.add(id.value()));
    Arbitrary<JsonNode> text = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.of(ids)),
        net.jqwik.api.Tuple.of(2, Arbitraries.of("user", "assistant", "all", "system", "key7", "UPDATES",
            "UPDATES BEGIN", "UPDATES END", "", " ", "f00000", "s00000", "👍", "\u0000")),
        net.jqwik.api.Tuple.of(2, Arbitraries.strings().ofMaxLength(30))).map(NODES::textNode);
    Arbitrary<JsonNode> integer = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(-5, 2100)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 1, 20, 21, 50, 51)))
        .map(NODES::numberNode);
    Arbitrary<JsonNode> other = Arbitraries.of(NODES.nullNode(), NODES.booleanNode(true),
        NODES.numberNode(2.5), NODES.numberNode(5.0), NODES.numberNode(1e300),
        NODES.numberNode(new java.math.BigInteger("99999999999999999999")));
    if (depth == 0) {
      return Arbitraries.oneOf(text, integer, other);
    }
    Arbitrary<JsonNode> array = values(depth - 1).list().ofMaxSize(3).map(list -> {
      var node = NODES.arrayNode();
      node.addAll(list);
      return node;
    });
    Arbitrary<JsonNode> object = Combinators.combine(Arbitraries.strings().ofMaxLength(5), values(depth - 1))
        .as((k, v) -> {
          ObjectNode node = NODES.objectNode();
          node.set(k, v);
          return node;
        });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, text), net.jqwik.api.Tuple.of(5, integer),
        net.jqwik.api.Tuple.of(2, other), net.jqwik.api.Tuple.of(1, array), net.jqwik.api.Tuple.of(1, object));
  }
}
