package io.sculptor.examples.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Ratios checked against CPython 3.11's {@code difflib.SequenceMatcher(None, a, b).ratio()}; the
 * table in {@code difflib-cases.json} was produced by Python and covers empty strings, CJK, emoji,
 * lengths around the autojunk threshold of 200 and popular characters.
 */
class SequenceMatcherTest {
  @Test
  void ratio_matchesPythonOnTheCheckedInTable() throws Exception {
    JsonNode cases;
    try (InputStream in = getClass().getResourceAsStream("/difflib-cases.json")) {
      cases = new ObjectMapper().readTree(in);
    }
    assertThat(cases.size()).isGreaterThanOrEqualTo(15);
    for (JsonNode c : cases) {
      String a = c.get(0).asText();
      String b = c.get(1).asText();
      double expected = Double.parseDouble(c.get(2).asText());
      assertThat(SequenceMatcher.ratio(a, b)).as("ratio(%s, %s)", a.length(), b.length()).isEqualTo(expected);
    }
  }
}
