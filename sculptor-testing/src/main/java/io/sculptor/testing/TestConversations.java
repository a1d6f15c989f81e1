package io.sculptor.testing;

import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Seeded generators of the conversations Sculptor is for: key-value update streams (the PI-LLM
 * format, where old values interfere with the current ones) and agent transcripts (tool calls with
 * large results). The same arguments give the same text on every JVM, so a test can assert exact
 * results; different seeds give different text of the same shape.
 *
 * @since 0.1
 */
public final class TestConversations {
  /** The line before the updates in {@link #keyValueTask}; a start marker for {@code fragment_context}. */
  public static final String UPDATES_BEGIN = "UPDATES BEGIN";
  /** The line after the updates in {@link #keyValueTask}; an end marker for {@code fragment_context}. */
  public static final String UPDATES_END = "UPDATES END";
  /** The number of distinct keys in a {@link #keyValueStream}: {@code key0} to {@code key45}. */
  public static final int KEYS = 46;

  private static final String[] LEVELS = {"INFO", "INFO", "INFO", "DEBUG", "WARN"};
  private static final String[] COMPONENTS = {"build", "compiler", "tests", "cache", "network", "storage"};
  private static final String[] EVENTS = {"started", "finished", "retried", "skipped", "took longer than usual",
      "reported no changes", "read its configuration", "wrote a checkpoint"};

  private TestConversations() {}

  /**
   * {@return a stream of update lines {@code keyK: valueV} of at least {@code characters}
   * characters}: keys from {@code key0} to {@code key45}, never the same key twice in a row, values
   * below one million, each line ending with a line break
   *
   * @param characters the minimum length; the stream ends with the first line that reaches it
   * @param seed the seed
   */
  public static String keyValueStream(int characters, long seed) {
    checkNotNegative(characters, "characters");
    Random random = new Random(seed);
    StringBuilder text = new StringBuilder(characters + 64);
    int previous = -1;
    while (text.length() < characters) {
      int key;
      do {
        key = random.nextInt(KEYS);
      } while (key == previous);
      previous = key;
      text.append("key").append(key).append(": value").append(random.nextInt(1_000_000)).append('\n');
    }
    return text.toString();
  }

  /**
   * {@return the value that the last update of {@code key} in {@code stream} sets}, or the empty
   * string when the stream never updates it: the answer a model should give
   *
   * @param stream a {@link #keyValueStream}
   * @param key a key, such as {@code key7}
   */
  public static String latestValue(String stream, String key) {
    String prefix = key + ": ";
    int at = stream.lastIndexOf("\n" + prefix);
    int start = at >= 0 ? at + 1 : stream.startsWith(prefix) ? 0 : -1;
    if (start < 0) {
      return "";
    }
    int end = stream.indexOf('\n', start);
    return stream.substring(start + prefix.length(), end < 0 ? stream.length() : end);
  }

  /**
   * {@return a key-value task}: a system prompt, then one user message with a
   * {@link #keyValueStream} of about {@code characters} characters between the lines
   * {@link #UPDATES_BEGIN} and {@link #UPDATES_END}, and the question for the current value of
   * {@code key7}
   *
   * @param characters the minimum length of the stream
   * @param seed the seed of the stream
   */
  public static Conversation keyValueTask(int characters, long seed) {
    return Conversation.of(
        Message.system("You track key-value updates. Only the latest value of each key counts."),
        Message.user(UPDATES_BEGIN + "\n" + keyValueStream(characters, seed) + UPDATES_END
            + "\nWhat is the current value of key7?"));
  }

  /**
   * {@return an agent transcript of {@code 4 * rounds + 1} messages}: a system prompt, then per round
   * a user request, an assistant message calling {@code read_file} (call id {@code call_R}, R the
   * round from 0), the tool result of at least {@code toolResultCharacters} characters of log lines,
   * and an assistant reply. Tool results are the bulk of the text, as in real agent runs.
   *
   * @param rounds the number of rounds, at least 0
   * @param toolResultCharacters the minimum length of each tool result
   * @param seed the seed
   */
  public static Conversation agentTranscript(int rounds, int toolResultCharacters, long seed) {
    checkNotNegative(rounds, "rounds");
    checkNotNegative(toolResultCharacters, "toolResultCharacters");
    Random random = new Random(seed);
    List<Message> messages = new ArrayList<>(4 * rounds + 1);
    messages.add(Message.system("You are a coding agent. Use read_file to inspect files; answer concisely."));
    for (int round = 0; round < rounds; round++) {
      String component = pick(random, COMPONENTS);
      String file = component + "_" + round + ".log";
      String callId = "call_" + round;
      messages.add(Message.user("Please check " + file + " and tell me whether the " + component
          + " step finished."));
      messages.add(Message.assistant("Reading " + file + ".",
          List.of(new ToolCall(callId, "read_file", "{\"path\": \"" + file + "\"}"))));
      messages.add(Message.tool(callId, logLines(random, toolResultCharacters)));
      messages.add(Message.assistant("The " + component + " step " + pick(random, EVENTS) + "; see " + file + "."));
    }
    return Conversation.of(messages);
  }

  private static String logLines(Random random, int characters) {
    StringBuilder out = new StringBuilder(characters + 80);
    int line = 1;
    while (out.length() < characters) {
      out.append(String.format(Locale.ROOT, "%05d %-5s %s: %s %s\n", line++, pick(random, LEVELS),
          pick(random, COMPONENTS), "key" + random.nextInt(KEYS), pick(random, EVENTS)));
    }
    return out.toString();
  }

  private static String pick(Random random, String[] words) {
    return words[random.nextInt(words.length)];
  }

  private static void checkNotNegative(int value, String what) {
    if (value < 0) {
      throw new IllegalArgumentException(what + " must be >= 0, got [" + value + "]");
    }
  }
}
