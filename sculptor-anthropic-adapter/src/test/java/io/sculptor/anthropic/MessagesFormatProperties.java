package io.sculptor.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Round trips over generated Messages API requests: wire JSON → Sculptor messages → wire JSON gives
 * equal JSON trees, for every block type (text with citations, image, document, tool_use,
 * tool_result with string, block-array or no content and is_error, thinking with signature,
 * redacted_thinking, server tool blocks, block types from the future) and unknown fields. Changing
 * the text of every message changes only text blocks. The statistics show that runs reach every
 * block type and the user messages that mix tool results with other blocks.
 */
class MessagesFormatProperties {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> TEXT_TYPES = Set.of("text");

  @Property(tries = 400)
  void request_roundTrip(@ForAll("requests") ObjectNode request) {
    List<Message> messages = MessagesFormat.fromRequest(request);

    assertThat(MessagesFormat.messages(messages)).isEqualTo(request.get("messages"));
    assertThat(MessagesFormat.system(messages)).isEqualTo(request.get("system"));
    collectStatistics(request);
  }

  @Property(tries = 300)
  void changedText_changesOnlyTextBlocks(@ForAll("requests") ObjectNode request) {
    List<Message> folded = new ArrayList<>();
    for (Message m : MessagesFormat.fromRequest(request)) {
      folded.add(m.role() == Role.SYSTEM ? m : m.withContent("[fragment f00001 folded: " + m.content().length()
          + " characters hidden]"));
    }

    ArrayNode written = MessagesFormat.messages(folded);

    JsonNode original = request.get("messages");
    assertThat(written).hasSameSizeAs(original);
    for (int i = 0; i < original.size(); i++) {
      assertThat(written.get(i).get("role")).isEqualTo(original.get(i).get("role"));
      assertThat(nonTextBlocks(written.get(i))).as("message %d", i).isEqualTo(nonTextBlocks(original.get(i)));
      assertThat(MessagesFormat.toMessages(written.get(i))).allSatisfy(m ->
          assertThat(m.content()).startsWith("[fragment f00001 folded: "));
    }
  }

  /** Every block but text blocks, with tool_result blocks reduced to what is not text. */
  private static List<JsonNode> nonTextBlocks(JsonNode message) {
    List<JsonNode> kept = new ArrayList<>();
    JsonNode content = message.get("content");
    if (!content.isArray()) {
      return kept;
    }
    for (JsonNode block : content) {
      String type = block.path("type").asText();
      if (type.equals("tool_result")) {
        ObjectNode copy = block.deepCopy();
        JsonNode inner = copy.remove("content");
        copy.set("content", inner != null && inner.isArray() ? withoutText(inner) : NODES.arrayNode());
        kept.add(copy);
      } else if (!TEXT_TYPES.contains(type)) {
        kept.add(block);
      }
    }
    return kept;
  }

  private static ArrayNode withoutText(JsonNode blocks) {
    ArrayNode kept = NODES.arrayNode();
    blocks.forEach(b -> {
      if (!b.path("type").asText().equals("text")) {
        kept.add(b);
      }
    });
    return kept;
  }

  private static void collectStatistics(ObjectNode request) {
    Statistics.label("system").collect(request.has("system") ? request.get("system").getNodeType().name() : "ABSENT");
    for (JsonNode message : request.get("messages")) {
      JsonNode content = message.get("content");
      if (!content.isArray()) {
        Statistics.label("block").collect("(string content)");
        continue;
      }
      boolean results = false;
      boolean others = false;
      for (JsonNode block : content) {
        String type = block.path("type").asText();
        Statistics.label("block").collect(type.startsWith("x_") ? "(unknown type)" : type);
        results |= type.equals("tool_result");
        others |= !type.equals("tool_result");
      }
      if (message.get("role").asText().equals("user")) {
        Statistics.label("user message").collect(results && others ? "results and other blocks"
            : results ? "results only" : "other blocks only");
      }
    }
    Statistics.label("block").coverage(c -> {
      for (String type : List.of("text", "image", "document", "tool_use", "tool_result", "thinking",
          "redacted_thinking", "server_tool_use", "web_search_tool_result", "(unknown type)", "(string content)")) {
        c.check(type).count(n -> n > 0);
      }
    });
    Statistics.label("user message").coverage(c -> {
      c.check("results and other blocks").count(n -> n > 0);
      c.check("results only").count(n -> n > 0);
    });
    Statistics.label("system").coverage(c -> {
      c.check("ABSENT").count(n -> n > 0);
      c.check("STRING").count(n -> n > 0);
      c.check("ARRAY").count(n -> n > 0);
    });
  }

  @Provide
  Arbitrary<ObjectNode> requests() {
    Arbitrary<JsonNode> system = Arbitraries.oneOf(
        Arbitraries.just(null),
        text().map(NODES::textNode),
        textBlock().list().ofMinSize(1).ofMaxSize(3).map(MessagesFormatProperties::array));
    Arbitrary<List<ObjectNode>> messages = Arbitraries.oneOf(userMessage(), assistantMessage()).list().ofMaxSize(6);
    return Combinators.combine(system, messages).as((s, ms) -> {
      ObjectNode request = NODES.objectNode().put("model", "claude-sonnet-4-5").put("max_tokens", 1024);
      if (s != null) {
        request.set("system", s);
      }
      request.set("messages", array(ms));
      return request;
    });
  }

  private Arbitrary<ObjectNode> userMessage() {
    Arbitrary<JsonNode> blocks = Arbitraries.oneOf(textBlock(), image(), document(), unknownBlock(), toolResult())
        .list().ofMaxSize(5).map(MessagesFormatProperties::array);
    return message("user", Arbitraries.oneOf(text().map(NODES::textNode), blocks, blocks));
  }

