package io.sculptor.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sculptor.testing.LocalOpenAiServer;
import io.sculptor.testing.LocalOpenAiServer.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable {@code target/sculptor.jar}, run as a user runs it ({@code java -jar}, in its own
 * process): it holds every class its commands need — the tokenizers, the HTTP client, the embedded
 * store — and nothing it does not run. Runs after {@code package} (the {@code jar-tests} execution).
 */
class SculptorJarIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path jar;

  @TempDir
  Path directory;

  @BeforeAll
  static void findJar() {
    String path = System.getProperty("sculptor.jar");
    // Only the jar-tests execution, after package, selects *JarIT and sets the jar's path; picked by
    // -Dtest in the test phase, before there is a jar, it has nothing to run.
    assumeTrue(path != null, "no sculptor.jar yet: this runs in the jar-tests execution, after package");
    jar = Path.of(path);
    assertThat(jar).exists();
  }

  private record Run(int code, String out, String err) {}

  private Run java(String input, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
        jar.toString()));
    Collections.addAll(command, args);
    Process process = new ProcessBuilder(command).directory(directory.toFile())
        .redirectError(directory.resolve("err.txt").toFile()).start();
    process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("sculptor %s ends", String.join(" ", args)).isTrue();
    return new Run(process.exitValue(), out, Files.readString(directory.resolve("err.txt")));
  }

  @Test
  void jar_holdsWhatItRunsAndNothingElse() throws IOException {
    List<String> names = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      zip.stream().map(ZipEntry::getName).forEach(names::add);
    }
    assertThat(names).contains("io/sculptor/examples/cli/SculptorCommand.class",
        "com/knuddels/jtokkit/o200k_base.tiktoken", "com/knuddels/jtokkit/cl100k_base.tiktoken",
        "org/h2/Driver.class", "io/sculptor/openai/OpenAiChatModel.class", "simplelogger.properties");
    assertThat(names).noneMatch(n -> n.startsWith("io/sculptor/testing/") || n.startsWith("com/openai/")
        || n.startsWith("org/h2/server/web/") || n.equals("org/h2/util/data.zip") || n.contains("p50k_base")
        || n.contains("r50k_base") || n.equals("io/sculptor/examples/LocalServerAgent.class"));
  }

  @Test
  void everyCommand_runsFromTheJar() throws Exception {
    Run bare = java("");
    assertThat(bare.code()).isEqualTo(2);
    assertThat(bare.err()).contains("Usage: sculptor");

    Run tools = java("", "tools");
    assertThat(tools.code()).as(tools.err()).isZero();
    assertThat(JSON.readTree(tools.out())).hasSize(6);

    Run eval = java("", "eval", "pi-llm", "--sizes", "4", "--json");
    assertThat(eval.code()).as(eval.err()).isZero();
    assertThat(JSON.readTree(eval.out()).get("rows").get(0).get("score").asDouble()).isEqualTo(1.0);

    String transcript = JSON.writeValueAsString(CompactCommandTest.transcript(6));
    Files.writeString(directory.resolve("t.json"), transcript);
    for (String encoding : List.of("o200k_base", "cl100k_base")) {
      Run compact = java("", "compact", "t.json", "--max-tokens", "1000", "--keep-last", "3", "--encoding", encoding,
          "--store", "jdbc:h2:file:./store", "--conversation", encoding);
      assertThat(compact.code()).as(compact.err()).isZero();
      assertThat(compact.out()).contains("store: conversation " + encoding + ", version 1, in h2");
      Run restore = java("", "restore", "--store", "jdbc:h2:file:./store", "--conversation", encoding);
      assertThat(restore.code()).as(restore.err()).isZero();
      assertThat(JSON.readTree(restore.out())).isEqualTo(JSON.readTree(transcript));
    }

    Run piped = java(transcript, "compact", "-", "--max-tokens", "1000", "--keep-last", "3", "--snapshot-out", "s.json");
    assertThat(piped.code()).as(piped.err()).isZero();
    assertThat(JSON.readTree(piped.out())).hasSize(15);
  }

  @Test
  void modelSummarizer_reachesTheEndpointFromTheJar() throws Exception {
    Files.writeString(directory.resolve("t.json"), JSON.writeValueAsString(CompactCommandTest.transcript(6)));
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> Reply.answer("test_case_17 fails."))) {
      Run compact = java("", "compact", "t.json", "--max-tokens", "1000", "--keep-last", "3", "--policy",
          "summarize-oldest", "--summarizer", "model", "--base-url", server.baseUrl(), "--model", "m");
      assertThat(compact.code()).as(compact.err()).isZero();
      assertThat(server.requests()).hasSize(1);
      JsonNode view = JSON.readTree(directory.resolve("t.json.view.json").toFile());
      assertThat(view.get(1).get("content").asText()).contains("test_case_17 fails.");
    }
  }
}
