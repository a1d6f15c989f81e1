package io.sculptor.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SculptorCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path directory;

  @ParameterizedTest
  @ValueSource(strings = {"", "eval", "tools", "compact", "restore"})
  void help_everywhere(String command) {
    Cli result = command.isEmpty() ? Cli.run("--help") : Cli.run(command, "--help");
    assertThat(result.code()).isZero();
    assertThat(result.out()).startsWith("Usage: sculptor");
  }

  @Test
  void badArguments_oneLineReasonAndExitCode2() {
    Cli unknownOption = Cli.run("eval", "pi-llm", "--frobnicate");
    assertThat(unknownOption.code()).isEqualTo(2);
    assertThat(unknownOption.err().strip()).isEqualTo(
        "sculptor eval: Unknown option: '--frobnicate' (see 'sculptor eval --help')").doesNotContain("\n");
    Cli unknownTask = Cli.run("eval", "pi-lm");
    assertThat(unknownTask.code()).isEqualTo(2);
    assertThat(unknownTask.err().strip()).isEqualTo(
        "sculptor eval: unknown task 'pi-lm'; expected pi-llm, needle, mrcr or fix (see 'sculptor eval --help')");
    assertThat(Cli.run("eval", "fix", "--sizes", "49").err()).contains("size 49 is out of range; fix takes 1 to 48");
    assertThat(Cli.run("eval", "fix", "--driver", "openai").err()).contains("--driver openai needs --model");
    assertThat(Cli.run("eval", "pi-llm", "--samples", "many").code()).isEqualTo(2);
    assertThat(Cli.run("eval", "pi-llm", "--driver", "openai").err()).contains("--driver openai needs --model");
    assertThat(Cli.run("compact", "x.json").err()).contains("--policy fold-oldest needs --max-tokens N");
    assertThat(Cli.run("tools", "--format", "yaml").code()).isEqualTo(2);
  }

  @Test
  void noCommand_usageOnStandardErrorAndExitCode2() {
    Cli bare = Cli.run();
    assertThat(bare.code()).isEqualTo(2);
    assertThat(bare.out()).isEmpty();
    assertThat(bare.err()).startsWith("sculptor: no command given\nUsage: sculptor").contains("Commands:")
        .contains("Exit codes:");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--samples|0|--samples must be 1 or more, got 0",
      "--max-steps|-1|--max-steps must be 0 or more, got -1",
      "--keys|61|--keys must be from 1 to 49 (the categories of the word lists), got 61",
      "--keys|0|--keys must be from 1 to 49 (the categories of the word lists), got 0"})
  void evalNumbersOutOfRange_nameTheOption(String option, String value, String message) {
    Cli result = Cli.run("eval", "pi-llm", "--sizes", "4", option, value);
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err().strip()).isEqualTo("sculptor eval: " + message + " (see 'sculptor eval --help')");
  }

  @Test
  void runtimeFailures_clearMessageAndExitCode1() throws Exception {
    Cli missing = Cli.run("compact", directory.resolve("none.json").toString(), "--max-tokens", "10");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).startsWith("sculptor compact: no such file: ");
    Path broken = directory.resolve("broken.json");
    Files.writeString(broken, "{\"format\": \"sculptor-context-state\", \"version\": 1, \"mess");
    Cli corrupted = Cli.run("restore", broken.toString());
    assertThat(corrupted.code()).isEqualTo(1);
    assertThat(corrupted.err()).startsWith("sculptor restore: snapshot is not valid JSON");
  }

  @Test
  void tools_printsTheSixSchemasInBothFormats() throws Exception {
    JsonNode chat = JSON.readTree(Cli.run("tools").out());
    assertThat(chat).hasSize(6);
    assertThat(chat.get(0).get("function").get("name").asText()).isEqualTo("fragment_context");
    JsonNode responses = JSON.readTree(Cli.run("tools", "--format", "openai-responses", "--strict").out());
    assertThat(responses.get(0).get("name").asText()).isEqualTo("fragment_context");
    assertThat(responses.get(0).get("strict").asBoolean()).isTrue();
    JsonNode anthropic = JSON.readTree(Cli.run("tools", "--format", "anthropic").out());
    assertThat(anthropic).hasSize(6);
    assertThat(anthropic.get(0).get("name").asText()).isEqualTo("fragment_context");
    assertThat(anthropic.get(0).get("input_schema").get("type").asText()).isEqualTo("object");
    assertThat(anthropic.get(0).fieldNames()).toIterable().containsExactly("name", "description", "input_schema");
    JsonNode strictAnthropic = JSON.readTree(Cli.run("tools", "--format", "anthropic", "--strict").out());
    assertThat(strictAnthropic).allSatisfy(t -> assertThat(t.get("strict").asBoolean()).isTrue());
  }

  @Test
  void compactThenRestore_givesBackTheOriginalConversation() throws Exception {
    StringBuilder messages = new StringBuilder("[{\"role\": \"system\", \"content\": \"You are helpful.\"}");
    for (int i = 0; i < 12; i++) {
      messages.append(",{\"role\": \"user\", \"content\": \"Question ").append(i).append(": ")
          .append("tell me more about the harbor and the old mill. ".repeat(20)).append("\"}")
          .append(",{\"role\": \"assistant\", \"content\": \"Answer ").append(i).append(": ")
          .append("the harbor was busy and the mill was quiet. ".repeat(20)).append("\", \"refusal\": null}");
    }
    messages.append("]");
    Path file = directory.resolve("conversation.json");
    Files.writeString(file, messages.toString());

    Cli compact = Cli.run("compact", file.toString(), "--max-tokens", "1500", "--policy", "fold-oldest");

    assertThat(compact.code()).as(compact.err()).isZero();
    assertThat(compact.out()).startsWith("conversation.json: 25 messages, ");
    JsonNode view = JSON.readTree(Files.readString(directory.resolve("conversation.json.view.json")));
    assertThat(view).hasSize(25);
    assertThat(view.get(1).get("content").asText()).startsWith("[fragment ");
    Cli restore = Cli.run("restore", directory.resolve("conversation.json.snapshot.json").toString());
    assertThat(restore.code()).isZero();
    assertThat(JSON.readTree(restore.out())).isEqualTo(JSON.readTree(messages.toString()));

    String store = "jdbc:h2:file:" + directory.resolve("store");
    Cli stored = Cli.run("compact", file.toString(), "--max-tokens", "1500", "--store", store, "--conversation", "c1");
    assertThat(stored.out()).contains("store: conversation c1, version 1, in h2");
    Cli fromStore = Cli.run("restore", "--store", store, "--conversation", "c1");
    assertThat(fromStore.code()).as(fromStore.err()).isZero();
    assertThat(JSON.readTree(fromStore.out())).isEqualTo(JSON.readTree(messages.toString()));
    assertThat(Cli.run("compact", file.toString(), "--max-tokens", "1500", "--store", store, "--conversation", "c1")
        .err()).contains("already holds conversation 'c1'");
    assertThat(Cli.run("restore", "--store", store, "--conversation", "c2").err()).contains("no conversation 'c2'");
    assertThat(Cli.run("restore").err()).contains("give either SNAPSHOT or --store with --conversation");
  }
}
