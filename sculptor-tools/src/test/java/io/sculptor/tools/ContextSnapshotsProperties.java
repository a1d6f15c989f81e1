package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Fragment;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.RoleFilter;
import io.sculptor.core.SearchQuery;
import io.sculptor.core.TokenCounter;
import io.sculptor.core.ToolCall;
import io.sculptor.store.ContextSnapshots;
import io.sculptor.store.SnapshotException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/** Saving and loading states: equal round trips, and refusals for anything damaged. */
class ContextSnapshotsProperties {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Property(tries = 200)
  void roundTrip_givesAnEqualState(@ForAll("states") ContextState state) {
    ContextState loaded = ContextSnapshots.fromJson(ContextSnapshots.toJson(state), TokenCounter.estimator());
    assertThat(loaded).isEqualTo(state);
    assertThat(loaded.view()).isEqualTo(state.view());
    assertThat(loaded.viewTokens()).isEqualTo(state.viewTokens());
    Statistics.label("fragments").collect(state.fragments().size() == 0 ? "0" : state.fragments().size() < 5 ? "1-4" : "5+");
    Statistics.label("summarized").collect(state.fragments().stream().anyMatch(f -> f.summary().isPresent()));
    Statistics.label("nested").collect(state.fragments().stream()
        .anyMatch(f -> state.fragments().stream().anyMatch(f::encloses)));
    Statistics.label("search hits").collect(!state.searchResultIds().isEmpty());
    Statistics.label("pinned").collect(!state.pinnedMessages().isEmpty());
    Statistics.label("fragments").coverage(c -> {
      c.check("0").percentage(p -> p > 2);
      c.check("1-4").percentage(p -> p > 20);
      c.check("5+").percentage(p -> p > 5);
    });
    for (String edge : List.of("summarized", "nested", "search hits", "pinned")) {
      Statistics.label(edge).coverage(c -> c.check(true).percentage(p -> p > 4));
    }
  }

  /**
   * Edits one field of a saved document the way someone who knows the format would (the checksum is
   * recomputed), with values of the right and wrong types at and beyond their limits, or grows one
   * array past a state's limits. The document is then either refused with a
   * {@link SnapshotException}, or it loads a state that writes back the same document (nothing
   * dropped or read differently), keeps every summary shorter than its fragment, remembers at most
   * {@link ContextState#MAX_REMEMBERED_SEARCH_HITS} hits, and can still draw ids.
   */
  @Property(tries = 1000)
  void editedDocument_isRefusedOrLoadsExactlyWhatItSays(@ForAll("states") ContextState state,
      @ForAll("edits") Edit edit) {
    String json = ContextSnapshotsTest.edited(ContextSnapshots.toJson(state), edit::applyTo);
    ContextState loaded;
    try {
      loaded = ContextSnapshots.fromJson(json, TokenCounter.estimator());
    } catch (SnapshotException refused) {
      assertThat(refused.getMessage()).startsWith("snapshot");
      Statistics.label("outcome").collect("refused");
      collectCoverage(edit);
      return;
    }
    Statistics.label("outcome").collect("loaded");
    collectCoverage(edit);
    assertThat(canonical(read(ContextSnapshots.toJson(loaded)))).as("what %s loads, written back", edit)
        .isEqualTo(canonical(read(json)));
    for (Fragment f : loaded.fragments()) {
      f.summary().ifPresent(summary -> assertThat(summary.text().length()).as("summary of %s", f.id())
          .isLessThan(f.characters()));
    }
    assertThat(loaded.searchResultIds().size()).isLessThanOrEqualTo(ContextState.MAX_REMEMBERED_SEARCH_HITS);
    for (Message m : loaded.original()) {
      if (m.role() != Role.SYSTEM && !m.content().isEmpty()) {
        assertThat(loaded.search(SearchQuery.of(m.content().substring(0, 1), RoleFilter.ALL, 3, 5)).isSuccess())
            .as("a loaded state draws ids").isTrue();
        break;
      }
    }
  }

