package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.FragmentId;
import io.sculptor.core.FragmentStatus;
import io.sculptor.core.Message;
import io.sculptor.core.Span;
import io.sculptor.core.StateSnapshot;
import io.sculptor.core.Summary;
import io.sculptor.core.TokenCounter;
import io.sculptor.store.ContextSnapshots;
import io.sculptor.store.SnapshotException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContextSnapshotsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * {@code json} after {@code edit}, with the checksum recomputed, as someone who edited the
   * document and knew the format would write it.
   */
  static String edited(String json, Consumer<ObjectNode> edit) {
    try {
      ObjectNode root = (ObjectNode) MAPPER.readTree(json);
      edit.accept(root);
      root.remove("checksum");
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(MAPPER.writeValueAsBytes(root));
      root.put("checksum", HexFormat.of().formatHex(digest));
      return MAPPER.writeValueAsString(root);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static ObjectNode message(ObjectNode root, int index) {
    return (ObjectNode) root.get("messages").get(index);
  }

  static Stream<Arguments> semanticEdits() {
    BigInteger twoTo64Plus1 = BigInteger.TWO.pow(64).add(BigInteger.ONE);
    return Stream.of(
        Arguments.of("version 2^64+1", (Consumer<ObjectNode>) r -> r.put("version", twoTo64Plus1),
            "version [18446744073709551617] is not supported"),
        Arguments.of("toolCalls on a user message", (Consumer<ObjectNode>) r -> message(r, 1).putArray("toolCalls")
            .addObject().put("id", "call_9").put("name", "lookup").put("arguments", "{}"),
            "messages[1] field [toolCalls] is only allowed on assistant messages, got role [user]"),
        Arguments.of("toolCalls on a tool message", (Consumer<ObjectNode>) r -> message(r, 3).putArray("toolCalls"),
            "messages[3] field [toolCalls] is only allowed on assistant messages, got role [tool]"),
        Arguments.of("toolCalls not an array", (Consumer<ObjectNode>) r -> message(r, 2).putObject("toolCalls"),
            "messages[2] field [toolCalls] must be an array, got [{}]"),
        Arguments.of("toolCallId on a user message", (Consumer<ObjectNode>) r -> message(r, 1).put("toolCallId", "call_1"),
            "messages[1] field [toolCallId] is only allowed on tool messages, got role [user]"),
        Arguments.of("extensions as an array", (Consumer<ObjectNode>) r -> message(r, 1).putArray("extensions").add(1),
            "messages[1] field [extensions] must be an object, got [[1]]"),
        Arguments.of("summary on a folded fragment", (Consumer<ObjectNode>) r -> ((ObjectNode) r.get("fragments").get(0))
            .putObject("summary").put("text", "t").put("focus", ""),
            "fragments[0] field [summary] is only allowed on summarized fragments, got status [folded]"),
        Arguments.of("summary longer than its fragment", (Consumer<ObjectNode>) r -> {
          ObjectNode fragment = (ObjectNode) r.get("fragments").get(1);
          fragment.put("status", "summarized");
          fragment.putObject("summary").put("text", "s".repeat(25_000)).put("focus", "");
        }, "summary has [25000] characters"),
        Arguments.of("idsDrawn -5", (Consumer<ObjectNode>) r -> r.put("idsDrawn", -5),
            "idsDrawn [-5] must be in [0, 60466176]"),
        Arguments.of("idsDrawn Long.MIN_VALUE", (Consumer<ObjectNode>) r -> r.put("idsDrawn", Long.MIN_VALUE),
            "idsDrawn [" + Long.MIN_VALUE + "] must be in [0, 60466176]"),
        Arguments.of("idsDrawn Long.MAX_VALUE", (Consumer<ObjectNode>) r -> r.put("idsDrawn", Long.MAX_VALUE),
            "idsDrawn [" + Long.MAX_VALUE + "] must be in [0, 60466176]"),
        Arguments.of("idsDrawn 2^64+1", (Consumer<ObjectNode>) r -> r.put("idsDrawn", twoTo64Plus1),
            "field [idsDrawn] must be an integer"),
        Arguments.of("1,001 search hits", (Consumer<ObjectNode>) r -> {
          ArrayNode hits = r.putArray("searchHits");
          String content = r.get("messages").get(1).get("content").textValue();
          for (int i = 0; i <= 1000; i++) {
            hits.addObject().put("id", String.format(Locale.ROOT, "s%05d", i))
                .put("query", content.substring(i, i + 1)).put("message", 1).put("offset", i);
          }
        }, "searchHits has [1001] entries, more than the [1000] a state remembers"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("semanticEdits")
  void fromJson_semanticEditWithRecomputedChecksum_isRefusedNamingTheField(String name, Consumer<ObjectNode> edit,
      String expected) {
    String json = edited(ContextSnapshots.toJson(Fixtures.state()), edit);
    assertThatThrownBy(() -> ContextSnapshots.fromJson(json, TokenCounter.estimator()))
        .isInstanceOf(SnapshotException.class).hasMessageContaining(expected);
  }

  @Test
  void fromJson_recomputedChecksumWithoutChange_loads() {
    String json = edited(ContextSnapshots.toJson(Fixtures.state()), root -> { });
    assertThat(ContextSnapshots.fromJson(json, TokenCounter.estimator())).isEqualTo(Fixtures.state());
  }

  @Test
  void fromJson_hundredThousandFragments_loadsInTimeLinearInThem() {
    StateSnapshot snapshot = hundredThousandFragments();
    // Written by hand from a state without fragments, so that making the document costs no load.
    String json = edited(ContextSnapshots.toJson(ContextState.of(snapshot.conversation(), snapshot.seed(),
        TokenCounter.estimator())), root -> {
          root.put("idsDrawn", snapshot.idsDrawn());
          ArrayNode fragments = root.putArray("fragments");
          for (StateSnapshot.FragmentRecord f : snapshot.fragments()) {
            ObjectNode fragment = fragments.addObject().put("id", f.id().value());
            f.spans().forEach(s -> fragment.withArray("spans").addArray().add(s.messageIndex()).add(s.start()).add(s.end()));
            fragment.put("status", f.status() instanceof FragmentStatus.Summarized ? "summarized" : f.status().toString());
            if (f.status() instanceof FragmentStatus.Summarized summarized) {
              fragment.putObject("summary").put("text", summarized.summary().text()).put("focus", "");
            }
          }
        });

    // Before the nesting check became a sort and a sweep per message, this took minutes.
    ContextState loaded = ContextSnapshots.fromJson(json, TokenCounter.estimator());

    assertThat(loaded.snapshot()).isEqualTo(snapshot);
    assertThat(ContextSnapshots.toJson(loaded)).isEqualTo(json);
  }

  /** Ten messages of 10,000 lines, each with a fragment over the message and one per line but the last. */
  private static StateSnapshot hundredThousandFragments() {
    List<Message> messages = new ArrayList<>();
    List<StateSnapshot.FragmentRecord> fragments = new ArrayList<>();
    for (int m = 0; m < 10; m++) {
      StringBuilder text = new StringBuilder();
      List<Span> lines = new ArrayList<>();
      for (int line = 0; line < 10_000; line++) {
        int start = text.length();
        text.append("line ").append(line).append('\n');
        lines.add(new Span(m, start, text.length()));
      }
      messages.add(Message.user(text.toString()));
      fragments.add(StateSnapshot.FragmentRecord.of(id(fragments.size()), List.of(new Span(m, 0, text.length())),
          FragmentStatus.visible()));
      for (int line = 0; line < 9_999; line++) {
        fragments.add(StateSnapshot.FragmentRecord.of(id(fragments.size()), List.of(lines.get(line)),
            line % 3 == 0 ? FragmentStatus.folded() : line % 3 == 1
                ? FragmentStatus.summarized(new Summary("l", "")) : FragmentStatus.visible()));
      }
    }
    return StateSnapshot.of(Conversation.of(messages), 3, fragments.size(), fragments, List.of(), Set.of());
  }

  private static FragmentId id(int n) {
    return FragmentId.of(String.format(Locale.ROOT, "f%05d", n));
  }
  @Test
  void toJson_isVersionedAndChecksummed() {
    String json = ContextSnapshots.toJson(Fixtures.state());
    assertThat(json).startsWith("{\"format\":\"sculptor-context-state\",\"version\":2,").contains("\"checksum\":\"");
    assertThat(ContextSnapshots.fromJson(json, TokenCounter.estimator())).isEqualTo(Fixtures.state());
  }

  @Test
  void fromJson_futureVersion_isRefusedAskingForAnUpgrade() {
    String json = ContextSnapshots.toJson(Fixtures.state()).replace("\"version\":2,", "\"version\":3,");
    assertThatThrownBy(() -> ContextSnapshots.fromJson(json, TokenCounter.estimator()))
        .isInstanceOf(SnapshotException.class).hasMessageContaining("version [3] is not supported")
        .hasMessageContaining("upgrade Sculptor");
  }

  @Test
  void fromJson_otherDocuments_areRefusedSayingWhy() {
    assertThatThrownBy(() -> ContextSnapshots.fromJson("{\"format\": \"something else\"}", TokenCounter.estimator()))
        .isInstanceOf(SnapshotException.class).hasMessageContaining("not a Sculptor state");
    assertThatThrownBy(() -> ContextSnapshots.fromJson("[1, 2]", TokenCounter.estimator()))
        .isInstanceOf(SnapshotException.class).hasMessageContaining("must be a JSON object");
    assertThatThrownBy(() -> ContextSnapshots.fromJson("", TokenCounter.estimator()))
        .isInstanceOf(SnapshotException.class);
    String json = ContextSnapshots.toJson(Fixtures.state());
    assertThatThrownBy(() -> ContextSnapshots.fromJson(json.substring(0, json.length() / 2), TokenCounter.estimator()))
        .isInstanceOf(SnapshotException.class).hasMessageContaining("truncated or corrupted");
  }

  @Test
  void fromJson_changedContent_isRefusedByTheChecksum() {
    String json = ContextSnapshots.toJson(Fixtures.state()).replace("key7", "key8");
    assertThatThrownBy(() -> ContextSnapshots.fromJson(json, TokenCounter.estimator()))
        .isInstanceOf(SnapshotException.class).hasMessageContaining("checksum does not match");
  }

  @Test
  void loadedState_continuesWhereTheSavedOneStopped() {
    ContextState saved = Fixtures.state();
    ContextState loaded = ContextSnapshots.fromJson(ContextSnapshots.toJson(saved), TokenCounter.estimator());
    String args = "{\"query\": \"key3\", \"max_results\": 2}";
    assertThat(Fixtures.TOOLKIT.execute(loaded, "search_context", args).text())
        .isEqualTo(Fixtures.TOOLKIT.execute(saved, "search_context", args).text());
  }

  /** The estimator's counts, with a name of its own and a tally of the texts it was asked to count. */
  private static final class TallyingCounter implements TokenCounter {
    private final String encoding;
    final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

    TallyingCounter(String encoding) {
      this.encoding = encoding;
    }

    @Override
    public int countTokens(String text) {
      calls.incrementAndGet();
      return TokenCounter.estimator().countTokens(text);
    }

    @Override
    public java.util.Optional<String> encoding() {
      return java.util.Optional.of(encoding);
    }
  }

  @Test
  void fromJson_countsOfTheSameEncoding_areReusedWithoutCounting() {
    ContextState state = Fixtures.state();
    TallyingCounter writer = new TallyingCounter("tally-1");
    String json = ContextSnapshots.toJson(ContextSnapshots.fromJson(ContextSnapshots.toJson(state), writer));
    assertThat(json).contains("\"tokens\":{\"encoding\":\"tally-1\"");

    TallyingCounter same = new TallyingCounter("tally-1");
    ContextState loaded = ContextSnapshots.fromJson(json, same);
    TallyingCounter other = new TallyingCounter("tally-2");
    ContextState recounted = ContextSnapshots.fromJson(json, other);

    assertThat(same.calls.get()).isZero();
    assertThat(other.calls.get()).isGreaterThanOrEqualTo(state.original().size());
    assertThat(loaded.viewTokens()).isEqualTo(state.viewTokens()).isEqualTo(recounted.viewTokens());
    assertThat(loaded.viewTokens(1)).isEqualTo(state.viewTokens(1));
  }

  @Test
  void fromJson_versionOneDocument_isReadAndCounted() {
    String json = edited(ContextSnapshots.toJson(Fixtures.state()), root -> {
      root.remove("tokens");
      root.put("version", 1);
    });

    ContextState loaded = ContextSnapshots.fromJson(json, TokenCounter.estimator());

    assertThat(loaded).isEqualTo(Fixtures.state());
    assertThat(loaded.viewTokens()).isEqualTo(Fixtures.state().viewTokens());
  }

  @Test
  void fromJson_versionOneDocumentWithCounts_isRefused() {
    String json = edited(ContextSnapshots.toJson(Fixtures.state()), root -> root.put("version", 1));

    assertThatThrownBy(() -> ContextSnapshots.fromJson(json, TokenCounter.estimator()))
        .isInstanceOf(SnapshotException.class).hasMessageContaining("field [tokens] needs version 2");
  }
}
