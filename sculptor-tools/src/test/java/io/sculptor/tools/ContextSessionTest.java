package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.ContextState;
import io.sculptor.core.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ContextSessionTest {
  @Test
  void concurrentCallsAndAppends_noneIsLost() throws Exception {
    ContextState start = Fixtures.state();
    ContextSession session = ContextSession.of(start, Fixtures.TOOLKIT);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int n = i;
      futures.add(pool.submit(() -> {
        if (n % 2 == 0) {
          session.append(Message.user("note " + n));
        } else {
          session.execute(SculptorTools.SEARCH_CONTEXT, "{\"query\": \"key7\", \"max_results\": 1}");
        }
      }));
    }
    for (Future<?> f : futures) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(session.state().original().size()).isEqualTo(start.original().size() + 100);
    int perSearch = Fixtures.TOOLKIT.execute(start, SculptorTools.SEARCH_CONTEXT,
        "{\"query\": \"key7\", \"max_results\": 1}").state().searchResultIds().size()
        - start.searchResultIds().size();
    assertThat(session.state().searchResultIds()).hasSize(start.searchResultIds().size() + 100 * perSearch);
  }

  @Test
  void sharedImmutableState_givesSameResultsOnEveryThread() throws Exception {
    ContextState state = Fixtures.state();
    String arguments = "{\"query\": \"key3\", \"max_results\": 5}";
    String expected = Fixtures.TOOLKIT.execute(state, SculptorTools.SEARCH_CONTEXT, arguments).text();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<String>> futures = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      futures.add(pool.submit(() -> Fixtures.TOOLKIT.execute(state, SculptorTools.SEARCH_CONTEXT, arguments).text()));
    }
    for (Future<String> f : futures) {
      assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(expected);
    }
    pool.shutdown();
  }

  @Test
  void execute_failure_keepsTheState() {
    ContextSession session = ContextSession.of(Fixtures.state(), Fixtures.TOOLKIT);
    ContextState before = session.state();
    ToolResult result = session.execute("fold_fragment", "{\"fragment_id\": \"f00000\"}");
    assertThat(result.isSuccess()).isFalse();
    assertThat(session.state()).isSameAs(before);
  }

  @Test
  void execute_unknownTool_namesTheSixTools() {
    ToolResult result = Fixtures.TOOLKIT.execute(Fixtures.state(), "fold", "{}");
    assertThat(result.error()).contains(ToolErrorCode.UNKNOWN_TOOL);
    assertThat(result.text()).contains("no tool called \"fold\"").contains("fold_fragment, restore_fragment");
  }
}
