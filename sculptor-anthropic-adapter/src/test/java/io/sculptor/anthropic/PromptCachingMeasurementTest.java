package io.sculptor.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.agent.ContextPolicy;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.ToolCall;
import io.sculptor.model.Usage;
import io.sculptor.model.ToolSpec;
import io.sculptor.testing.LocalAnthropicServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The share of prompt tokens read from the cache on a long agent run whose budget policy folds the
 * oldest messages step by step, with cache-aware breakpoints and with the usual ones, by the local
 * server's prefix-cache accounting (lookback of 20 blocks, 1,024 tokens at least). Writes the table
 * to {@code target/prompt-caching.md} and checks that {@code docs/anthropic.md} shows it
 * ({@code -Dsculptor.updateDocs=true} rewrites it there).
 */
class PromptCachingMeasurementTest {
  static final int PAGES = 60;

  /** The model: reads the report page by page with the application's tool, then answers. */
  static LocalAnthropicServer.Reply reader(com.fasterxml.jackson.databind.JsonNode request) {
    long read = MessagesFormat.fromRequest(request).stream().filter(m -> m.role() == Role.TOOL).count();
    return read < PAGES
        ? LocalAnthropicServer.Reply.toolUses(new ToolCall("toolu_" + read, "read_page", "{\"page\": " + (read + 1) + "}"))
        : LocalAnthropicServer.Reply.answer("All " + PAGES + " pages read.");
  }

  static String page(String arguments) {
    StringBuilder text = new StringBuilder("Page ").append(arguments.replaceAll("\\D", "")).append('\n');
    for (int line = 0; line < 30; line++) {
      text.append("Line ").append(line).append(": quarterly figures for region ").append(line * 7 % 13)
          .append(" rose by ").append(line * 3 % 11).append(" percent.\n");
    }
    return text.toString();
  }

  static Usage run(PromptCaching caching, ContextPolicy policy) {
    try (LocalAnthropicServer server = LocalAnthropicServer.start(PromptCachingMeasurementTest::reader, 1024)) {
      AnthropicChatModel model = AnthropicChatModelTest.model(server.baseUrl()).promptCaching(caching).build();
      ContextAgent agent = ContextAgent.builder(model)
          .tool(ToolSpec.of("read_page", "Reads one page of the report.",
              "{\"type\": \"object\", \"properties\": {\"page\": {\"type\": \"integer\"}}}"), PromptCachingMeasurementTest::page)
          .maxSteps(PAGES + 5)
          .policy(policy)
          .build();
      StringBuilder instructions = new StringBuilder("You are an analyst. Read the report page by page.\n");
      for (int i = 0; i < 120; i++) {
        instructions.append("Rule ").append(i).append(": quote figures exactly and name their region.\n");
      }
      AgentRun run = agent.run(ContextState.of(Conversation.of(Message.system(instructions.toString()),
          Message.user("Read all " + PAGES + " pages with read_page, then say you are done."))));
      assertThat(run.answer()).isEqualTo("All " + PAGES + " pages read.");
      return run.usage();
    }
  }

  @Test
  void cacheAwareBreakpoints_readMoreOfTheFoldedRunFromTheCache() throws IOException {
    Map<String, ContextPolicy> policies = new LinkedHashMap<>();
    policies.put("foldStaleToolResults(12)", ContextPolicy.foldStaleToolResults(12));
    policies.put("foldOldest(12,000, 6)", ContextPolicy.foldOldest(12_000, 6));
    policies.put("none", ContextPolicy.none());
    StringBuilder table = new StringBuilder("| policy | breakpoints | prompt tokens | read from cache | written to cache | share read |\n"
        + "|---|---|---:|---:|---:|---:|\n");
    Map<String, Double> aware = new LinkedHashMap<>();
    Map<String, Double> last = new LinkedHashMap<>();
    for (Map.Entry<String, ContextPolicy> policy : policies.entrySet()) {
      Usage cacheAware = run(PromptCaching.cacheAware(), policy.getValue());
      Usage lastMessage = run(PromptCaching.lastMessage(), policy.getValue());
      row(table, policy.getKey(), "cache-aware", cacheAware);
      row(table, policy.getKey(), "last message", lastMessage);
      aware.put(policy.getKey(), share(cacheAware));
      last.put(policy.getKey(), share(lastMessage));
    }
    Usage none = run(PromptCaching.none(), ContextPolicy.foldStaleToolResults(12));
    row(table, "foldStaleToolResults(12)", "none", none);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/prompt-caching.md"), table);
    System.out.println(table);
    // The run is deterministic (the core estimator, a scripted model): the docs show this very table.
    Path docs = Path.of("../docs/anthropic.md");
    String published = Files.readString(docs);
    int start = published.indexOf("| policy | breakpoints |");
    int end = published.indexOf("\n\n", start);
    if (Boolean.getBoolean("sculptor.updateDocs")) {
      Files.writeString(docs, published.substring(0, start) + table.toString().strip() + published.substring(end));
    } else {
      assertThat(published.substring(start, end)).as("the table of docs/anthropic.md; rewrite it with"
          + " -Dsculptor.updateDocs=true").isEqualTo(table.toString().strip());
    }

    assertThat(aware.get("foldStaleToolResults(12)")).isGreaterThan(last.get("foldStaleToolResults(12)") + 0.1);
    assertThat(aware.get("foldOldest(12,000, 6)")).isGreaterThan(last.get("foldOldest(12,000, 6)") + 0.1);
    assertThat(aware.get("none")).isGreaterThan(0.9).isEqualTo(last.get("none"));
    assertThat(none.cachedPromptTokens()).isZero();
  }

  private static void row(StringBuilder table, String policy, String name, Usage usage) {
    table.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %,d | %.1f%% |%n", policy, name,
        usage.promptTokens(), usage.cachedPromptTokens(), usage.cacheWriteTokens(), 100 * share(usage)));
  }

  private static double share(Usage usage) {
    return (double) usage.cachedPromptTokens() / usage.promptTokens();
  }
}
