package io.sculptor.examples.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.Message;
import io.sculptor.core.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TaskGeneratorTest {
  @Test
  void generators_sameSeed_sameBytes_otherSeed_otherBytes() {
    assertThat(TaskGenerator.piLlm(16, 46, 3).conversation()).isEqualTo(TaskGenerator.piLlm(16, 46, 3).conversation())
        .isNotEqualTo(TaskGenerator.piLlm(16, 46, 4).conversation());
    assertThat(TaskGenerator.needle(2000, 3, 3).conversation()).isEqualTo(TaskGenerator.needle(2000, 3, 3).conversation())
        .isNotEqualTo(TaskGenerator.needle(2000, 3, 4).conversation());
    assertThat(TaskGenerator.mrcr(2000, 4, 3).conversation()).isEqualTo(TaskGenerator.mrcr(2000, 4, 3).conversation())
        .isNotEqualTo(TaskGenerator.mrcr(2000, 4, 4).conversation());
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 32, 256})
  void piLlm_eachKeyUpdatedUTimesNeverTwiceInARow(int updates) {
    EvalTask task = TaskGenerator.piLlm(updates, 46, 11);
    String content = task.conversation().get(0).content();
    String stream = content.substring(content.indexOf("UPDATES BEGIN\n") + 14, content.indexOf("UPDATES END"));
    Map<String, Integer> counts = new HashMap<>();
    String previous = null;
    for (String line : stream.split("\n")) {
      String key = line.substring(0, line.indexOf(':'));
      assertThat(key).isNotEqualTo(previous);
      counts.merge(key, 1, Integer::sum);
      previous = key;
    }
    assertThat(counts).hasSize(46).allSatisfy((k, v) -> assertThat(v).isEqualTo(updates));
    assertThat(task.facts()).hasSize(46).allSatisfy(f -> assertThat(stream.lastIndexOf(f + "\n")).isNotNegative());
    assertThat(task.score(task.gold())).isEqualTo(1.0);
    assertThat(task.score(task.gold().toUpperCase())).isEqualTo(1.0);
    assertThat(task.score("The current value of " + task.facts().get(0).replace(": ", " is ") + "."))
        .isEqualTo(1.0 / 46);
  }

  @ParameterizedTest
  @CsvSource({"1000, 2", "2000, 3", "16000, 5", "64000, 4"})
  void needle_sizeWithinFivePercentAndNeedlesFrom40PercentDepth(int tokens, int chain) {
    EvalTask task = TaskGenerator.needle(tokens, chain, 5);
    long actual = TaskGenerator.tokens(task.conversation());
    assertThat(actual).isBetween((long) (tokens * 0.95), (long) (tokens * 1.05));
    String content = task.conversation().get(0).content();
    assertThat(task.facts()).hasSize(chain).allSatisfy(f ->
        assertThat(content.indexOf(f)).isGreaterThanOrEqualTo((int) (content.length() * 0.35)));
    assertThat(task.score(task.gold())).isEqualTo(1.0);
    assertThat(task.score("The eldest relative is " + task.gold() + ".")).isEqualTo(1.0);
    assertThat(task.score("Nobody")).isZero();
  }

  @ParameterizedTest
  @CsvSource({"1000, 2", "4000, 4", "16000, 8", "64000, 8"})
  void mrcr_sizeWithinFivePercentAndIdenticalRequests(int tokens, int identical) {
    EvalTask task = TaskGenerator.mrcr(tokens, identical, 9);
    long actual = TaskGenerator.tokens(task.conversation());
    assertThat(actual).isBetween((long) (tokens * 0.95), (long) (tokens * 1.05));
    List<Message> messages = task.conversation().messages();
    String last = messages.get(messages.size() - 1).content();
    assertThat(last).startsWith("Prepend ");
    String request = "Write a " + last.substring(last.indexOf(" the ") + 5).replaceFirst("^\\d+(st|nd|rd|th) ", "")
        .replace(". Do not include any other text in your response.", ".");
    List<String> roles = new ArrayList<>();
    messages.forEach(m -> roles.add(m.role().name()));
    assertThat(messages.stream().filter(m -> m.role() == Role.USER && m.content().equals(request)).count())
        .isEqualTo(identical);
    assertThat(task.score(task.gold())).isEqualTo(1.0);
    assertThat(task.score(task.gold().substring(10))).isZero();
    assertThat(task.score(task.gold().substring(0, task.gold().length() / 2))).isBetween(0.3, 0.99);
  }

  @Test
  void ordinal_englishSuffixes() {
    assertThat(List.of(1, 2, 3, 4, 11, 12, 13, 21, 22, 101)).extracting(TaskGenerator::ordinal)
        .containsExactly("1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st");
  }
}
