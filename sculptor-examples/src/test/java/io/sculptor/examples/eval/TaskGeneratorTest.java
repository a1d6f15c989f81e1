package io.sculptor.examples.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generators against literal samples of each public format. The samples are written out here as
 * the benchmarks' own code renders them (PI-LLM's {@code pi_flow_upgrade.prepare_input_text} with
 * its default settings, NeedleBench v2's {@code multi.py} English prompt with the question at the
 * end, OpenAI MRCR's rows), so that a change of the generators' wording fails here.
 */
class TaskGeneratorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** PI-LLM: 2 keys, 2 updates each, as the paper's code writes it (note its missing space after "updated."). */
  private static final String PI_LLM_SAMPLE = "As my secretary, I need you to carefully read a text stream where the"
      + " values of multiple keys are being continuously updated.The 2 keys to track include fruit, bird. I will ask"
      + " you to identify the value of each key later.\n"
      + "\n"
      + "The text stream starts on the next line.\n"
      + " fruit: plum; bird: emu; fruit: fig; bird: wren; \n"
      + "\n"
      + "What are the current value of each key (fruit, bird) you are tracking? End your response with: 'The current"
      + " value of <key> is <value>.'";

  /** NeedleBench v2 multi-needle reasoning, English, question at the end, with a two-line document. */
  private static final String NEEDLE_SAMPLE = "This is a test of long-text capability. You need to first read the long"
      + " document below, and then answer the final question based on the information in the document.\n"
      + "The content of the long document is as follows\n"
      + "\n"
      + "<Document>\n"
      + "Some filler.\n"
      + "Kevin Le is Jeff White's father.\n"
      + " More filler.\n"
      + "</Document>\n"
      + "\n"
      + "Based on the information in the document, now please answer: Given the context described above, who is the"
      + " eldest relative that 'Jeff White' can trace back to in the context?\n"
      + "\n"
      + "For example:\n"
      + "Example 1: If James Hill's father is Jasmine Lane, and no further information about familial relationships"
      + " is provided in the text, then the oldest relative James Hill can trace back to in the provided text is"
      + " \\boxed{Jasmine Lane}.\n"
      + "Example 2: If Andrew Williams's grandmother is Dan Newton, and Dan Newton's father is James Hill, and no"
      + " further information about familial relationships is provided in the text, then the oldest relative Andrew"
      + " Williams can trace back to in the provided text is \\boxed{James Hill}.\n"
      + "Example 3: If Jeff White's father is Kevin Le, Dan Newton's grandmother is Jeff White, and Jeff White's"
      + " father is Kevin Le, and Shelley Mills is Dan Newton's great-granddaughter, and no further information about"
      + " familial relationships is provided in the text, then the oldest relative Shelley Mills can trace back to in"
      + " the provided text is \\boxed{Kevin Le}.\n"
      + "\n"
      + "Notes:\n"
      + "1. You do not need to worry about the gender consistency of names in this test. For example, a name that is"
      + " typically considered feminine can still be the father of another person. Our primary focus is on who is"
      + " older.\n"
      + "2. Ignore surname inheritance issues. For instance, Andrew Williams could still be the biological father of"
      + " Christopher Baker. We only care about who is older and do not need to consider whether a child should"
      + " inherit the father's or mother's surname.\n"
      + "3. At the end of your response, remember to put your final answer within \\boxed{}. For example: \"So the"
      + " oldest relative 'Jeff White' can trace back to in the provided text is \\boxed{(your answer here)}.\"\n"
      + "\n";

  /** MRCR's first user message with one worked example, and its requests. */
  private static final String MRCR_PREAMBLE_SAMPLE = "Here are some examples of conversations succeeded by a follow-up"
      + " question answered correctly:\n"
      + "\n"
      + "======EXAMPLE======\n"
      + "User: write a poem about owls\n"
      + "Assistant: Owls at night.\n"
      + "User: Prepend Ab12Cd34Ef to the 1st (1 indexed) poem about owls. Do not include any other text in your"
      + " response.\n"
      + "Assistant: Ab12Cd34EfOwls at night.\n"
      + "======END EXAMPLE======\n";

  @Test
  void piLlmPrompt_isThePaperCodesFormat() {
    assertThat(TaskGenerator.piLlmPrompt(List.of("fruit", "bird"), List.of(new String[] {"fruit", "plum"},
        new String[] {"bird", "emu"}, new String[] {"fruit", "fig"}, new String[] {"bird", "wren"})))
        .isEqualTo(PI_LLM_SAMPLE);
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 32, 256})
  void piLlm_oneLineStreamOfCategoryKeysAndTheirWords_neverTheSameKeyTwiceInARow(int updates) throws Exception {
    EvalTask task = TaskGenerator.piLlm(updates, 46, 11);
    String content = task.conversation().get(0).content();
    Matcher shape = Pattern.compile("As my secretary, I need you to carefully read a text stream where the values of"
        + " multiple keys are being continuously updated\\.The 46 keys to track include ([^.]+)\\. I will ask you to"
        + " identify the value of each key later\\.\n\nThe text stream starts on the next line\\.\n ([^\n]+)\n\n"
        + "What are the current value of each key \\(([^)]+)\\) you are tracking\\? End your response with: 'The"
        + " current value of <key> is <value>\\.'").matcher(content);
    assertThat(shape.matches()).as(content.substring(0, 400)).isTrue();
    assertThat(shape.group(3)).isEqualTo(shape.group(1));
    List<String> keys = List.of(shape.group(1).split(", "));
    assertThat(keys).hasSize(46).doesNotHaveDuplicates().allSatisfy(k -> assertThat(Words.CATEGORIES).containsKey(k));
    Map<String, Integer> counts = new HashMap<>();
    Map<String, String> last = new HashMap<>();
    String previous = null;
    String[] entries = shape.group(2).split("; ", -1);
    assertThat(entries[entries.length - 1]).isEmpty();
    for (int i = 0; i < entries.length - 1; i++) {
      String[] pair = entries[i].split(": ", 2);
      assertThat(pair[0]).isNotEqualTo(previous).isIn(keys);
      List<String> members = Words.CATEGORIES.get(pair[0]);
      int space = pair[1].indexOf(' ');
      assertThat(members.contains(pair[1]) || space > 0 && Words.QUALIFIERS.contains(pair[1].substring(0, space))
          && members.contains(pair[1].substring(space + 1))).as(entries[i]).isTrue();
      counts.merge(pair[0], 1, Integer::sum);
      last.put(pair[0], pair[1]);
      previous = pair[0];
    }
    assertThat(counts).hasSize(46).allSatisfy((k, v) -> assertThat(v).isEqualTo(updates));
    assertThat(task.facts()).hasSize(46).allSatisfy(f -> assertThat(shape.group(2)).contains(f + " "));
    JsonNode truth = JSON.readTree(task.row().get("answer_formatted").asText());
    last.forEach((k, v) -> assertThat(truth.get(k).asText()).isEqualTo(v));
    assertThat(task.score(task.gold())).isEqualTo(1.0);
    assertThat(task.score("The current value of " + keys.get(0) + " is " + last.get(keys.get(0)) + "."))
        .isEqualTo(1.0 / 46);
  }

  @Test
  void needlePrompt_isNeedleBenchsEnglishPromptWithTheQuestionAtTheEnd() {
    String context = "Some filler.\n" + TaskGenerator.relation(TaskGenerator.RELATION_TEMPLATES.get(0), "Kevin Le",
        "Jeff White", "father") + "\n More filler.";
    assertThat(TaskGenerator.needlePrompt(context, "Jeff White")).isEqualTo(NEEDLE_SAMPLE);
  }

  @Test
  void relationTemplates_areNeedleBenchs() {
    List<String> rendered = TaskGenerator.RELATION_TEMPLATES.stream()
        .map(t -> TaskGenerator.relation(t, "Kevin Le", "Jeff White", "maternal grandmother")).toList();
    assertThat(rendered).containsExactly(
        "Kevin Le is Jeff White's maternal grandmother.",
        "Jeff White's maternal grandmother is Kevin Le.",
        "Kevin Le, as Jeff White's maternal grandmother, has a significant impact on Jeff White's upbringing.",
        "Kevin Le is not only Jeff White's maternal grandmother but also Jeff White's role model.",
        "During Jeff White's upbringing, Kevin Le was not only Jeff White's maternal grandmother, but also Jeff"
            + " White's guardian.",
        "For Jeff White, Kevin Le is not just a maternal grandmother, but also a friend.",
        "For Jeff White, Kevin Le is more than just a maternal grandmother; Kevin Le is a lifelong mentor of Jeff"
            + " White.");
    assertThat(TaskGenerator.RELATION_TERMS).containsExactly("father", "mother", "dad", "mom", "grandfather",
        "grandmother", "maternal grandmother", "maternal grandfather", "paternal grandfather", "paternal grandmother");
  }

  @ParameterizedTest
  @CsvSource({"1000, 2", "2000, 3", "16000, 5", "64000, 4"})
  void needle_sizeWithinFivePercent_needlesOnTheirOwnLines_andItsGrader(int tokens, int needles) {
    EvalTask task = TaskGenerator.needle(tokens, needles, 5);
    assertThat(TaskGenerator.tokens(task.conversation())).isBetween((long) (tokens * 0.95), (long) (tokens * 1.05));
    String content = task.conversation().get(0).content();
    Matcher shape = Pattern.compile("(?s)This is a test of long-text capability\\..*\n\n<Document>\n(.*)\n</Document>"
        + "\n\nBased on the information in the document, now please answer: Given the context described above, who is"
        + " the eldest relative that '([^']+)' can trace back to in the context\\?\n\nFor example:\n.*").matcher(content);
    assertThat(shape.matches()).isTrue();
    assertThat(content).isEqualTo(TaskGenerator.needlePrompt(shape.group(1), shape.group(2)));
    assertThat(task.facts()).hasSize(needles).allSatisfy(f -> {
      assertThat(shape.group(1)).contains("\n" + f + "\n");
      assertThat(TaskGenerator.RELATION_TEMPLATES.stream().map(Datasets::templatePattern)
          .anyMatch(p -> p.matcher(f).matches())).as(f).isTrue();
    });
    assertThat(task.gold()).matches("\\p{Lu}\\p{Ll}+ \\p{Lu}\\p{Ll}+");
    assertThat(task.score("So the oldest relative is \\boxed{" + task.gold() + "}.")).isEqualTo(1.0);
    assertThat(task.score(task.gold())).as("NeedleBench reads only the boxed answer").isZero();
  }

  @Test
  void mrcrPreambleAndRequests_areMrcrsFormat() {
    assertThat(TaskGenerator.mrcrPreamble(List.of("User: " + TaskGenerator.mrcrRequest("poem", "owls")
        + "\nAssistant: Owls at night.\nUser: " + TaskGenerator.mrcrFinal("Ab12Cd34Ef", 1, "poem", "owls")
        + "\nAssistant: Ab12Cd34EfOwls at night.\n"))).isEqualTo(MRCR_PREAMBLE_SAMPLE);
    assertThat(TaskGenerator.mrcrRequest("email", "horses")).isEqualTo("write a email about horses");
    assertThat(TaskGenerator.mrcrFinal("aYooSG8CQg", 2, "poem", "tapirs")).isEqualTo(
        "Prepend aYooSG8CQg to the 2nd (1 indexed) poem about tapirs. Do not include any other text in your response.");
  }

  @ParameterizedTest
  @CsvSource({"1000, 2", "4000, 4", "16000, 8", "64000, 8"})
  void mrcr_workedExamplesFirst_lowercaseRequests_theRowsFields_andItsGrader(int tokens, int needles) throws Exception {
    EvalTask task = TaskGenerator.mrcr(tokens, needles, 9);
    assertThat(TaskGenerator.tokens(task.conversation())).isBetween((long) (tokens * 0.95), (long) (tokens * 1.05));
    List<Message> messages = task.conversation().messages();
    String first = messages.get(0).content();
    assertThat(first).startsWith(TaskGenerator.MRCR_PREAMBLE + "\n\n======EXAMPLE======\nUser: write a ")
        .endsWith("======END EXAMPLE======\n");
    assertThat(first.split("======EXAMPLE======", -1)).hasSize(3);
    Matcher last = Pattern.compile("Prepend ([A-Za-z0-9]{10}) to the (\\d+)(st|nd|rd|th) \\(1 indexed\\) (.+) about"
        + " ([a-z ]+)\\. Do not include any other text in your response\\.").matcher(messages.get(messages.size() - 1)
        .content());
    assertThat(last.matches()).isTrue();
    for (int i = 1; i < messages.size() - 1; i++) {
      assertThat(messages.get(i).role()).isEqualTo(i % 2 == 1 ? Role.USER : Role.ASSISTANT);
      if (i % 2 == 1) {
        assertThat(messages.get(i).content()).matches("write a [a-z ]+ about [a-z ]+");
      }
    }
    String request = "write a " + last.group(4) + " about " + last.group(5);
    assertThat(messages.stream().filter(m -> m.content().equals(request)).count()).isEqualTo(needles);
    JsonNode row = task.row();
    assertThat(JSON.readTree(row.get("prompt").asText())).hasSize(messages.size());
    assertThat(row.get("random_string_to_prepend").asText()).isEqualTo(last.group(1));
    assertThat(row.get("n_needles").asInt()).isEqualTo(needles);
    assertThat(row.get("total_messages").asInt()).isEqualTo(messages.size());
    int desired = row.get("desired_msg_index").asInt();
    assertThat(messages.get(desired).content()).isEqualTo(request);
    assertThat(row.get("answer").asText()).isEqualTo(last.group(1) + messages.get(desired + 1).content())
        .isEqualTo(task.gold());
    int which = Integer.parseInt(last.group(2));
    assertThat(messages.subList(0, desired + 1).stream().filter(m -> m.content().equals(request)).count())
        .isEqualTo(which);
    assertThat(task.score(task.gold())).isEqualTo(1.0);
    assertThat(task.score(task.gold().substring(10))).as("no random string, no score").isZero();
    assertThat(task.score(task.gold().substring(0, task.gold().length() / 2))).isBetween(0.3, 0.99);
  }

  @Test
  void generators_sameSeed_sameBytes_otherSeed_otherBytes() {
    assertThat(TaskGenerator.piLlm(16, 46, 3).conversation()).isEqualTo(TaskGenerator.piLlm(16, 46, 3).conversation())
        .isNotEqualTo(TaskGenerator.piLlm(16, 46, 4).conversation());
    assertThat(TaskGenerator.needle(2000, 3, 3).conversation()).isEqualTo(TaskGenerator.needle(2000, 3, 3)
        .conversation()).isNotEqualTo(TaskGenerator.needle(2000, 3, 4).conversation());
    assertThat(TaskGenerator.mrcr(2000, 4, 3).conversation()).isEqualTo(TaskGenerator.mrcr(2000, 4, 3).conversation())
        .isNotEqualTo(TaskGenerator.mrcr(2000, 4, 4).conversation());
  }

  @Test
  void wordLists_haveEnoughDistinctValuesAndNoCategoryInsideAnother() {
    assertThat(Words.CATEGORIES).hasSizeGreaterThanOrEqualTo(46).allSatisfy((category, members) -> {
      assertThat(members).hasSizeGreaterThanOrEqualTo(24).doesNotHaveDuplicates();
      assertThat(Words.values(category, 400, new java.util.Random(1))).hasSize(400).doesNotHaveDuplicates();
    });
    for (String a : Words.CATEGORIES.keySet()) {
      for (String b : Words.CATEGORIES.keySet()) {
        assertThat(a.equals(b) || !b.endsWith(a)).as(a + " / " + b).isTrue();
      }
    }
  }

  @Test
  void ordinal_englishSuffixes() {
    assertThat(List.of(1, 2, 3, 4, 11, 12, 13, 21, 22, 101)).extracting(TaskGenerator::ordinal)
        .containsExactly("1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st");
  }
}
