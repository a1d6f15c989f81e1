package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Fragment;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.RoleFilter;
import io.sculptor.core.SearchQuery;
import io.sculptor.core.TokenCounter;
import io.sculptor.core.ToolCall;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Shared test data: conversations and a state with fragments and search hits. */
final class Fixtures {
  private Fixtures() {}

  static final SculptorToolkit TOOLKIT = SculptorToolkit.create();
  static final SculptorToolkit BRANCHING = SculptorToolkit.create().withBranchTools();

  /**
   * A stream of {@code keyN: valueM} lines of about {@code characters} characters; the same text as
   * {@code io.sculptor.testing.TestConversations.keyValueStream}, which this module cannot depend on.
   */
  static String keyValueStream(int characters, long seed) {
    Random random = new Random(seed);
    StringBuilder text = new StringBuilder(characters + 64);
    int previous = -1;
    while (text.length() < characters) {
      int key;
      do {
        key = random.nextInt(46);
      } while (key == previous);
      previous = key;
      text.append("key").append(key).append(": value").append(random.nextInt(1_000_000)).append('\n');
    }
    return text.toString();
  }

  static Conversation conversation() {
    return Conversation.of(
        Message.system("You track key-value updates."),
        Message.user("UPDATES BEGIN\n" + keyValueStream(6_000, 3) + "UPDATES END\nWhat is key7?"),
        Message.assistant("", List.of(new ToolCall("call_1", "lookup", "{\"key\":\"key7\"}"))),
        Message.tool("call_1", "The lookup service has no record of key7 before noon."),
        Message.assistant("Let me check the stream for key7."));
  }

  /** A state with five fragments, the first folded, and one search hit. */
  static ContextState state() {
    ContextState state = ContextState.of(conversation(), 1, TokenCounter.estimator());
    state = state.fragmentBetween("UPDATES BEGIN", "UPDATES END", RoleFilter.USER, 5).state();
    state = state.fold(state.fragments().get(0).id()).state();
    return state.search(SearchQuery.of("key7", RoleFilter.USER, 3, 50)).state();
  }

  /** {@return {@code state} with an assistant message calling {@code tool}, not answered yet} */
  static ContextState calling(ContextState state, String id, String tool, String arguments) {
    return state.append(Message.assistant("", List.of(new ToolCall(id, tool, arguments))));
  }

  /**
   * {@return {@code state} after a model's call of {@code tool}: the call, its run by
   * {@link #BRANCHING} (or, for another tool, a made-up result naming its arguments), its result}
   */
  static ContextState called(ContextState state, String id, String tool, String arguments) {
    ContextState asked = calling(state, id, tool, arguments);
    if (!BRANCHING.handles(tool)) {
      return asked.append(Message.tool(id, "result of " + tool + " " + arguments + ":\n"
          + keyValueStream(400, id.hashCode())));
    }
    ToolResult result = BRANCHING.execute(asked, tool, arguments);
    return result.state().append(Message.tool(id, result.text()));
  }

  /** {@return {@link #state()} with a branch the model opened and two file reads in it} */
  static ContextState branched() {
    ContextState state = called(state(), "b1", BranchTools.BRANCH,
        "{\"description\": \"check the files\", \"prompt\": \"read a.txt and b.txt\"}");
    state = called(state, "r1", "read_file", "{\"path\": \"a.txt\"}");
    return called(state, "r2", "read_file", "{\"path\": \"b.txt\"}");
  }

  /** Asserts that every call of {@code view} is answered by one tool message before the next other message. */
  static void assertEveryCallAnswered(Conversation view) {
    Set<String> open = new HashSet<>();
    for (Message m : view) {
      if (m.role() == Role.TOOL) {
        assertThat(open.remove(m.toolCallId().orElseThrow())).as("answer to an open call").isTrue();
      } else {
        assertThat(open).as("every call answered before the next message").isEmpty();
        m.toolCalls().forEach(c -> assertThat(open.add(c.id())).isTrue());
      }
    }
    assertThat(open).isEmpty();
  }

  static Fragment fragment(ContextState state, int index) {
    return state.fragments().get(index);
  }
}
