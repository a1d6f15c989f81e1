package io.sculptor.examples.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The data sets' own rows: written by {@code --export}, read by {@code --input}, and bad rows named. */
class DatasetsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path directory;

  @Test
  void exportedRows_readBack_asTheSameTasks() throws Exception {
    for (EvalTask task : List.of(TaskGenerator.piLlm(8, 46, 2), TaskGenerator.needle(4000, 4, 2),
        TaskGenerator.mrcr(4000, 4, 2))) {
      Path file = directory.resolve(task.family().cliName() + ".jsonl");
      Datasets.write(List.of(task), file);
      EvalTask read = Datasets.read(task.family(), file).get(0);
      assertThat(read.id()).isEqualTo(task.id());
      assertThat(read.conversation()).isEqualTo(task.conversation());
      assertThat(read.facts()).as(task.family().toString()).containsExactlyInAnyOrderElementsOf(task.facts());
      assertThat(read.gold()).isEqualTo(task.gold());
      assertThat(read.variant()).isEqualTo(task.variant());
      String answer = task.family() == EvalTask.Family.NEEDLE ? "\\boxed{" + task.gold() + "}" : task.gold();
      assertThat(read.score(answer)).isEqualTo(1.0);
    }
  }

  @Test
  void jsonArray_andRowsOfTheRealShapes_areRead() throws Exception {
    ArrayNode rows = JSON.createArrayNode();
    rows.addObject().put("prompt", "[{\"role\": \"user\", \"content\": \"Track them. bird: emu; bird: kea; fruit: fig;"
        + " What are the current value of each key (bird, fruit) you are tracking?\"}]")
        .put("answer_formatted", "{\"bird\": \"kea\", \"fruit\": \"fig\"}").put("experiment", "exp_updates")
        .put("n_updates", 2);
    Path file = directory.resolve("pi.json");
    Files.writeString(file, JSON.writeValueAsString(rows));
    EvalTask task = Datasets.read(EvalTask.Family.PI_LLM, file).get(0);
    assertThat(task.id()).isEqualTo("pi.json#1");
    assertThat(task.facts()).containsExactly("bird: kea;", "fruit: fig;");
    assertThat(task.size()).isEqualTo(2);
    assertThat(task.score("The current value of bird is kea.\nThe current value of fruit is emu.")).isEqualTo(0.5);
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        bad(EvalTask.Family.MRCR, "[1, 2", "mrcr.jsonl: not a valid JSON array of rows"),
        bad(EvalTask.Family.MRCR, "{\"prompt\": \"[]\"\n", "mrcr.jsonl row 1: not valid JSON"),
        bad(EvalTask.Family.MRCR, "\n\n{\"a\": 1", "mrcr.jsonl row 3: not valid JSON"),
        bad(EvalTask.Family.MRCR, "{}\n{} x", "mrcr.jsonl row 2: not valid JSON"),
        bad(EvalTask.Family.MRCR, "42\n", "mrcr.jsonl row 1: must be a JSON object, got a number (42)"),
        badMrcr(row -> row.remove("prompt"), "mrcr.jsonl row 2, field 'prompt': missing"),
        badMrcr(row -> row.put("prompt", "[{\"role\": \"user\""),
            "mrcr.jsonl row 2, field 'prompt': not valid JSON"),
        badMrcr(row -> row.put("prompt", "write a poem"),
            "mrcr.jsonl row 2, field 'prompt': must be the JSON text of an array of {role, content} messages"),
        badMrcr(row -> row.put("prompt", "[{\"role\": \"robot\", \"content\": \"hi\"}]"),
            "mrcr.jsonl row 2, field 'prompt': message 0 has role 'robot'; expected user, assistant or system"),
        badMrcr(row -> row.put("prompt", "[{\"role\": \"user\", \"content\": 7}]"),
            "mrcr.jsonl row 2, field 'prompt': message 0 has no string \"content\""),
        badMrcr(row -> row.put("answer", 7), "mrcr.jsonl row 2, field 'answer': must be a string, got a number (7)"),
        badMrcr(row -> row.put("answer", "no prefix"),
            "mrcr.jsonl row 2, field 'answer': does not start with random_string_to_prepend"),
        badMrcr(row -> row.remove("random_string_to_prepend"),
            "mrcr.jsonl row 2, field 'random_string_to_prepend': missing"),
        badMrcr(row -> row.put("desired_msg_index", 2),
            "mrcr.jsonl row 2, field 'desired_msg_index': 2 is not a user request followed by an answer"),
        badMrcr(row -> row.put("desired_msg_index", "3"),
            "mrcr.jsonl row 2, field 'desired_msg_index': must be an integer, got a string"),
        badMrcr(row -> row.put("n_needles", 3), "mrcr.jsonl row 2, field 'n_needles': 3, but the request of message"),
        badMrcr(row -> row.put("total_messages", 5), "mrcr.jsonl row 2, field 'total_messages': 5, but 'prompt'"
            + " holds"),
        badMrcr(row -> row.put("n_chars", -1), "mrcr.jsonl row 2, field 'n_chars': must be at least 0, got -1"),
        badMrcr(row -> row.put("id", "mrcr-2000-2-s1"), "mrcr.jsonl row 2, field 'id': the id 'mrcr-2000-2-s1' is used"
            + " by an earlier row"),
        badPi(row -> row.remove("answer_formatted"), "pi.jsonl row 2, field 'answer_formatted': missing"),
        badPi(row -> row.put("answer_formatted", "{bird"), "pi.jsonl row 2, field 'answer_formatted': not valid"
            + " JSON"),
        badPi(row -> row.put("answer_formatted", "[]"), "pi.jsonl row 2, field 'answer_formatted': must be a"
            + " non-empty JSON object of each key's last value, got an array"),
        badPi(row -> row.put("answer_formatted", "{\"bird\": \"phoenix\"}"), "pi.jsonl row 2, field"
            + " 'answer_formatted': the last value of 'bird' ('phoenix') is never set in 'prompt'"),
        badPi(row -> row.put("n_updates", 0), "pi.jsonl row 2, field 'n_updates': must be at least 1, got 0"),
        badNeedle(row -> row.put("prompt", "Who is the eldest?"), "needle.jsonl row 2, field 'prompt': no NeedleBench"
            + " question"),
        badNeedle(row -> row.put("answer", "Nobody Known"), "needle.jsonl row 2, field 'answer': 'Nobody Known', but"
            + " the statements in 'prompt' trace"),
        badNeedle(row -> row.putArray("needles").add("not in the prompt"), "needle.jsonl row 2, field 'needles':"
            + " every needle must be a string that occurs in 'prompt'"));
  }

  private static Arguments bad(EvalTask.Family family, String text, String message) {
    return Arguments.of(family, family == EvalTask.Family.MRCR ? "mrcr.jsonl" : family.cliName() + ".jsonl", text,
        message);
  }

  private static Arguments badMrcr(Consumer<ObjectNode> change, String message) {
    return badSecondRow(EvalTask.Family.MRCR, TaskGenerator.mrcr(2000, 2, 1), TaskGenerator.mrcr(2000, 2, 2), change,
        message);
  }

  private static Arguments badPi(Consumer<ObjectNode> change, String message) {
    return badSecondRow(EvalTask.Family.PI_LLM, TaskGenerator.piLlm(4, 3, 1), TaskGenerator.piLlm(4, 3, 2), change,
        message);
  }

  private static Arguments badNeedle(Consumer<ObjectNode> change, String message) {
    return badSecondRow(EvalTask.Family.NEEDLE, TaskGenerator.needle(1000, 2, 1), TaskGenerator.needle(1000, 2, 2),
        change, message);
  }

  private static Arguments badSecondRow(EvalTask.Family family, EvalTask good, EvalTask broken,
      Consumer<ObjectNode> change, String message) {
    ObjectNode row = broken.row();
    change.accept(row);
    String text = TaskGenerator.json(good.row()) + "\n" + TaskGenerator.json(row) + "\n";
    String file = family == EvalTask.Family.MRCR ? "mrcr.jsonl" : family == EvalTask.Family.PI_LLM ? "pi.jsonl"
        : "needle.jsonl";
    return Arguments.of(family, file, text, message);
  }

  @ParameterizedTest
  @MethodSource("badFiles")
  void badFiles_failWithOneLineNamingTheRowAndTheField(EvalTask.Family family, String name, String text,
      String message) throws Exception {
    Path file = directory.resolve(name);
    Files.writeString(file, text);
    assertThatThrownBy(() -> Datasets.read(family, file)).isInstanceOf(DatasetException.class)
        .hasMessageStartingWith(message).message().doesNotContain("\n");
  }

  @Test
  void missingOrEmptyFile_isNamed() throws Exception {
    assertThatThrownBy(() -> Datasets.read(EvalTask.Family.MRCR, directory.resolve("none.jsonl")))
        .isInstanceOf(DatasetException.class).hasMessageStartingWith("no such file: ");
    Path empty = Files.writeString(directory.resolve("empty.jsonl"), "\n\n");
    assertThatThrownBy(() -> Datasets.read(EvalTask.Family.MRCR, empty)).hasMessage("empty.jsonl: no rows");
  }
}