  private static void collectCoverage(Edit edit) {
    Statistics.label("edit").collect(edit.edgeCase());
    Statistics.label("outcome").coverage(c -> {
      c.check("refused").percentage(p -> p > 20);
      c.check("loaded").percentage(p -> p > 8);
    });
    Statistics.label("edit").coverage(c -> {
      for (String edge : List.of("number beyond long", "negative number", "largest long", "smallest long",
          "wrong type", "field not allowed for the role", "summary not shorter", "array grown past a limit")) {
        c.check(edge).count(n -> n > 0);
      }
    });
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static ObjectNode read(String json) {
    try {
      return (ObjectNode) MAPPER.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The document without its checksum, with the spellings the writer normalizes: pins sorted
   * without repeats, no empty {@code extensions} object and no empty {@code toolCalls} array.
   */
  private static ObjectNode canonical(ObjectNode root) {
    root.remove("checksum");
    ArrayNode pinned = NODES.arrayNode();
    Set<Integer> pins = new TreeSet<>();
    root.withArray("pinned").forEach(p -> pins.add(p.intValue()));
    pins.forEach(pinned::add);
    root.set("pinned", pinned);
    for (JsonNode m : root.withArray("messages")) {
      if (m.path("extensions").isObject() && m.path("extensions").isEmpty()) {
        ((ObjectNode) m).remove("extensions");
      }
      if (m.path("toolCalls").isArray() && m.path("toolCalls").isEmpty()) {
        ((ObjectNode) m).remove("toolCalls");
      }
    }
    return root;
  }

  /**
   * One edit of a saved document.
   *
   * @param owner where the field lives: {@code root}, {@code message}, {@code fragment}, {@code summary}
   *     (every fragment is made summarized first) or {@code hit}
   * @param field the field to set, or the array to grow when {@code value} is null
   * @param value the new value, or null to grow the array {@code field} past its limit
   * @param which which of the owners, as a fraction of their number
   */
  record Edit(String owner, String field, JsonNode value, double which) {
    void applyTo(ObjectNode root) {
      if (value == null) {
        grow(root);
        return;
      }
      List<ObjectNode> owners = new ArrayList<>();
      switch (owner) {
        case "root" -> owners.add(root);
        case "message" -> root.withArray("messages").forEach(m -> owners.add((ObjectNode) m));
        case "fragment" -> root.withArray("fragments").forEach(f -> owners.add((ObjectNode) f));
        case "summary" -> root.withArray("fragments").forEach(f -> {
          if (!f.has("summary")) {
            ((ObjectNode) f).put("status", "summarized").putObject("summary").put("text", "short").put("focus", "");
          }
          owners.add((ObjectNode) f.get("summary"));
        });
        case "hit" -> root.withArray("searchHits").forEach(h -> owners.add((ObjectNode) h));
        default -> throw new IllegalStateException(owner);
      }
      if (!owners.isEmpty()) {
        owners.get((int) (which * owners.size())).set(field, value.deepCopy());
      }
    }

    /** Copies the elements of array {@code field} until it holds more than 1,000, each with a fresh id. */
    private void grow(ObjectNode root) {
      ArrayNode array = root.withArray(field);
      if (array.isEmpty()) {
        return;
      }
      Set<String> ids = new HashSet<>();
      array.forEach(e -> ids.add(e.path("id").asText()));
      int original = array.size();
      for (int i = 0; array.size() <= ContextState.MAX_REMEMBERED_SEARCH_HITS; i++) {
        JsonNode copy = array.get(i % original).deepCopy();
        if (copy.has("id")) {
          String id;
          int n = i;
          do {
            id = copy.get("id").textValue().charAt(0) + String.format(Locale.ROOT, "%05d", n++ % 100_000);
          } while (!ids.add(id));
          ((ObjectNode) copy).put("id", id);
        }
        array.add(copy);
      }
    }

    /** {@return the class of edge case this edit is, for the statistics} */
    String edgeCase() {
      if (value == null) {
        return "array grown past a limit";
      }
      if (field.equals("toolCalls") || field.equals("toolCallId")) {
        return "field not allowed for the role";
      }
      if (field.equals("text") && value.isTextual() && value.textValue().length() > 100) {
        return "summary not shorter";
      }
      if (value.isBigInteger()) {
        return "number beyond long";
      }
      if (value.isIntegralNumber() && value.longValue() == Long.MAX_VALUE) {
        return "largest long";
      }
      if (value.isIntegralNumber() && value.longValue() == Long.MIN_VALUE) {
        return "smallest long";
      }
      if (value.isIntegralNumber() && value.longValue() < 0) {
        return "negative number";
      }
      if (value.isNumber() != NUMBER_FIELDS.contains(field) || value.isIntegralNumber() != value.isNumber()) {
        return "wrong type";
      }
      return "other";
    }
  }

  private static final Set<String> NUMBER_FIELDS = Set.of("version", "seed", "idsDrawn", "message", "offset");

  @Provide
  Arbitrary<Edit> edits() {
    JsonNode beyondLong = NODES.numberNode(BigInteger.TWO.pow(64).add(BigInteger.ONE));
    Arbitrary<JsonNode> numbers = Arbitraries.of(NODES.numberNode(0), NODES.numberNode(1), NODES.numberNode(-5),
        NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(Long.MIN_VALUE), beyondLong, NODES.numberNode(60_466_177L),
        NODES.numberNode(1.5), NODES.textNode("1"));
    Arbitrary<JsonNode> strings = Arbitraries.of(NODES.textNode(""), NODES.textNode("x"), NODES.textNode("call_1"),
        NODES.textNode("s".repeat(5_000)), NODES.numberNode(7), NODES.nullNode());
    ArrayNode call = NODES.arrayNode();
    call.addObject().put("id", "call_9").put("name", "lookup").put("arguments", "{}");
    Arbitrary<JsonNode> structures = Arbitraries.of(NODES.objectNode(), NODES.objectNode().put("k", 1),
        NODES.arrayNode(), NODES.arrayNode().add(1), call, NODES.textNode("x"), NODES.booleanNode(true));
    Arbitrary<Double> which = Arbitraries.doubles().between(0, 1).filter(d -> d < 1);
    List<Arbitrary<Edit>> edits = new ArrayList<>();
    for (String field : List.of("version", "seed", "idsDrawn")) {
      edits.add(Combinators.combine(numbers, which).as((v, w) -> new Edit("root", field, v, w)));
    }
    for (String field : List.of("role", "content", "toolCallId", "name")) {
      edits.add(Combinators.combine(strings, which).as((v, w) -> new Edit("message", field, v, w)));
    }
    for (String field : List.of("toolCalls", "extensions")) {
      edits.add(Combinators.combine(structures, which).as((v, w) -> new Edit("message", field, v, w)));
    }
    edits.add(Combinators.combine(structures, which).as((v, w) -> new Edit("fragment", "summary", v, w)));
    edits.add(Combinators.combine(strings, which).as((v, w) -> new Edit("fragment", "status", v, w)));
    edits.add(Combinators.combine(strings, which).as((v, w) -> new Edit("summary", "text", v, w)));
    for (String field : List.of("message", "offset")) {
      edits.add(Combinators.combine(numbers, which).as((v, w) -> new Edit("hit", field, v, w)));
    }
    edits.add(Arbitraries.of("messages", "fragments", "searchHits").map(a -> new Edit("root", a, null, 0)));
    return Arbitraries.oneOf(edits);
  }

  @Property(tries = 200)
  void truncated_isRefusedWithAClearMessage(@ForAll("states") ContextState state, @ForAll double where) {
    String json = ContextSnapshots.toJson(state);
    int cut = (int) (Math.abs(where % 1.0) * (json.length() - 1));
    assertThatThrownBy(() -> ContextSnapshots.fromJson(json.substring(0, cut), TokenCounter.estimator()))
        .isInstanceOf(SnapshotException.class).hasMessageContaining("snapshot");
  }

  @Property(tries = 200)
  void anyChangedCharacter_isRefused(@ForAll("states") ContextState state, @ForAll double where,
      @ForAll char replacement) {
    String json = ContextSnapshots.toJson(state);
    int at = (int) (Math.abs(where % 1.0) * (json.length() - 1));
    if (json.charAt(at) == replacement) {
      return;
    }
    String corrupted = json.substring(0, at) + replacement + json.substring(at + 1);
    assertThatThrownBy(() -> ContextSnapshots.fromJson(corrupted, TokenCounter.estimator()))
        .isInstanceOf(SnapshotException.class);
  }

  @Provide
  Arbitrary<ContextState> states() {
    Arbitrary<String> text = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.strings().ofMaxLength(40)),
        Tuple.of(3, Arbitraries.of("alpha beta gamma delta", "数据 分析 👍🏽 emoji", "line one\nline two\nline three", "")));
    Arbitrary<Message> message = Combinators.combine(Arbitraries.integers().between(0, 3), text, Arbitraries.of(true, false))
        .as((kind, t, extended) -> {
          Message m = switch (kind) {
            case 0 -> Message.user(t);
            case 1 -> Message.assistant(t);
            case 2 -> Message.assistant(t, List.of(new ToolCall("call_1", "lookup", "{\"q\": \"" + t.length() + "\"}")));
            default -> Message.tool("call_1", t);
          };
          return extended ? m.withExtensions(Map.of("reasoning_content", NODES.textNode("why " + t.length()),
              "x_vendor", NODES.objectNode().put("n", 1.5))) : m;
        });
    // Marker pairs whose regions nest: "beta".."gamma" inside "alpha".."delta", "two" inside "line one".."three".
    Arbitrary<Tuple.Tuple2<String, String>> markers = Arbitraries.of(Tuple.of("alpha", "delta"), Tuple.of("beta", "gamma"),
        Tuple.of("line one", "line three"), Tuple.of("two", "two"), Tuple.of("数据", "emoji"), Tuple.of("alpha", "alpha"));
    Arbitrary<List<Tuple.Tuple2<String, String>>> calls = Arbitraries.oneOf(
        Arbitraries.of("alpha", "line", "数据", "two").map(q -> Tuple.of("search_context", "{\"query\":\"" + q + "\",\"role\":\"all\"}")),
        Combinators.combine(markers, Arbitraries.integers().between(1, 4))
            .as((m, pieces) -> Tuple.of("fragment_context", "{\"start_marker\":\"" + m.get1() + "\",\"end_marker\":\""
                + m.get2() + "\",\"role\":\"all\",\"num_fragments\":" + pieces + "}")),
        Arbitraries.integers().between(0, 5).map(i -> Tuple.of("fold_fragment", "{\"fragment_id\":\"$" + i + "\"}")),
        Arbitraries.integers().between(0, 5).map(i -> Tuple.of("summarize_fragment", "{\"fragment_id\":\"$" + i + "\",\"focus\":\"x\"}"))
    ).list().ofMaxSize(10);
    return Combinators.combine(message.list().ofMinSize(1).ofMaxSize(8), calls, Arbitraries.longs(), Arbitraries.of(true, false),
            Arbitraries.integers().between(1, 6))
        .as((messages, steps, seed, pin, pieces) -> {
          List<Message> all = new ArrayList<>();
          all.add(Message.system("You are careful."));
          all.addAll(messages);
          ContextState state = ContextState.of(Conversation.of(all), seed, TokenCounter.estimator());
          state = state.fragmentMessages(1, all.size(), io.sculptor.core.RoleFilter.ALL, pieces).state();
          for (Tuple.Tuple2<String, String> step : steps) {
            String args = step.get2();
            for (int i = 0; i < 6; i++) {
              String id = state.fragments().isEmpty() ? "f00000"
                  : state.fragments().get(i % state.fragments().size()).id().value();
              args = args.replace("$" + i, id);
            }
            state = Fixtures.TOOLKIT.execute(state, step.get1(), args).state();
          }
          return pin ? state.pin(1).state() : state;
        });
  }

}
