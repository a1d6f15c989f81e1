package io.sculptor.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sculptor.anthropic.MessagesFormat;
import io.sculptor.core.ToolCall;
import io.sculptor.examples.eval.ScriptedAgent;
import io.sculptor.examples.eval.ScriptedRepairAgent;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ToolChoice;
import io.sculptor.testing.LocalAnthropicServer;
import io.sculptor.testing.LocalOpenAiServer;
import io.sculptor.testing.LocalOpenAiServer.Reply;
import io.sculptor.tools.SculptorTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sculptor eval}: offline, from data files, and against a local OpenAI-compatible server. */
class EvalCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path directory;

  @Test
  void offline_printsTheScriptedAgentBesideTheBaselines_everyTokenColumnLabelled() {
    Cli eval = Cli.run("eval", "pi-llm", "--sizes", "8,64");
    assertThat(eval.code()).as(eval.err()).isZero();
    assertThat(eval.out()).contains("retention", "final context", "prompt, all calls", "uncached prompt",
        "      8    46  scripted agent", "     64    46  truncation", "     64    46  full context",
        "uncached prompt = of those, the tokens after the first position that differs");
    assertThat(eval.err()).contains("[2/2] pi-llm 64 updates/key, 46 keys");
  }

  @Test
  void input_readsEachBenchmarksOwnRows() {
    for (String task : List.of("pi-llm", "needle", "mrcr")) {
      Path file = directory.resolve(task + ".jsonl");
      Cli export = task.equals("pi-llm")
          ? Cli.run("eval", task, "--sizes", "8", "--samples", "2", "--export", file.toString())
          : Cli.run("eval", task, "--sizes", "2000", "--needles", "2", "--samples", "2", "--export", file.toString());
      assertThat(export.code()).as(export.err()).isZero();
      assertThat(export.out()).isEqualTo("wrote 2 " + task + " tasks to " + file + "\n");
      Cli eval = Cli.run("eval", task, "--input", file.toString(), "--limit", "3", "--json");
      assertThat(eval.code()).as(eval.err()).isZero();
      assertThat(eval.out()).contains("\"source\" : \"" + task + ".jsonl\"", "\"mode\" : \"scripted agent\"");
    }
  }

  @Test
  void badInputFile_oneLineNamingTheRowAndTheField_exitCode1() throws Exception {
    Path file = Files.writeString(directory.resolve("mrcr.jsonl"), "{\"prompt\": \"[{\\\"role\\\": \\\"user\\\","
        + " \\\"content\\\": \\\"hi\\\"}]\", \"answer\": \"xyz\", \"random_string_to_prepend\": \"abc\"}\n");
    Cli eval = Cli.run("eval", "mrcr", "--input", file.toString());
    assertThat(eval.code()).isEqualTo(1);
    assertThat(eval.err().strip()).isEqualTo("sculptor eval: mrcr.jsonl row 1, field 'answer': does not start with"
        + " random_string_to_prepend 'abc'");
  }

  @Test
  void badArguments_exitCode2() {
    assertThat(Cli.run("eval", "mrcr", "--input", "x.jsonl", "--sizes", "2000").err())
        .contains("--input reads the tasks from the file");
    assertThat(Cli.run("eval", "mrcr", "--limit", "2").err()).contains("--limit needs --input");
    assertThat(Cli.run("eval", "needle", "--sizes", "500").err()).contains("size 500 is out of range");
    assertThat(Cli.run("eval", "pi-llm", "--driver", "gemini").err())
        .contains("unknown driver 'gemini'; expected offline, openai, anthropic");
    assertThat(Cli.run("eval", "pi-llm", "--driver", "anthropic").err()).contains("--driver anthropic needs --model");
    assertThat(Cli.run("eval", "pi-llm", "--concurrency", "0").code()).isEqualTo(2);
  }

  @Test
  void endpointOptions_helpNamesEachDriversDefaults_andABadBaseUrlIsAUsageError() {
    String help = Cli.run("eval", "--help").out().replaceAll("\\s+", " ");
    assertThat(help).contains("--base-url=URL openai/anthropic driver: endpoint (default https: //api.openai.com/v1"
            + " or https://api.anthropic.com)",
        "--api-key-env=VARIABLE openai/anthropic driver: environment variable holding the API key; when it is unset"
            + " no key is sent (default OPENAI_API_KEY or ANTHROPIC_API_KEY)",
        "--model=NAME openai/anthropic driver: model name (required with a model driver)");
    String compact = Cli.run("compact", "--help").out().replaceAll("\\s+", " ");
    assertThat(compact).contains("--base-url=URL the endpoint of the model (default https://api. openai.com/v1)")
        .doesNotContain("anthropic");
    for (String driver : List.of("openai", "anthropic")) {
      Cli bad = Cli.run("eval", "pi-llm", "--sizes", "4", "--driver", driver, "--model", "m", "--base-url", "ftp://x");
      assertThat(bad.code()).isEqualTo(2);
      assertThat(bad.err()).startsWith("sculptor eval: --base-url: base URL must be").contains("got [ftp://x]");
    }
  }

  @Test
  void fix_offline_measuresBothRunsAndTheBaselines_andTheOpenAiDriverRunsTheSameAgentOverHttp() throws Exception {
    Path html = directory.resolve("fix.html");
    Cli offline = Cli.run("eval", "fix", "--sizes", "2", "--json", "--html", html.toString());
    assertThat(offline.code()).as(offline.err()).isZero();
    assertThat(Files.readString(html)).contains("sculptor eval fix", "branch/return", "terse return");
    JsonNode rows = JSON.readTree(offline.out()).path("rows");
    assertThat(rows).extracting(r -> r.path("mode").asText())
        .containsExactly("no branch", "branch/return", "fold oldest", "terse return", "truncation");
    assertThat(JSON.readTree(offline.out()).path("model").asText()).isEqualTo(ScriptedRepairAgent.MODEL);
    ScriptedRepairAgent agent = new ScriptedRepairAgent();
    try (LocalOpenAiServer server = LocalOpenAiServer.start(body -> Reply.ok(agent.respond(body)))) {
      Cli http = Cli.run("eval", "fix", "--sizes", "2", "--driver", "openai", "--base-url", server.baseUrl(),
          "--model", "scripted", "--api-key-env", "SCULPTOR_TEST_UNSET", "--output",
          directory.resolve("fix.jsonl").toString(), "--json");
      assertThat(http.code()).as(http.err()).isZero();
      JsonNode remote = JSON.readTree(http.out()).path("rows");
      assertThat(remote).extracting(r -> r.path("mode").asText())
          .containsExactly("no branch", "branch/return", "fold oldest", "truncation");
      for (int i : new int[] {0, 1, 2}) {
        for (String field : List.of("score", "finalContextTokens", "promptTokensAllCalls", "uncachedPromptTokens",
            "peakContextTokens", "outcomesRecoverable", "testsPassing")) {
          assertThat(remote.get(i).path(field)).as(field).isEqualTo(rows.get(i).path(field));
        }
      }
      assertThat(Files.readAllLines(directory.resolve("fix.jsonl"))).hasSize(4);
    }
  }

  @Test
  void fix_badArguments_exitCode2() {
    Cli input = Cli.run("eval", "fix", "--input", "x.jsonl");
    assertThat(input.code()).isEqualTo(2);
    assertThat(input.err()).contains("fix generates its repositories and needs its tools; it takes no --input");
    assertThat(Cli.run("eval", "fix", "--needles", "3").code()).isEqualTo(2);
    assertThat(Cli.run("eval", "fix", "--sizes", "49").err()).contains("size 49 is out of range; fix takes 1 to 48");
    assertThat(Cli.run("eval", "fix", "--max-steps", "-1").code()).isEqualTo(2);
  }

  private static Cli openai(LocalOpenAiServer server, Path output, String... more) {
    List<String> args = new ArrayList<>(List.of("eval", "needle", "--sizes", "2000", "--needles", "2,3",
        "--samples", "2", "--driver", "openai", "--base-url", server.baseUrl(), "--model", "scripted",
        "--api-key-env", "SCULPTOR_TEST_UNSET", "--output", output.toString(), "--json"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private static LocalOpenAiServer server(AtomicInteger requests, Function<Integer, Reply> fault) {
    ScriptedAgent agent = new ScriptedAgent();
    return LocalOpenAiServer.start(body -> {
      int n = requests.incrementAndGet();
      Reply failure = fault.apply(n);
      return failure != null ? failure : Reply.ok(agent.respond(body));
    });
  }

  @Test
  void anthropicDriver_runsTheTasksOverTheMessagesApi() throws Exception {
    ScriptedAgent agent = new ScriptedAgent();
    Path output = directory.resolve("needle-claude.jsonl");
    try (LocalAnthropicServer server = LocalAnthropicServer.start(body -> {
      ChatResponse answer = agent.chat(ChatRequest.of(MessagesFormat.fromRequest(body),
          body.has("tools") ? SculptorTools.specs() : List.of(), ToolChoice.auto()));
      return answer.message().toolCalls().isEmpty()
          ? LocalAnthropicServer.Reply.answer(answer.message().content().isEmpty() ? "(no answer)" : answer.message().content())
          : LocalAnthropicServer.Reply.toolUses(answer.message().toolCalls().toArray(ToolCall[]::new));
    })) {
      Cli eval = Cli.run("eval", "needle", "--sizes", "2000", "--needles", "2", "--driver", "anthropic", "--base-url",
          server.baseUrl(), "--model", "claude-test", "--api-key-env", "SCULPTOR_TEST_UNSET", "--output",
          output.toString(), "--json");

      assertThat(eval.code()).as(eval.err()).isZero();
      JsonNode rows = JSON.readTree(eval.out()).get("rows");
      assertThat(rows).extracting(r -> r.get("mode").asText()).containsExactly("tools", "no-tools");
      assertThat(Files.readAllLines(output)).hasSize(2)
          .allSatisfy(line -> assertThat(JSON.readTree(line).get("model").asText()).isEqualTo("claude-test"));
      JsonNode first = server.requests().get(0);
      assertThat(first.get("model").asText()).isEqualTo("claude-test");
      assertThat(first.get("tools").get(0).has("input_schema")).isTrue();
      assertThat(first.get("tool_choice").get("type").asText()).isEqualTo("any");
      assertThat(server.requests()).hasSizeGreaterThan(2);
      assertThat(server.requestHeaders()).allSatisfy(h -> assertThat(h).doesNotContainKey("x-api-key"));
    }
  }

  @Test
  void openAiDriver_writesOneRecordPerSample_andARerunAsksNothingAgain() throws Exception {
    Path output = directory.resolve("needle.jsonl");
    AtomicInteger requests = new AtomicInteger();
    String first;
    try (LocalOpenAiServer server = server(requests, n -> null)) {
      Cli eval = openai(server, output);
      assertThat(eval.code()).as(eval.err()).isZero();
      first = eval.out();
      JsonNode rows = JSON.readTree(first).get("rows");
      assertThat(rows).hasSize(4);
      assertThat(rows.get(0).get("mode").asText()).isEqualTo("tools");
      assertThat(rows.get(1).get("mode").asText()).isEqualTo("no-tools");
      assertThat(rows.get(0).get("scoreName").asText()).isEqualTo("accuracy");
      List<String> lines = Files.readAllLines(output);
      assertThat(lines).hasSize(8);
      JsonNode record = JSON.readTree(lines.get(0));
      assertThat(record.fieldNames()).toIterable().contains("id", "model", "answer", "score", "steps", "toolCalls",
          "finalContextTokens", "promptTokensAllCalls", "uncachedPromptTokens");
      assertThat(record.get("model").asText()).isEqualTo("scripted");
      assertThat(eval.err()).contains("results: " + output);
      int asked = requests.get();
      assertThat(asked).isGreaterThan(8);
      Cli again = openai(server, output);
      assertThat(again.code()).as(again.err()).isZero();
      assertThat(requests.get()).isEqualTo(asked);
      assertThat(again.out()).isEqualTo(first);
      assertThat(Files.readAllLines(output)).hasSize(8);
    }
  }

  @Test
  void openAiDriver_interruptedRun_resumesWithoutRepeatingASample() throws Exception {
    Path output = directory.resolve("interrupted.jsonl");
    AtomicInteger requests = new AtomicInteger();
    try (LocalOpenAiServer failing = server(requests, n -> n > 12
        ? Reply.error(503, "server_error", "overloaded") : null)) {
      Cli eval = openai(failing, output, "--max-attempts", "1");
      assertThat(eval.code()).isEqualTo(1);
      List<String> err = eval.err().strip().lines().toList();
      assertThat(err.get(err.size() - 1)).startsWith("sculptor eval: task needle-2000-").contains("failed: ")
          .contains("the same command resumes from there");
    }
    List<String> saved = Files.readAllLines(output);
    assertThat(saved).isNotEmpty().hasSizeLessThan(8);
    AtomicInteger resumed = new AtomicInteger();
    try (LocalOpenAiServer healthy = server(resumed, n -> null)) {
      Cli eval = openai(healthy, output);
      assertThat(eval.code()).as(eval.err()).isZero();
    }
    List<String> lines = Files.readAllLines(output);
    assertThat(lines).hasSize(8).startsWith(saved.toArray(String[]::new));
    Set<String> keys = new HashSet<>();
    for (String line : lines) {
      JsonNode record = JSON.readTree(line);
      assertThat(keys.add(record.get("id").asText() + "/" + record.get("mode").asText())).as(line).isTrue();
    }
  }

  @Test
  void concurrency_runsTasksAtOnce_throughTheClientsRetries() throws Exception {
    Path output = directory.resolve("concurrent.jsonl");
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger requests = new AtomicInteger();
    ScriptedAgent agent = new ScriptedAgent();
    try (LocalOpenAiServer server = LocalOpenAiServer.start(body -> {
      int now = inFlight.incrementAndGet();
      most.accumulateAndGet(now, Math::max);
      try {
        if (requests.incrementAndGet() % 7 == 0) {
          return Reply.error(429, "rate_limit_exceeded", "slow down").withHeader("Retry-After", "0");
        }
        Thread.sleep(30);
        return Reply.ok(agent.respond(body));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        inFlight.decrementAndGet();
      }
    })) {
      Cli eval = openai(server, output, "--concurrency", "3");
      assertThat(eval.code()).as(eval.err()).isZero();
    }
    assertThat(most.get()).isGreaterThanOrEqualTo(2);
    assertThat(Files.readAllLines(output)).hasSize(8);
  }
}
