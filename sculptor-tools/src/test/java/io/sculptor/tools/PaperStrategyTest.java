package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Fragment;
import io.sculptor.core.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The paper's PI-LLM strategy (Appendix D): fragment the update stream into ten fragments, fold all
 * but the last two or three, then search; every call goes through the toolkit with raw JSON.
 */
class PaperStrategyTest {
  @Test
  void piLlmStrategy_foldsEarlyUpdatesAndSearchFindsThemInsideFoldedFragments() {
    String stream = Fixtures.keyValueStream(210_000, 21);
    String firstLine = stream.substring(0, stream.indexOf('\n'));
    String lastLine = stream.substring(stream.lastIndexOf('\n', stream.length() - 2) + 1, stream.length() - 1);
    Conversation conversation = Conversation.of(
        Message.system("You track key-value updates."),
        Message.user("Updates:\n" + stream + "\nWhat is the current value of key3?"));
    ContextSession session = ContextSession.of(ContextState.of(conversation), Fixtures.TOOLKIT);
    assertThat(session.state().originalTokens()).isBetween(60_000L, 70_000L);

    ToolResult fragmented = session.execute(SculptorTools.FRAGMENT_CONTEXT,
        "{\"start_marker\": \"" + firstLine + "\", \"end_marker\": \"" + lastLine + "\", \"num_fragments\": 10}");
    assertThat(fragmented.text()).startsWith("Created 10 fragments in user messages");
    List<Fragment> fragments = session.state().fragments();
    assertThat(fragments).hasSize(10);

    for (Fragment f : fragments.subList(0, 8)) {
      ToolResult folded = session.execute(SculptorTools.FOLD_FRAGMENT, "{\"fragment_id\": \"" + f.id() + "\"}");
      assertThat(folded.isSuccess()).as(folded.text()).isTrue();
    }
    assertThat(session.state().viewTokens()).isLessThan(session.state().originalTokens() / 4);

    ToolResult search = session.execute(SculptorTools.SEARCH_CONTEXT,
        "{\"query\": \"" + firstLine + "\", \"max_results\": 3}");
    String firstFragment = fragments.get(0).id().value();
    assertThat(search.text()).contains("inside " + firstFragment + ", which is folded now");

    ToolResult restored = session.execute(SculptorTools.RESTORE_FRAGMENT,
        "{\"fragment_id\": \"" + firstFragment + "\"}");
    assertThat(restored.text()).startsWith("Restored " + firstFragment);
    assertThat(session.state().view().get(1).content()).contains(firstLine);
    assertThat(session.state().hiddenBy(1, "Updates:\n".length())).isEmpty();
  }
}
