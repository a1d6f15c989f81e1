package io.sculptor.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.testing.LocalOpenAiServer;
import io.sculptor.testing.LocalOpenAiServer.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code sculptor compact} and {@code restore} on a coding agent's transcript, run in-process: outputs, files and exit codes. */
class CompactCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path directory;

  /**
   * A coding agent's transcript in Chat Completions format: a system prompt, a task, then
   * {@code rounds} tool calls that read a file or run the tests, each answered by its tool result.
   */
  static ArrayNode transcript(int rounds) {
    ArrayNode messages = JSON.createArrayNode();
    messages.addObject().put("role", "system").put("content", "You are a coding agent. Use the tools.");
    messages.addObject().put("role", "user").put("content", "Make the discount tests pass.");
    for (int i = 1; i <= rounds; i++) {
      String id = "call_" + i;
      ObjectNode call = messages.addObject().put("role", "assistant").putNull("content");
      call.putArray("tool_calls").addObject().put("id", id).put("type", "function").putObject("function")
          .put("name", i % 2 == 1 ? "read_file" : "run_tests")
          .put("arguments", i % 2 == 1 ? "{\"path\": \"src/orders_" + i + ".py\"}" : "{}");
      StringBuilder result = new StringBuilder();
      if (i % 2 == 1) {
        for (int line = 1; line <= 30; line++) {
          result.append("    def method_").append(line).append("(self, order):  # module ").append(i)
              .append(": recompute totals and taxes\n");
        }
      } else {
        for (int test = 1; test <= 30; test++) {
          result.append(String.format(Locale.ROOT, "tests/test_cases.py::test_case_%02d %s%n", test,
              test == 17 ? "FAILED" : "PASSED"));
        }
        result.append("FAILED tests/test_cases.py::test_case_17 - AssertionError: assert 39.0 == 35.1\n");
      }
      messages.addObject().put("role", "tool").put("tool_call_id", id).put("content", result.toString());
    }
    messages.addObject().put("role", "assistant").put("content", "The discount is applied after tax; fixing it.");
    return messages;
  }

  private Path write(String name, JsonNode json) throws IOException {
    Path file = directory.resolve(name);
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    return file;
  }

  @Test
  void budgetThatTheKeptMessagesExceed_saysWhyWritesNothingAndExits3() throws Exception {
    Path file = write("t.json", transcript(6));

    Cli tight = Cli.run("compact", file.toString(), "--max-tokens", "200", "--keep-last", "3");

    assertThat(tight.code()).isEqualTo(3);
    assertThat(tight.out()).isEmpty();
    assertThat(tight.err()).startsWith("sculptor compact: budget not met: the view has ")
        .contains("tokens, over --max-tokens 200. The 9 messages that fold-oldest may not touch (system messages,"
            + " tool calls without text, and the last 3 messages, as --keep-last says) hold ")
        .contains("tokens alone. Nothing written: lower --keep-last, raise --max-tokens, or pass --best-effort");
    assertThat(Files.exists(directory.resolve("t.json.view.json"))).isFalse();
    assertThat(Files.exists(directory.resolve("t.json.snapshot.json"))).isFalse();

    Cli anyway = Cli.run("compact", file.toString(), "--max-tokens", "200", "--keep-last", "3", "--best-effort");
    assertThat(anyway.code()).isZero();
    assertThat(anyway.out()).contains("(fold-oldest, budget 200, ");
    assertThat(anyway.err()).startsWith("sculptor compact: warning: budget not met: the view has ")
        .contains("Written anyway (--best-effort).");
    assertThat(Files.exists(directory.resolve("t.json.view.json"))).isTrue();
  }

  @Test
  void budgetNotMetWhileTheKeptMessagesFit_namesWhatRemainsOfTheHiddenOnes() throws Exception {
    Path file = write("t.json", transcript(6));

    Cli result = Cli.run("compact", file.toString(), "--max-tokens", "120", "--keep-last", "0");

    assertThat(result.code()).isEqualTo(3);
    assertThat(result.err()).contains("The 7 messages that fold-oldest may not touch (system messages, tool calls"
        + " without text, and the last 0 messages, as --keep-last says) hold ").contains("; what remains of the"
        + " messages it may hide (fragment markers, summaries, messages too short to fold) holds ");
  }

  @Test
  void staleToolResults_withoutBudget_foldsEveryStaleResultAndSaysNoBudget() throws Exception {
    Path file = write("t.json", transcript(6));

    Cli result = Cli.run("compact", file.toString(), "--policy", "stale-tool-results", "--keep-last", "1");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).startsWith("t.json: 15 messages, ").contains("(stale-tool-results, no budget, 5"
        + " fragments hidden)");
    JsonNode view = JSON.readTree(directory.resolve("t.json.view.json").toFile());
    assertThat(view.get(3).get("content").asText()).startsWith("[fragment ");
    assertThat(view.get(13).get("content").asText()).contains("test_case_17 FAILED");
  }

  @Test
  void staleToolResults_withBudget_usesItAsTriggerAndTarget() throws Exception {
    Path file = write("t.json", transcript(6));

    Cli under = Cli.run("compact", file.toString(), "--policy", "stale-tool-results", "--max-tokens", "100000");
    assertThat(under.code()).isZero();
    assertThat(under.out()).contains("(stale-tool-results, budget 100,000, 0 fragments hidden)");

    Cli over = Cli.run("compact", file.toString(), "--policy", "stale-tool-results", "--max-tokens", "300");
    assertThat(over.code()).isEqualTo(3);
    assertThat(over.err()).contains("that stale-tool-results may not touch (every message but the tool results"
        + " before the last 4 tool results, as --keep-last says)");
  }

  @Test
  void oneFragment_isSingular() throws Exception {
    ArrayNode messages = transcript(2);
    Path file = write("t.json", messages);
    long total = tokens(file);

    Cli result = Cli.run("compact", file.toString(), "--max-tokens", String.valueOf(total - 50), "--keep-last", "3");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).contains(", 1 fragment hidden)");
  }

  private static long tokens(Path file) {
    Cli whole = Cli.run("compact", file.toString(), "--max-tokens", "1000000", "--view-out", file + ".probe",
        "--snapshot-out", file + ".probe-snapshot");
    String line = whole.out().lines().findFirst().orElseThrow();
    return Long.parseLong(line.replaceAll(".* messages, ([\\d,]+) tokens.*", "$1").replace(",", ""));
  }

  @Test
  void requestObject_keepsEveryOtherFieldInTheView() throws Exception {
    ObjectNode request = JSON.createObjectNode().put("model", "gpt-4.1").put("temperature", 0.2);
    request.set("messages", transcript(6));
    request.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "read_file");
    request.put("max_completion_tokens", 800);
    Path file = write("request.json", request);

    Cli result = Cli.run("compact", file.toString(), "--max-tokens", "700", "--keep-last", "3");

    assertThat(result.code()).as(result.err()).isZero();
    JsonNode view = JSON.readTree(directory.resolve("request.json.view.json").toFile());
    assertThat(view.fieldNames()).toIterable().containsExactly("model", "temperature", "messages", "tools",
        "max_completion_tokens");
    assertThat(view.get("model").asText()).isEqualTo("gpt-4.1");
    assertThat(view.get("temperature").asDouble()).isEqualTo(0.2);
    assertThat(view.get("tools")).isEqualTo(request.get("tools"));
    assertThat(view.get("messages")).hasSize(15);
    assertThat(view.get("messages").get(3).get("content").asText()).startsWith("[fragment ");
    Cli restored = Cli.run("restore", directory.resolve("request.json.snapshot.json").toString());
    assertThat(JSON.readTree(restored.out())).isEqualTo(request.get("messages"));
  }

  @Test
  void dash_readsStandardInputAndWritesTheViewToStandardOutput() throws Exception {
    String conversation = JSON.writeValueAsString(transcript(6));
    Path snapshot = directory.resolve("s.json");

    Cli result = Cli.withInput(conversation, "compact", "-", "--max-tokens", "700", "--keep-last", "3",
        "--snapshot-out", snapshot.toString());

    assertThat(result.code()).as(result.err()).isZero();
    JsonNode view = JSON.readTree(result.out());
    assertThat(view).hasSize(15);
    assertThat(result.err()).startsWith("standard input: 15 messages, ").contains("view: standard output\nsnapshot: "
        + snapshot);
    Cli restored = Cli.withInput(Files.readString(snapshot), "restore", "-");
    assertThat(restored.code()).isZero();
    assertThat(JSON.readTree(restored.out())).isEqualTo(JSON.readTree(conversation));

    Cli snapshotToStandardOutput = Cli.run("compact", write("t.json", transcript(6)).toString(), "--max-tokens",
        "700", "--keep-last", "3", "--snapshot-out", "-");
    assertThat(snapshotToStandardOutput.code()).isZero();
    assertThat(JSON.readTree(snapshotToStandardOutput.out()).get("format").asText()).isEqualTo("sculptor-context-state");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "missing/view.json|cannot write the view to {dir}/missing/view.json: the folder {dir}/missing does not exist",
      "t.json/view.json|cannot write the view to {dir}/t.json/view.json: {dir}/t.json is not a folder",
      ".|cannot write the view to {dir}/.: it is a directory"})
  void unwritableViewOut_namesThePathAndTheReasonAndWritesNothing(String target, String message) throws Exception {
    Path file = write("t.json", transcript(6));
    String dir = directory.toString();

    Cli result = Cli.run("compact", file.toString(), "--max-tokens", "700", "--keep-last", "3", "--view-out",
        dir + "/" + target);

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err().strip()).isEqualTo("sculptor compact: " + message.replace("{dir}", dir));
    assertThat(Files.exists(directory.resolve("t.json.snapshot.json"))).as("no snapshot written either").isFalse();
    try (var files = Files.list(directory)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("t.json");
    }
  }

  @Test
  void orphanToolMessage_isRefusedNamingTheMessage() throws Exception {
    ArrayNode messages = transcript(2);
    ((ObjectNode) messages.get(5)).put("tool_call_id", "call_9");
    Path orphan = write("orphan.json", messages);

    Cli result = Cli.run("compact", orphan.toString(), "--max-tokens", "100");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err().strip()).isEqualTo("sculptor compact: " + orphan + ": message 5 (tool) answers tool call"
        + " 'call_9', which no earlier assistant message made; remove the message or add the call");

    ArrayNode twice = transcript(2);
    twice.insert(4, twice.get(3).deepCopy());
    Cli again = Cli.run("compact", write("twice.json", twice).toString(), "--max-tokens", "100");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains(": message 4 (tool) answers tool call 'call_1' again; message 3 already did");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--max-tokens 100 --keep-last -1|--keep-last must be 0 or more, got -1",
      "--max-tokens -5|--max-tokens must be 0 or more, got -5",
      "--policy middle-out|--policy middle-out needs --max-tokens N, the token budget of the view",
      "--max-tokens 100 --policy newest|unknown policy 'newest'; expected fold-oldest, middle-out, stale-tool-results"
          + " or summarize-oldest",
      "--max-tokens 100 --summarizer model|--summarizer applies to --policy summarize-oldest only, not fold-oldest",
      "--max-tokens 100 --policy summarize-oldest --summarizer llm|unknown --summarizer 'llm'; expected extractive or"
          + " model",
      "--max-tokens 100 --policy summarize-oldest --model gpt-4.1|--base-url, --model and --api-key-env apply to"
          + " --summarizer model only",
      "--max-tokens 100 --policy summarize-oldest --summarizer model|--summarizer model needs --model (and --base-url"
          + " unless it is https://api.openai.com/v1)",
      "--max-tokens 100 --encoding p50k_base|--encoding: unknown encoding 'p50k_base'; expected o200k_base or"
          + " cl100k_base",
      "--max-tokens 100 --view-out - --snapshot-out -|only one of --view-out and --snapshot-out can be - (standard"
          + " output)"})
  void badArguments_nameTheOptionAndExit2(String arguments, String message) throws Exception {
    Path file = write("t.json", transcript(2));
    String[] args = ("compact " + file + " " + arguments).split(" ");

    Cli result = Cli.run(args);

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err().strip()).isEqualTo("sculptor compact: " + message + " (see 'sculptor compact --help')");
  }

  @Test
  void standardInput_needsASnapshotOutOrAStore() {
    Cli result = Cli.withInput("[]", "compact", "-", "--max-tokens", "100");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("reading the conversation from standard input needs --snapshot-out FILE (or"
        + " --store)");
    Cli store = Cli.withInput("[]", "compact", "-", "--max-tokens", "100", "--store", "jdbc:h2:mem:x");
    assertThat(store.err()).contains("reading the conversation from standard input, --store needs --conversation ID");
  }

  @Test
  void summarizeOldest_withTheModelSummarizer_asksTheEndpoint() throws Exception {
    Path file = write("t.json", transcript(6));
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> Reply.answer(
        "Read src/orders_1.py and src/orders_3.py; test_case_17 fails: assert 39.0 == 35.1."))) {
      Cli result = Cli.run("compact", file.toString(), "--max-tokens", "700", "--keep-last", "3", "--policy",
          "summarize-oldest", "--summarizer", "model", "--base-url", server.baseUrl(), "--model", "gpt-4.1-mini",
          "--api-key-env", "SCULPTOR_TEST_UNSET");

      assertThat(result.code()).as(result.err()).isZero();
      assertThat(server.requests()).hasSize(1);
      JsonNode request = server.requests().get(0);
      assertThat(request.get("model").asText()).isEqualTo("gpt-4.1-mini");
      assertThat(request.get("messages").get(1).get("content").asText()).contains("Fragment:")
          .contains("def method_1(self, order)");
      String view = Files.readString(directory.resolve("t.json.view.json"));
      assertThat(view).contains("[summary of fragment ").contains("test_case_17 fails: assert 39.0 == 35.1.");
    }
  }

  @Test
  void summarizeOldest_withAFailingModel_failsUnlessBestEffort() throws Exception {
    Path file = write("t.json", transcript(6));
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> Reply.error(400, "invalid_request_error",
        "model 'nope' does not exist"))) {
      String[] args = {"compact", file.toString(), "--max-tokens", "700", "--keep-last", "3", "--policy",
          "summarize-oldest", "--summarizer", "model", "--base-url", server.baseUrl(), "--model", "nope",
          "--api-key-env", "SCULPTOR_TEST_UNSET"};

      Cli failed = Cli.run(args);
      assertThat(failed.code()).isEqualTo(1);
      assertThat(failed.err()).startsWith("sculptor compact: the model summarizer (nope at " + server.baseUrl()
          + ") failed: ").contains("model 'nope' does not exist").contains("nothing written (--best-effort folds"
          + " instead)");
      assertThat(Files.exists(directory.resolve("t.json.view.json"))).isFalse();

      String[] bestEffort = java.util.Arrays.copyOf(args, args.length + 1);
      bestEffort[args.length] = "--best-effort";
      Cli folded = Cli.run(bestEffort);
      assertThat(folded.code()).as(folded.err()).isZero();
      assertThat(folded.err()).contains("failed: ").contains("; folded instead (--best-effort)");
      assertThat(Files.readString(directory.resolve("t.json.view.json"))).contains("[fragment ")
          .doesNotContain("[summary of fragment ");
    }
  }
}
