package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every string a model sends is bounded, and no result echoes more than a few words of it. */
class ToolLimitsTest {
  private static final String TEN_MEGABYTES = "x".repeat(10 * 1024 * 1024);

  @ParameterizedTest
  @ValueSource(strings = {"start_marker", "end_marker"})
  void fragmentContext_markerOverLimit_outOfRangeNamingTheLimit(String parameter) {
    String other = parameter.equals("start_marker") ? "end_marker" : "start_marker";
    ContextState state = Fixtures.state();

    ToolResult result = Fixtures.TOOLKIT.execute(state, SculptorTools.FRAGMENT_CONTEXT,
        "{\"" + parameter + "\": \"" + "m".repeat(1_001) + "\", \"" + other + "\": \"END\"}");

    assertThat(result.error()).contains(ToolErrorCode.OUT_OF_RANGE);
    assertThat(result.text()).isEqualTo("Error: Parameter \"" + parameter
        + "\" may have at most 1,000 characters, got 1,001. Send a shorter " + parameter.replace('_', ' ') + ".");
    assertThat(result.state()).isSameAs(state);
  }

  @Test
  void summarizeFragment_tenMegabyteFocus_refusedAndViewUnchanged() {
    ContextState state = Fixtures.state();
    String id = Fixtures.fragment(state, 0).id().value();

    ToolResult result = Fixtures.TOOLKIT.execute(state, SculptorTools.SUMMARIZE_FRAGMENT,
        "{\"fragment_id\": \"" + id + "\", \"focus\": \"" + TEN_MEGABYTES + "\"}");

    assertThat(result.error()).contains(ToolErrorCode.OUT_OF_RANGE);
    assertThat(result.text()).contains("at most 500 characters").hasSizeLessThan(200);
    assertThat(result.state()).isSameAs(state);
  }

  @Test
  void summarizeFragment_focusMakesTheSummaryLongerThanTheFragment_refused() {
    ContextState state = ContextState.of(Conversation.of(Message.user("BEGIN short text here END")));
    ToolResult made = Fixtures.TOOLKIT.execute(state, SculptorTools.FRAGMENT_CONTEXT,
        "{\"start_marker\": \"BEGIN\", \"end_marker\": \"END\", \"num_fragments\": 1}");
    String id = made.state().fragments().get(0).id().value();

    ToolResult result = Fixtures.TOOLKIT.execute(made.state(), SculptorTools.SUMMARIZE_FRAGMENT,
        "{\"fragment_id\": \"" + id + "\", \"focus\": \"" + "a very long focus ".repeat(5) + "\"}");

    assertThat(result.error()).contains(ToolErrorCode.SUMMARY_NOT_SHORTER);
    assertThat(result.state()).isSameAs(made.state());
  }

  @Test
  void execute_tenMegabyteToolName_echoesOnlyItsStart() {
    ToolResult result = Fixtures.TOOLKIT.execute(Fixtures.state(), TEN_MEGABYTES, "{}");

    assertThat(result.error()).contains(ToolErrorCode.UNKNOWN_TOOL);
    assertThat(result.text()).hasSizeLessThan(300);
    assertThat(result.toolName()).hasSizeLessThanOrEqualTo(64);
  }

  @Test
  void searchContext_tenMegabyteQuery_refusedWithoutEcho() {
    ToolResult result = Fixtures.TOOLKIT.execute(Fixtures.state(), SculptorTools.SEARCH_CONTEXT,
        "{\"query\": \"" + TEN_MEGABYTES + "\"}");

    assertThat(result.error()).contains(ToolErrorCode.OUT_OF_RANGE);
    assertThat(result.text()).hasSizeLessThan(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e2147483647", "100e2147483647", "1e2147483648", "1e-2147483648", "1e1000000000",
      "-1e1000000000", "99999999999999999999999"})
  void fragmentContext_hugeExponents_outOfRange(String literal) {
    ContextState state = Fixtures.state();

    ToolResult result = Fixtures.TOOLKIT.execute(state, SculptorTools.FRAGMENT_CONTEXT,
        "{\"start_marker\":\"BEGIN\",\"end_marker\":\"END\",\"num_fragments\":" + literal + "}");

    assertThat(result.error()).contains(ToolErrorCode.OUT_OF_RANGE);
    assertThat(result.text()).startsWith("Error: Parameter \"num_fragments\" must be from 1 to 20, got ");
    assertThat(result.state()).isSameAs(state);
  }

  @ParameterizedTest
  @ValueSource(strings = {"max_results", "context_size"})
  void searchContext_hugeExponents_outOfRange(String parameter) {
    ToolResult result = Fixtures.TOOLKIT.execute(Fixtures.state(), SculptorTools.SEARCH_CONTEXT,
        "{\"query\":\"key7\",\"" + parameter + "\":1e2147483647}");

    assertThat(result.error()).contains(ToolErrorCode.OUT_OF_RANGE);
  }

  @Test
  void getSearchDetail_hugeExponent_outOfRange() {
    ContextState state = Fixtures.state();
    String id = state.searchResultIds().get(0).value();

    ToolResult result = Fixtures.TOOLKIT.execute(state, SculptorTools.GET_SEARCH_DETAIL,
        "{\"search_id\":\"" + id + "\",\"extended_context\":1e2147483648}");

    assertThat(result.error()).contains(ToolErrorCode.OUT_OF_RANGE);
  }

  @Test
  void searchContext_keyUpdated256Times_latestValueIsListed() {
    List<Message> messages = new ArrayList<>();
    StringBuilder stream = new StringBuilder();
    for (int i = 0; i < 256; i++) {
      stream.append("key7: value").append(i).append("; key8: other").append(i).append("; ");
    }
    messages.add(Message.user(stream.toString()));
    ContextState state = ContextState.of(Conversation.of(messages));

    ToolResult result = Fixtures.TOOLKIT.execute(state, SculptorTools.SEARCH_CONTEXT,
        "{\"query\": \"key7: \", \"max_results\": 2, \"context_size\": 50}");

    assertThat(result.text())
        .startsWith("Found 256 matches for \"key7: \" in user messages; showing the first 2 and the last 3,"
            + " which are the newest (251 in between are not shown")
        .contains("**key7: **value255;");
    assertThat(result.error()).isEqualTo(Optional.empty());
  }
}
