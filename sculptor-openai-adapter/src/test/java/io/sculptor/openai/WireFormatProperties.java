package io.sculptor.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Round trips: wire JSON → Sculptor messages → wire JSON gives an equal JSON tree. The statistics
 * prove that runs reach every role and content shape (text, null, parts, absent), fields the
 * library does not model, and every Responses item type.
 */
class WireFormatProperties {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Property(tries = 500)
  void chatCompletionsMessages_roundTrip(@ForAll("chatMessages") ArrayNode wire) {
    assertThat(ChatCompletionsFormat.toJson(ChatCompletionsFormat.toMessages(wire))).isEqualTo(wire);
    Statistics.label("messages").collect(wire.isEmpty() ? "none" : wire.size() == 1 ? "1" : "2+");
    for (JsonNode m : wire) {
      Statistics.label("content").collect(m.has("content") ? m.get("content").getNodeType().name() : "ABSENT");
      Statistics.label("role").collect(m.get("role").asText() + (m.has("tool_calls") ? " with tool calls" : ""));
      if (m.has("tool_calls")) {
        Statistics.label("custom calls").collect(m.get("tool_calls").size() == 3);
      }
      Statistics.label("fields the library does not model").collect(hasUnknownField(m));
    }
    Statistics.label("messages").coverage(c -> {
      c.check("none").count(n -> n > 0);
      c.check("1").count(n -> n > 0);
      c.check("2+").percentage(p -> p > 15);
    });
    Statistics.label("content").coverage(c -> {
      c.check("STRING").percentage(p -> p > 15);
      c.check("NULL").count(n -> n > 0);
      c.check("ARRAY").percentage(p -> p > 5);
      c.check("ABSENT").count(n -> n > 0);
    });
    Statistics.label("role").coverage(c -> {
      for (String role : List.of("system", "developer", "user", "assistant", "assistant with tool calls", "tool")) {
        c.check(role).count(n -> n > 0);
      }
    });
    Statistics.label("fields the library does not model").coverage(c -> c.check(true).percentage(p -> p > 30));
    Statistics.label("custom calls").coverage(c -> c.check(true).percentage(p -> p > 5));
  }

  private static boolean hasUnknownField(JsonNode message) {
    for (var names = message.fieldNames(); names.hasNext(); ) {
      if (!List.of("role", "content", "name", "tool_calls", "tool_call_id").contains(names.next())) {
        return true;
      }
    }
    return false;
  }

  @Property(tries = 500)
  void responsesItems_roundTrip(@ForAll("responsesItems") ArrayNode wire) {
    ArrayNode typed = wire.deepCopy();
    typed.forEach(item -> {
      if (!item.has("type")) {
        // The one normalization of valid items: a message item says that it is one.
        ((ObjectNode) item).put("type", "message");
      }
    });
    assertThat(ResponsesFormat.toItems(ResponsesFormat.toMessages(wire))).isEqualTo(typed);
    for (JsonNode item : wire) {
      Statistics.label("type").collect(item.path("type").asText("(none)"));
      Statistics.label("item id and status kept").collect(item.has("id"));
      if (item.has("role")) {
        Statistics.label("message content").collect(item.get("content").isArray() ? "parts" : "text");
      }
    }
    Statistics.label("type").coverage(c -> {
      for (String type : List.of("(none)", "message", "function_call", "function_call_output", "custom_tool_call",
          "custom_tool_call_output", "reasoning")) {
        c.check(type).percentage(p -> p > 3);
      }
    });
    Statistics.label("item id and status kept").coverage(c -> c.check(true).percentage(p -> p > 15));
    Statistics.label("message content").coverage(c -> {
      c.check("parts").percentage(p -> p > 10);
      c.check("text").percentage(p -> p > 10);
    });
  }

