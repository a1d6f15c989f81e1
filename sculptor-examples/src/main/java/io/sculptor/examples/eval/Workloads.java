package io.sculptor.examples.eval;

import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The two benchmark workloads of the design's performance targets, built by the project's own
 * generators: a key-value update stream of about 64K tokens in one message, and an agent transcript
 * of about 1M tokens in about 2,000 messages (user requests, assistant messages with tool calls,
 * large tool results).
 */
public final class Workloads {
  private Workloads() {}

  /** {@return a PI-LLM update stream of about 64K tokens (46 keys, 208 updates each) in one user message} */
  public static Conversation keyValueStream64k() {
    return TaskGenerator.piLlm(208, 46, 64).conversation();
  }

  /**
   * {@return an agent transcript of about {@code targetTokens} tokens in {@code messages} messages}:
   * a system prompt, then rounds of a user request, an assistant message calling {@code read_file},
   * the tool's result (the largest part), and an assistant reply
   *
   * @param targetTokens the approximate size in o200k tokens
   * @param messages the approximate number of messages, a multiple of 4 plus 1 is exact
   * @param seed the seed
   */
  public static Conversation transcript(int targetTokens, int messages, long seed) {
    Random random = new Random(seed);
    int rounds = Math.max(1, (messages - 1) / 4);
    long perRound = targetTokens / rounds;
    List<Message> out = new ArrayList<>(rounds * 4 + 1);
    out.add(Message.system("You are a coding agent. Use read_file to inspect files; answer concisely."));
    for (int r = 0; r < rounds; r++) {
      String file = Words.pick(random, Words.NOUNS) + "_" + r + ".log";
      out.add(Message.user("Please check " + file + " and tell me whether the " + Words.pick(random, Words.NOUNS)
          + " step finished. " + Words.sentence(random)));
      out.add(Message.assistant("Reading " + file + ".",
          List.of(new ToolCall("call_" + r, "read_file", "{\"path\": \"" + file + "\"}"))));
      out.add(Message.tool("call_" + r, logLines(random, (int) (perRound * 0.85))));
      out.add(Message.assistant(Words.paragraph(random, 2 + random.nextInt(3))));
    }
    return Conversation.of(out);
  }

  /** {@return the 1M-token, 2,000-message transcript of the design's targets} */
  public static Conversation transcript1m() {
    return transcript(1_000_000, 2_001, 1);
  }

  private static String logLines(Random random, int tokens) {
    StringBuilder out = new StringBuilder();
    int line = 1;
    long approx = 0;
    while (approx < tokens) {
      String text = String.format(java.util.Locale.ROOT, "%05d %s %s: %s", line++,
          random.nextInt(10) == 0 ? "WARN" : "INFO", Words.pick(random, Words.KEYS), Words.sentence(random));
      out.append(text).append('\n');
      approx += TaskGenerator.COUNTER.countTokens(text) + 1;
    }
    return out.toString();
  }
}
