package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.ContextState;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SearchContextToolTest implements SculptorToolContract {
  @Override
  public String toolName() {
    return SculptorTools.SEARCH_CONTEXT;
  }

  @Override
  public String validArguments() {
    return "{\"query\": \"key7:\", \"max_results\": 2, \"context_size\": 50}";
  }

  @Override
  public String requiredParameter() {
    return "query";
  }

  @Override
  public Optional<String> boundedIntegerParameter() {
    return Optional.of("context_size");
  }

  @Override
  public Optional<String> idParameter() {
    return Optional.empty();
  }

  @Test
  void execute_search_listsHitsWithIdsPositionsAndHidingFragment() {
    ContextState state = Fixtures.state();
    ToolResult result = call(state, "{\"query\": \"UPDATES BEGIN\", \"context_size\": 50}");
    String folded = Fixtures.fragment(state, 0).id().value();
    assertThat(result.text())
        .startsWith("Found 1 match for \"UPDATES BEGIN\" in user messages:\n\n[s")
        .contains("] message 1 (user), position 0 - inside " + folded + ", which is folded now (restore_fragment "
            + folded + " shows it in place):\n**UPDATES BEGIN**\nkey")
        .endsWith("get_search_detail with an ID shows more context around that match.");
  }

  @Test
  void execute_moreMatchesThanMax_saysHowManyExist() {
    ToolResult result = call(Fixtures.state(), "{\"query\": \"key\", \"max_results\": 1, \"context_size\": 50}");
    assertThat(result.text()).containsPattern("Found [0-9,]+ matches for \"key\" in user messages; showing the first 1");
  }

  @Test
  void execute_noMatch_suggestsNextStep() {
    ToolResult result = call(Fixtures.state(), "{\"query\": \"lookup service\"}");
    assertThat(result.isSuccess()).isTrue();
    assertThat(result.text()).isEqualTo("No matches for \"lookup service\" in user messages. Try role \"all\", or"
        + " a shorter query; the search is exact and case-sensitive.");
    assertThat(call(Fixtures.state(), "{\"query\": \"lookup service\", \"role\": \"all\"}").text())
        .startsWith("Found 1 match");
  }

  @Test
  void execute_roleNotAllowed_namesTheAllowedOnes() {
    ContextState state = Fixtures.state();
    assertRefused(state, call(state, "{\"query\": \"x\", \"role\": \"system\"}"), ToolErrorCode.NOT_ALLOWED,
        "must be one of \"user\", \"assistant\", \"all\", got \"system\"");
  }
}
