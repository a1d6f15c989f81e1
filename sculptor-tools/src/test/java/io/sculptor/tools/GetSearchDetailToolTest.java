package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.ContextState;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GetSearchDetailToolTest implements SculptorToolContract {
  @Override
  public String toolName() {
    return SculptorTools.GET_SEARCH_DETAIL;
  }

  @Override
  public String validArguments() {
    return "{\"search_id\": \"" + Fixtures.state().searchResultIds().get(0) + "\", \"extended_context\": 100}";
  }

  @Override
  public String requiredParameter() {
    return "search_id";
  }

  @Override
  public Optional<String> boundedIntegerParameter() {
    return Optional.of("extended_context");
  }

  @Override
  public Optional<String> idParameter() {
    return Optional.of("search_id");
  }

  @Test
  void execute_detail_showsWiderContextThanTheSearch() {
    ContextState state = Fixtures.state();
    ToolResult result = call(state, "{\"search_id\": \"" + state.searchResultIds().get(0) + "\", \"extended_context\": 300}");
    assertThat(result.text()).startsWith("[" + state.searchResultIds().get(0) + "] message 1 (user), position ")
        .contains("**key7**");
    assertThat(result.text().length()).isGreaterThan(400);
    assertThat(result.state()).isSameAs(state);
  }
}