  private Arbitrary<ObjectNode> assistantMessage() {
    Arbitrary<JsonNode> blocks = Arbitraries.oneOf(textBlock(), toolUse(), thinking(), redactedThinking(),
            serverToolUse(), webSearchResult(), unknownBlock())
        .list().ofMaxSize(5).map(MessagesFormatProperties::array);
    return message("assistant", Arbitraries.oneOf(text().map(NODES::textNode), blocks, blocks));
  }

  private Arbitrary<ObjectNode> message(String role, Arbitrary<JsonNode> content) {
    return Combinators.combine(content, Arbitraries.of(false, false, false, true)).as((c, extra) -> {
      ObjectNode m = NODES.objectNode().put("role", role);
      m.set("content", c);
      if (extra) {
        m.put("x_trace", "kept");
      }
      return m;
    });
  }

  private Arbitrary<String> text() {
    return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
        Arbitraries.strings().withChars("ab \n.ü😀").ofMinLength(1).ofMaxLength(20));
  }

  private Arbitrary<ObjectNode> textBlock() {
    return Combinators.combine(text(), Arbitraries.integers().between(0, 3)).as((t, variant) -> {
      ObjectNode block = NODES.objectNode().put("type", "text").put("text", t);
      if (variant == 1) {
        block.putArray("citations").addObject().put("type", "char_location").put("cited_text", "The grass is green.")
            .put("document_index", 0).put("start_char_index", 0).put("end_char_index", 20);
      } else if (variant == 2) {
        block.putObject("cache_control").put("type", "ephemeral");
      }
      return block;
    });
  }

  private Arbitrary<ObjectNode> image() {
    return Arbitraries.strings().alpha().ofMinLength(4).ofMaxLength(12).map(data -> {
      ObjectNode block = NODES.objectNode().put("type", "image");
      block.putObject("source").put("type", "base64").put("media_type", "image/png").put("data", data);
      return block;
    });
  }

  private Arbitrary<ObjectNode> document() {
    return text().map(data -> {
      ObjectNode block = NODES.objectNode().put("type", "document");
      block.putObject("source").put("type", "text").put("media_type", "text/plain").put("data", data);
      block.put("title", "My Document").putObject("citations").put("enabled", true);
      return block;
    });
  }

  private Arbitrary<ObjectNode> unknownBlock() {
    return Arbitraries.integers().between(0, 99).map(n ->
        NODES.objectNode().put("type", "x_future_block").put("payload", n));
  }

  private Arbitrary<String> id(String prefix) {
    return Arbitraries.strings().withCharRange('a', 'z').numeric().ofLength(8).map(s -> prefix + s);
  }

  private Arbitrary<ObjectNode> toolUse() {
    return Combinators.combine(id("toolu_"), Arbitraries.of("get_weather", "fold_fragment"), text(),
        Arbitraries.integers().between(-5, 500)).as((id, name, value, n) -> {
          ObjectNode block = NODES.objectNode().put("type", "tool_use").put("id", id).put("name", name);
          ObjectNode input = block.putObject("input").put("location", value).put("days", n);
          input.putArray("units").add("celsius").add(1.5);
          return block;
        });
  }

  private Arbitrary<ObjectNode> toolResult() {
    Arbitrary<JsonNode> content = Arbitraries.oneOf(
        Arbitraries.just(null),
        text().map(NODES::textNode),
        Arbitraries.oneOf(textBlock(), image()).list().ofMaxSize(3).map(MessagesFormatProperties::array));
    return Combinators.combine(id("toolu_"), content, Arbitraries.of(0, 1, 2)).as((id, c, error) -> {
      ObjectNode block = NODES.objectNode().put("type", "tool_result").put("tool_use_id", id);
      if (c != null) {
        block.set("content", c);
      }
      if (error > 0) {
        block.put("is_error", error == 1);
      }
      return block;
    });
  }

  private Arbitrary<ObjectNode> thinking() {
    return Combinators.combine(text(), Arbitraries.strings().alpha().numeric().ofMinLength(10).ofMaxLength(30))
        .as((t, sig) -> NODES.objectNode().put("type", "thinking").put("thinking", t).put("signature", sig));
  }

  private Arbitrary<ObjectNode> redactedThinking() {
    return Arbitraries.strings().alpha().ofMinLength(8).ofMaxLength(20)
        .map(data -> NODES.objectNode().put("type", "redacted_thinking").put("data", data));
  }

  private Arbitrary<ObjectNode> serverToolUse() {
    return Combinators.combine(id("srvtoolu_"), text()).as((id, query) -> {
      ObjectNode block = NODES.objectNode().put("type", "server_tool_use").put("id", id).put("name", "web_search");
      block.putObject("input").put("query", query);
      return block;
    });
  }

  private Arbitrary<ObjectNode> webSearchResult() {
    return id("srvtoolu_").map(id -> {
      ObjectNode block = NODES.objectNode().put("type", "web_search_tool_result").put("tool_use_id", id);
      block.putArray("content").addObject().put("type", "web_search_result")
          .put("url", "https://en.wikipedia.org/wiki/Claude_Shannon").put("title", "Claude Shannon - Wikipedia")
          .put("encrypted_content", "EqgfCioIARgBIiQ3YTAw").put("page_age", "April 30, 2025");
      return block;
    });
  }

  private static ArrayNode array(List<? extends JsonNode> nodes) {
    ArrayNode array = NODES.arrayNode();
    nodes.forEach(array::add);
    return array;
  }
}
