package io.sculptor.tools.internal;

import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.ToolCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which branches are open, read from the conversation itself: nothing about branches is stored
 * in the state, so snapshots, stores and every integration carry them without a change.
 *
 * <p>A {@code branch} or {@code return} call counts once a tool message answers it with a text
 * that does not begin with {@code Error:} (every failed call's result does). Counted calls are
 * matched like brackets: a {@code return} closes the nearest {@code branch} before it that no
 * other {@code return} closed. Calls in one assistant message count in their order.
 */
public final class Branches {
  /** The prefix of every failed tool call's result. */
  static final String ERROR_PREFIX = "Error:";

  private Branches() {}

  /**
   * One open branch.
   *
   * @param callId the id of the {@code branch} call
   * @param callMessage the index of the assistant message holding the call
   * @param firstMessage the index of the tool message answering it: the first message of the branch
   * @param description the description the call gave
   */
  public record Open(String callId, int callMessage, int firstMessage, String description) {}

  /**
   * {@return the innermost open branches, innermost first, at most {@code limit} of them}. The
   * scan walks back from the end and stops at the {@code limit}-th open branch it finds, so
   * finding the innermost costs the messages since it, not the conversation; finding that none is
   * open costs one look at each message.
   */
  public static List<Open> innermost(Conversation original, int limit) {
    List<Open> open = new ArrayList<>();
    Map<String, Integer> answers = new HashMap<>();
    int returns = 0;
    for (int i = original.size() - 1; i >= 0 && open.size() < limit; i--) {
      Message m = original.get(i);
      if (m.role() == Role.TOOL) {
        // Walking back, the last put is the earliest answer after the calls still ahead.
        int index = i;
        m.toolCallId().ifPresent(id -> answers.put(id, index));
        continue;
      }
      List<ToolCall> calls = m.toolCalls();
      for (int c = calls.size() - 1; c >= 0 && open.size() < limit; c--) {
        ToolCall call = calls.get(c);
        boolean isReturn = call.name().equals(ReturnTool.NAME);
        if (!isReturn && !call.name().equals(BranchTool.NAME)) {
          continue;
        }
        Integer answer = answers.get(call.id());
        if (answer == null || original.get(answer).content().startsWith(ERROR_PREFIX)) {
          continue;
        }
        if (isReturn) {
          returns++;
          continue;
        }
        Arguments.Parsed parsed = Arguments.parse(BranchTool.DEFINITION, call.arguments());
        if (parsed.refusal() != null) {
          // Answered without an error but not with this tool's arguments: another tool of that name.
          continue;
        }
        if (returns > 0) {
          returns--;
        } else {
          open.add(new Open(call.id(), i, answer, parsed.arguments().string("description")));
        }
      }
    }
    return open;
  }

  /**
   * {@return whether the latest assistant message has an unanswered call of {@code toolName}}:
   * the call being executed, which {@code branch} and {@code return} need in the conversation,
   * because the conversation is where open branches are read from
   */
  static boolean isCalledNow(Conversation original, String toolName) {
    Set<String> answered = new HashSet<>();
    for (int i = original.size() - 1; i >= 0; i--) {
      Message m = original.get(i);
      if (m.role() == Role.TOOL) {
        m.toolCallId().ifPresent(answered::add);
        continue;
      }
      if (m.role() != Role.ASSISTANT) {
        return false;
      }
      for (ToolCall call : m.toolCalls()) {
        if (call.name().equals(toolName) && !answered.contains(call.id())) {
          return true;
        }
      }
      return false;
    }
    return false;
  }
}
