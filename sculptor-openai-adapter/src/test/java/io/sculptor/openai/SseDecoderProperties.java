package io.sculptor.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.openai.internal.SseDecoder;
import io.sculptor.openai.internal.SseEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The event-stream decoder gives the same events however the bytes are cut: inside a UTF-8
 * character, between CR and LF, in the middle of {@code data:}. The statistics prove that runs
 * reach those cuts.
 */
class SseDecoderProperties {
  private static final List<String> STREAMS = List.of("chat-stream-tool-calls.sse", "chat-stream-text.sse",
      "responses-stream-reasoning-function-call.sse");

  /** A stream and the byte offsets it is cut at. */
  record Cut(String name, byte[] bytes, TreeSet<Integer> offsets) {}

  @Provide
  Arbitrary<Cut> cuts() {
    return Arbitraries.of(STREAMS).flatMap(name -> {
      byte[] bytes = WireFixtures.text(name).getBytes(StandardCharsets.UTF_8);
      // Anywhere, and often where cuts are hardest: inside a character, between CR and LF.
      List<Integer> hard = new ArrayList<>();
      for (int i = 1; i < bytes.length; i++) {
        if ((bytes[i] & 0xC0) == 0x80 || bytes[i - 1] == '\r' && bytes[i] == '\n') {
          hard.add(i);
        }
      }
      Arbitrary<Integer> anywhere = Arbitraries.integers().between(1, bytes.length - 1);
      Arbitrary<Integer> offset = hard.isEmpty() ? anywhere
          : Arbitraries.frequencyOf(Tuple.of(2, anywhere), Tuple.of(1, Arbitraries.of(hard)));
      return Combinators.combine(Arbitraries.just(name), offset.set().ofMinSize(1).ofMaxSize(200))
          .as((n, offsets) -> new Cut(n, bytes, new TreeSet<>(offsets)));
    });
  }

  @Property(tries = 400)
  void events_areTheSame_wheneverTheBytesAreCut(@ForAll("cuts") Cut cut) {
    List<SseEvent> whole = decode(cut.bytes(), new TreeSet<>());

    assertThat(decode(cut.bytes(), cut.offsets())).isEqualTo(whole);
    Statistics.label("stream").collect(cut.name());
    if (cut.name().equals("chat-stream-text.sse")) {
      // The stream with multi-byte characters and CR LF line ends.
      Statistics.label("cut inside a UTF-8 character").collect(cut.offsets().stream()
          .anyMatch(o -> (cut.bytes()[o] & 0xC0) == 0x80));
      Statistics.label("cut between CR and LF").collect(cut.offsets().stream()
          .anyMatch(o -> cut.bytes()[o - 1] == '\r' && cut.bytes()[o] == '\n'));
    }
    Statistics.label("cut inside a UTF-8 character").coverage(c -> c.check(true).percentage(p -> p > 15));
    Statistics.label("cut between CR and LF").coverage(c -> c.check(true).percentage(p -> p > 30));
  }

  private static List<SseEvent> decode(byte[] bytes, TreeSet<Integer> offsets) {
    SseDecoder decoder = new SseDecoder();
    List<SseEvent> events = new ArrayList<>();
    int from = 0;
    for (int offset : offsets) {
      decoder.feed(ByteBuffer.wrap(bytes, from, offset - from), events);
      from = offset;
    }
    decoder.feed(ByteBuffer.wrap(bytes, from, bytes.length - from), events);
    return events;
  }

  @Example
  void wholeStreams_haveTheirEvents() {
    List<SseEvent> chat = decode(WireFixtures.text("chat-stream-text.sse").getBytes(StandardCharsets.UTF_8), new TreeSet<>());
    assertThat(chat).hasSize(13).allSatisfy(e -> assertThat(e.type()).isEqualTo("message"));
    assertThat(chat.get(12).data()).isEqualTo("[DONE]");
    List<SseEvent> responses = decode(WireFixtures.text("responses-stream-reasoning-function-call.sse")
        .getBytes(StandardCharsets.UTF_8), new TreeSet<>());
    assertThat(responses.get(0).type()).isEqualTo("response.created");
    assertThat(responses.get(responses.size() - 1).type()).isEqualTo("response.completed");
  }

  @Example
  void fieldsOfTheStandard_areRead() {
    byte[] bytes = ("\uFEFF: comment\nevent: ping\ndata\ndata:x\nid: 7\nretry: 10\n\ndata: only data\r\rdata:a\ndata: b\n\n"
        + "event: lost\n\ndata: cut off at the end").getBytes(StandardCharsets.UTF_8);
    assertThat(decode(bytes, new TreeSet<>())).containsExactly(new SseEvent("ping", "\nx"),
        new SseEvent("message", "only data"), new SseEvent("message", "a\nb"));
  }
}