  private static Arbitrary<String> text() {
    return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30),
        Arbitraries.of("", "hello", "数据 👍🏽", "line\nbreak", "{\"json\": true}"));
  }

  /** Unknown fields with arbitrary JSON values. */
  private static Arbitrary<List<Tuple.Tuple2<String, JsonNode>>> unknownFields() {
    Arbitrary<JsonNode> value = Arbitraries.oneOf(
        text().map(NODES::textNode), Arbitraries.integers().map(NODES::numberNode),
        Arbitraries.just(NODES.nullNode()), Arbitraries.of(true, false).map(NODES::booleanNode),
        text().map(t -> (JsonNode) NODES.objectNode().put("nested", t)),
        text().map(t -> (JsonNode) NODES.arrayNode().add(t).add(1)));
    // Not annotations or a response's audio: a request does not take them back (ChatCompletionsFormatTest).
    Arbitrary<String> key = Arbitraries.of("reasoning_content", "refusal", "x_vendor", "cache_control", "id", "status");
    return Combinators.combine(key, value).as(Tuple::of).list().ofMaxSize(3).uniqueElements(t -> t.get1());
  }

  /**
   * Content a message of the role takes: text or parts, and for an assistant also null or none
   * (the Java null). Only a user message takes images.
   */
  private static Arbitrary<JsonNode> content(String role) {
    boolean images = role.equals("user");
    Arbitrary<JsonNode> parts = Combinators.combine(text(), text()).as((a, b) -> {
      ArrayNode array = NODES.arrayNode();
      array.addObject().put("type", "text").put("text", a);
      if (images) {
        array.addObject().put("type", "image_url").putObject("image_url").put("url", "https://example.com/" + b.length());
      }
      if (!b.isEmpty()) {
        array.addObject().put("type", "text").put("text", b);
      }
      return array;
    });
    if (!role.equals("assistant")) {
      return Arbitraries.frequencyOf(Tuple.of(7, text().map(NODES::textNode)), Tuple.of(3, parts));
    }
    return Arbitraries.frequencyOf(Tuple.of(6, text().map(NODES::textNode)), Tuple.of(2, Arbitraries.just(NODES.nullNode())),
        Tuple.of(2, parts), Tuple.of(1, Arbitraries.just(null)));
  }

  @Provide
  Arbitrary<ArrayNode> chatMessages() {
    Arbitrary<ObjectNode> plain = Arbitraries.of("system", "developer", "user", "assistant").flatMap(r -> Combinators.combine(
        Arbitraries.just(r), content(r), unknownFields(), Arbitraries.of("", "bob")).as((role, content, extras, name) -> {
          ObjectNode m = NODES.objectNode().put("role", role);
          if (content != null) {
            m.set("content", content);
          }
          if (!name.isEmpty()) {
            m.put("name", name);
          }
          extras.forEach(t -> m.set(t.get1(), t.get2()));
          return m;
        }));
    Arbitrary<ObjectNode> withCalls = Combinators.combine(content("assistant"), unknownFields(), text(),
        Arbitraries.integers().between(1, 3)).as((content, extras, args, n) -> {
          ObjectNode m = NODES.objectNode().put("role", "assistant");
          if (content != null) {
            m.set("content", content);
          }
          ArrayNode calls = m.putArray("tool_calls");
          for (int i = 0; i < n; i++) {
            if (i == 2) {
              calls.addObject().put("id", "call_" + i).put("type", "custom").putObject("custom")
                  .put("name", "grep").put("input", args);
              continue;
            }
            ObjectNode call = calls.addObject().put("id", "call_" + i).put("type", "function");
            call.putObject("function").put("name", "tool_" + i).put("arguments", args + i);
            if (i == 1) {
              call.put("index", i);
            }
          }
          extras.forEach(t -> m.set(t.get1(), t.get2()));
          return m;
        });
    Arbitrary<ObjectNode> toolResult = Combinators.combine(content("tool"), unknownFields()).as((content, extras) -> {
      ObjectNode m = NODES.objectNode().put("role", "tool").put("tool_call_id", "call_0");
      if (content != null) {
        m.set("content", content);
      }
      extras.forEach(t -> m.set(t.get1(), t.get2()));
      return m;
    });
    return Arbitraries.frequencyOf(Tuple.of(4, plain), Tuple.of(2, withCalls), Tuple.of(2, toolResult))
        .list().ofMaxSize(8).map(list -> {
          ArrayNode array = NODES.arrayNode();
          list.forEach(array::add);
          return array;
        });
  }

  @Provide
  Arbitrary<ArrayNode> responsesItems() {
    Arbitrary<ObjectNode> message = Combinators.combine(Arbitraries.of("system", "developer", "user"),
        Arbitraries.oneOf(text().map(NODES::textNode), text().map(t -> {
          ArrayNode parts = NODES.arrayNode();
          parts.addObject().put("type", "input_text").put("text", t);
          return (JsonNode) parts;
        }), text().map(t -> {
          ArrayNode parts = NODES.arrayNode();
          parts.addObject().put("type", "input_text").put("text", t);
          parts.addObject().put("type", "input_image").put("image_url", "https://example.com/a.png").put("detail", "auto");
          return (JsonNode) parts;
        })), Arbitraries.of(true, false), Arbitraries.of(true, false)).as((role, content, typed, withId) -> {
          ObjectNode item = NODES.objectNode();
          if (typed) {
            item.put("type", "message");
          }
          item.put("role", role);
          item.set("content", role.equals("user") || !content.isArray() || content.size() == 1 ? content
              : NODES.arrayNode().add(content.get(0)));
          if (withId) {
            item.put("id", "msg_1").put("status", "completed");
          }
          return item;
        });
    // An earlier assistant turn is text; parts are output_text in an output message, which has an id.
    Arbitrary<ObjectNode> assistant = Combinators.combine(text(), Arbitraries.of(true, false)).as((text, output) -> {
      ObjectNode item = NODES.objectNode().put("type", "message").put("role", "assistant");
      if (output) {
        item.put("id", "msg_2").put("status", "completed");
        item.putArray("content").addObject().put("type", "output_text").put("text", text).putArray("annotations");
      } else {
        item.put("content", text);
      }
      return item;
    });
    Arbitrary<ObjectNode> call = Combinators.combine(text(), Arbitraries.of(true, false)).as((args, withId) -> {
      ObjectNode item = NODES.objectNode().put("type", "function_call").put("call_id", "call_9").put("name", "fold_fragment")
          .put("arguments", args);
      if (withId) {
        item.put("id", "fc_1").put("status", "completed");
      }
      return item;
    });
    Arbitrary<ObjectNode> output = text().map(out -> NODES.objectNode().put("type", "function_call_output")
        .put("call_id", "call_9").put("output", out));
    Arbitrary<ObjectNode> custom = text().map(input -> NODES.objectNode().put("type", "custom_tool_call")
        .put("id", "ctc_1").put("call_id", "call_7").put("name", "run_sql").put("input", input));
    Arbitrary<ObjectNode> customOutput = text().map(out -> NODES.objectNode().put("type", "custom_tool_call_output")
        .put("call_id", "call_7").put("output", out));
    Arbitrary<ObjectNode> reasoning = text().map(t -> {
      ObjectNode item = NODES.objectNode().put("type", "reasoning").put("id", "rs_1");
      item.putArray("summary").addObject().put("type", "summary_text").put("text", t);
      item.put("encrypted_content", "gAAAAB" + t.length());
      return item;
    });
    return Arbitraries.oneOf(message, assistant, call, output, custom, customOutput, reasoning).list().ofMaxSize(8)
        .map(list -> {
          ArrayNode array = NODES.arrayNode();
          list.forEach(array::add);
          return array;
        });
  }
}
