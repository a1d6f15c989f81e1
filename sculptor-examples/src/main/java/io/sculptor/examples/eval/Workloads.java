package io.sculptor.examples.eval;

import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The two benchmark workloads of the design's performance targets, built by the project's own
 * generators: a key-value update stream of about 64K tokens in one message, and an agent transcript
 * of about 1M tokens in about 2,000 messages (user requests, assistant messages with tool calls,
 * large tool results).
 */
public final class Workloads {
  private Workloads() {}

  /**
   * {@return a key-value update stream of about 64K tokens in one user message}: 46 keys, 208
   * updates each, one {@code key: value} line per update between {@code UPDATES BEGIN} and
   * {@code UPDATES END}, then a question. The benchmarks fragment it between those two markers;
   * it is the design's workload, not a benchmark format (see {@link TaskGenerator} for those).
   */
  public static Conversation keyValueStream64k() {
    Random random = new Random(64);
    List<String> names = new ArrayList<>(List.of(Words.KEYS));
    Collections.shuffle(names, random);
    names = names.subList(0, 46);
    List<Set<Integer>> used = new ArrayList<>();
    for (int k = 0; k < names.size(); k++) {
      used.add(new HashSet<>());
    }
    StringBuilder stream = new StringBuilder();
    for (int k : TaskGenerator.streamOrder(names.size(), 208, random)) {
      int value;
      do {
        value = 10_000 + random.nextInt(90_000);
      } while (!used.get(k).add(value));
      stream.append(names.get(k)).append(": ").append(value).append('\n');
    }
    String question = "Question: What is the current value of each of these keys: " + String.join(", ", names)
        + "? Answer with one line per key, in the form: The current value of <key> is <value>.";
    return Conversation.of(Message.user("Below is a stream of key-value updates. Each line sets a key to a new"
        + " value; only the latest value of each key counts.\n\nUPDATES BEGIN\n" + stream + "UPDATES END\n\n"
        + question));
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
