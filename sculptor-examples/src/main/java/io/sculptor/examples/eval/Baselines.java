package io.sculptor.examples.eval;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a context keeps of a task: the retention measure, and the plain truncation that the scripted
 * agent is compared with on the same token budget.
 */
final class Baselines {
  private static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

  private Baselines() {}

  /**
   * {@return the share of the task's facts that {@code messages} show}: a fact counts when it
   * occurs whole (not as part of a longer word) in one message, or in one tool result once the
   * search tool's {@code **} highlighting is taken out
   */
  static double retention(EvalTask task, List<Message> messages) {
    if (task.facts().isEmpty()) {
      return 1.0;
    }
    List<String> texts = new ArrayList<>();
    for (Message m : messages) {
      texts.add(m.content());
      if (m.role() == Role.TOOL && m.content().contains("**")) {
        texts.add(m.content().replace("**", ""));
      }
    }
    long kept = task.facts().stream().filter(fact -> texts.stream().anyMatch(text -> occursWhole(text, fact))).count();
    return (double) kept / task.facts().size();
  }

  /** Whether {@code part} occurs in {@code text} with no letter or digit glued to either end. */
  static boolean occursWhole(String text, String part) {
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      boolean startOk = at == 0 || !wordChar(part.charAt(0)) || !wordChar(text.charAt(at - 1));
      int end = at + part.length();
      boolean endOk = end == text.length() || !wordChar(part.charAt(part.length() - 1)) || !wordChar(text.charAt(end));
      if (startOk && endOk) {
        return true;
      }
    }
    return false;
  }

  private static boolean wordChar(char c) {
    return Character.isLetterOrDigit(c);
  }

  /**
   * {@return {@code messages} cut to {@code budget} o200k tokens by dropping the oldest tokens}:
   * leading system messages stay, then the newest messages whole, then the end of the message
   * that does not fit whole, cut at a token boundary; older messages are dropped
   */
  static List<Message> truncate(List<Message> messages, long budget) {
    int firstOther = 0;
    long remaining = budget;
    while (firstOther < messages.size() && messages.get(firstOther).role() == Role.SYSTEM) {
      remaining -= tokens(messages.get(firstOther));
      firstOther++;
    }
    List<Message> kept = new ArrayList<>();
    for (int i = messages.size() - 1; i >= firstOther && remaining > 0; i--) {
      Message m = messages.get(i);
      long cost = tokens(m);
      if (cost <= remaining) {
        kept.add(0, m);
        remaining -= cost;
        continue;
      }
      long room = remaining - TaskGenerator.COUNTER.countMessageOverhead(m);
      if (room > 0) {
        IntArrayList all = O200K.encodeOrdinary(m.content());
        IntArrayList tail = new IntArrayList((int) room);
        for (int t = all.size() - (int) room; t < all.size(); t++) {
          tail.add(all.get(t));
        }
        kept.add(0, withContent(m, new String(O200K.decodeBytes(tail), StandardCharsets.UTF_8)));
      }
      break;
    }
    List<Message> out = new ArrayList<>(messages.subList(0, firstOther));
    out.addAll(kept);
    return out;
  }

  private static long tokens(Message m) {
    return TaskGenerator.COUNTER.countMessageOverhead(m) + TaskGenerator.COUNTER.countTokens(m.content());
  }

  private static Message withContent(Message m, String content) {
    return switch (m.role()) {
      case SYSTEM -> Message.system(content);
      case USER -> Message.user(content);
      case ASSISTANT -> Message.assistant(content);
      case TOOL -> Message.tool(m.toolCallId().orElse(""), content);
    };
  }
}
