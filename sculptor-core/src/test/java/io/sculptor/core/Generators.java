package io.sculptor.core;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of conversations and text used by the property tests. */
final class Generators {
  private Generators() {}

  private static final String[] WORDS = {
      "alpha", "beta", "key7:", "value42", "the", "quick", "fox.", "jumps,", "over;", "lazy",
      "数据", "分析。", "東京", "かな", "한국어", "👍", "👍🏽", "👨‍👩‍👧", "e\u0301", "naïve", "—", "(x)",
      "\n", "\n\n", "END", "BEGIN", "needle", "\t", "über", "I'm"};

  /** Text made of words from many scripts, from empty to very long. */
  static Arbitrary<String> text() {
    Arbitrary<String> words = Arbitraries.of(WORDS).list().ofMinSize(0).ofMaxSize(40)
        .map(list -> String.join(" ", list));
    Arbitrary<String> longText = Arbitraries.of(WORDS).list().ofMinSize(300).ofMaxSize(1200)
        .map(list -> String.join(" ", list));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, Arbitraries.just("")),
        net.jqwik.api.Tuple.of(8, words),
        net.jqwik.api.Tuple.of(1, longText));
  }

  /** A conversation: an optional system prompt, then user, assistant and tool-call turns. */
  static Arbitrary<Conversation> conversations() {
    Arbitrary<List<Message>> turn = Arbitraries.integers().between(0, 3).flatMap(kind -> switch (kind) {
      case 0 -> text().map(t -> List.of(Message.user(t)));
      case 1 -> text().map(t -> List.of(Message.assistant(t)));
      case 2 -> Combinators.combine(text(), text(), Arbitraries.strings().alpha().ofLength(6))
          .as((call, result, id) -> List.of(
              Message.assistant(call, List.of(new ToolCall("call_" + id, "lookup", "{\"q\":1}"))),
              Message.tool("call_" + id, result)));
      default -> Combinators.combine(text(), text(), text())
          .as((a, r1, r2) -> List.of(
              Message.assistant(a, List.of(new ToolCall("c1", "read", "{}"), new ToolCall("c2", "read", "{bad"))),
              Message.tool("c1", r1), Message.tool("c2", r2)));
    });
    return Combinators.combine(Arbitraries.of(true, false), text(), turn.list().ofMinSize(1).ofMaxSize(8))
        .as((withSystem, system, turns) -> {
          List<Message> messages = new ArrayList<>();
          if (withSystem) {
            messages.add(Message.system(system.isEmpty() ? "You are helpful." : system));
          }
          turns.forEach(messages::addAll);
          return Conversation.of(messages);
        });
  }
}
