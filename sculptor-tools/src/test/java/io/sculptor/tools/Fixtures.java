package io.sculptor.tools;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Fragment;
import io.sculptor.core.Message;
import io.sculptor.core.RoleFilter;
import io.sculptor.core.SearchQuery;
import io.sculptor.core.TokenCounter;
import io.sculptor.core.ToolCall;
import java.util.List;
import java.util.Random;

/** Shared test data: conversations and a state with fragments and search hits. */
final class Fixtures {
  private Fixtures() {}

  static final SculptorToolkit TOOLKIT = SculptorToolkit.create();

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

  static Fragment fragment(ContextState state, int index) {
    return state.fragments().get(index);
  }
}
