package io.sculptor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/** Every key-value stream has the documented shape, and {@code latestValue} reads it as a model should. */
class TestConversationsProperties {
  /** The longest line: {@code key45: value999999} and its line break. */
  private static final int LONGEST_LINE = 19;

  @Property(tries = 300)
  void keyValueStream_anySizeAndSeed_hasTheDocumentedShape(@ForAll @IntRange(min = 0, max = 20_000) int characters,
      @ForAll long seed) {
    String stream = TestConversations.keyValueStream(characters, seed);

    assertThat(stream.length()).isBetween(characters, characters + LONGEST_LINE - 1);
    Map<String, String> latest = new HashMap<>();
    String previousKey = null;
    for (String line : stream.lines().toList()) {
      String key = line.substring(0, line.indexOf(':'));
      assertThat(key).isNotEqualTo(previousKey);
      latest.put(key, line.substring(key.length() + 2));
      previousKey = key;
    }
    latest.forEach((key, value) -> assertThat(TestConversations.latestValue(stream, key)).isEqualTo(value));
    for (int k = 0; k < TestConversations.KEYS; k++) {
      if (!latest.containsKey("key" + k)) {
        assertThat(TestConversations.latestValue(stream, "key" + k)).isEmpty();
      }
    }
    Statistics.label("stream").collect(stream.isEmpty() ? "empty" : latest.size() < TestConversations.KEYS
        ? "some keys never updated" : "every key updated");
    Statistics.label("a key updated more than once").collect(latest.size() < stream.lines().count());
    Statistics.label("stream").coverage(c -> {
      c.check("empty").count(n -> n > 0);
      c.check("some keys never updated").percentage(p -> p > 5);
      c.check("every key updated").percentage(p -> p > 5);
    });
    Statistics.label("a key updated more than once").coverage(c -> c.check(true).percentage(p -> p > 15));
  }
}
