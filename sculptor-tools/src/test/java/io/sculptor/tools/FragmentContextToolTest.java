package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FragmentContextToolTest implements SculptorToolContract {
  @Override
  public String toolName() {
    return SculptorTools.FRAGMENT_CONTEXT;
  }

  @Override
  public String validArguments() {
    return "{\"start_marker\": \"The lookup\", \"end_marker\": \"noon.\", \"role\": \"all\", \"num_fragments\": 1}";
  }

  @Override
  public String requiredParameter() {
    return "start_marker";
  }

  @Override
  public Optional<String> boundedIntegerParameter() {
    return Optional.of("num_fragments");
  }

  @Override
  public Optional<String> idParameter() {
    return Optional.empty();
  }

  @Test
  void execute_markerFoundNowhere_suggestsRoleAllOrShorterMarker() {
    ContextState state = Fixtures.state();
    ToolResult result = call(state, "{\"start_marker\": \"The lookup\", \"end_marker\": \"noon.\"}");
    assertRefused(state, result, ToolErrorCode.MARKER_NOT_FOUND, "found 0 times in user messages");
    assertThat(result.text()).contains("role \"all\"").contains("shorter marker");
  }

  @Test
  void execute_markerSeveralTimes_saysWhichOccurrenceWasUsed() {
    ContextState state = ContextState.of(Conversation.of(
        Message.user("step one\nstep two\nstep three\nfinal words here")));
    ToolResult result = call(state, "{\"start_marker\": \"step\", \"end_marker\": \"here\", \"num_fragments\": 2}");
    assertThat(result.text())
        .startsWith("Created 2 fragments in user messages, from message 0 to message 0:")
        .contains("The start marker occurs 3 times; the first (message 0) was used.");
  }

  @Test
  void execute_listsEachFragmentWithSizeAndWords() {
    ContextState state = ContextState.of(Conversation.of(Message.user(
        "alpha beta gamma delta.\nepsilon zeta eta theta.\niota kappa lambda mu.\nnu xi omicron pi.")));
    ToolResult result = call(state, "{\"start_marker\": \"alpha\", \"end_marker\": \"pi.\", \"num_fragments\": 2}");
    String first = result.state().fragments().get(0).id().value();
    String second = result.state().fragments().get(1).id().value();
    assertThat(result.text()).isEqualTo(
        "Created 2 fragments in user messages, from message 0 to message 0:\n"
            + "- " + first + ": 48 chars, message 0, \"alpha beta gamma delta.\" ... \"epsilon zeta eta theta.\"\n"
            + "- " + second + ": 39 chars, message 0, \"iota kappa lambda mu.\" ... \"nu xi omicron pi.\"\n"
            + "Next: fold_fragment or summarize_fragment with these IDs; restore_fragment brings any of them back.");
  }

  @Test
  void execute_tooFewCutPlaces_saysHowManyWereMade() {
    ContextState state = ContextState.of(Conversation.of(Message.user("one two three")));
    ToolResult result = call(state, "{\"start_marker\": \"one\", \"end_marker\": \"three\", \"num_fragments\": 20}");
    assertThat(result.text()).contains("Asked for 20, made 3");
  }

  @Test
  void execute_emptyMarker_isRefused() {
    ContextState state = Fixtures.state();
    assertRefused(state, call(state, "{\"start_marker\": \"\", \"end_marker\": \"x\"}"),
        ToolErrorCode.OUT_OF_RANGE, "must not be empty");
  }
}
