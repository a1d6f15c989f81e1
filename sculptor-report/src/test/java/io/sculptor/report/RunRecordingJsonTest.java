package io.sculptor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.store.ContextSnapshots;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RunRecordingJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RunRecording RECORDING = ScriptedRuns.foldSearchRestore().recording();
  private static final String WRITTEN = RECORDING.toJson();

  @Test
  void fromJson_ofToJson_givesTheSameRecording() {
    RunRecording read = RunRecording.fromJson(WRITTEN);
    assertThat(read).isEqualTo(RECORDING).hasSameHashCodeAs(RECORDING);
    assertThat(read.toJson()).isEqualTo(WRITTEN);
    assertThat(read.steps()).flatExtracting(RecordedStep::toolCalls)
        .as("what each call folded and restored is kept").anySatisfy(t -> assertThat(t.foldedFragments()).isPositive())
        .anySatisfy(t -> assertThat(t.restoredFragments()).isPositive());
  }

  @Test
  void toJson_writesTheOriginalOnce_andEachViewFromWhereItDiffersFromThePreviousOne() throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(WRITTEN);
    assertThat(root.get("format").asText()).isEqualTo("sculptor-run");
    assertThat(root.get("version").asInt()).isEqualTo(1);
    assertThat(root.get("original").size()).isEqualTo(RECORDING.original().size());
    ArrayNode steps = (ArrayNode) root.get("steps");
    // The second call's view is the first one plus two messages: only those two are written.
    assertThat(steps.get(1).at("/view/shared").asInt()).isEqualTo(RECORDING.steps().get(0).view().size());
    assertThat(steps.get(1).at("/view/messages").size()).isEqualTo(2);
    // The long user message appears in the original, in the first view and in the views the folds changed.
    String stream = "key0: ";
    assertThat(WRITTEN.split(stream, -1).length - 1).isLessThan(4 * RECORDING.steps().size());
  }

  static Stream<Arguments> badDocuments() {
    return Stream.of(
        Arguments.of("truncated", (Consumer<ObjectNode>) null, WRITTEN.substring(0, WRITTEN.length() / 2),
            "run recording is not valid JSON"),
        Arguments.of("empty", null, "", "run recording must be a JSON object"),
        Arguments.of("an array", null, "[1, 2]", "run recording must be a JSON object, got [[1,2]]"),
        Arguments.of("a state snapshot", null, ContextSnapshots.toJson(ContextState.of(Conversation.of(Message.user("hi")))),
            "not a run recording: field [format] is [\"sculptor-context-state\"], expected [sculptor-run]"),
        Arguments.of("a newer version", edit(root -> root.put("version", 2)), null,
            "run recording version [2] is not supported; this library reads version [1]"),
        Arguments.of("no steps", edit(root -> root.remove("steps")), null,
            "run recording [steps]: field [steps] must be an array, got [missing]"),
        Arguments.of("a mistyped token count", edit(root -> ((ObjectNode) root.at("/steps/2/tokens")).put("view", "many")),
            null, "run recording [steps[2]]: field [view] must be an integer, got [\"many\"]"),
        Arguments.of("a message without role", edit(root -> ((ObjectNode) root.at("/original/1")).remove("role")), null,
            "run recording [original[1]]: original[1] field [role] must be a string, got [missing]"),
        Arguments.of("a view sharing more than there was", edit(root -> ((ObjectNode) root.at("/steps/1/view"))
            .put("shared", 99)), null, "run recording [steps[1]]: field [view.shared] must be from 0 to the previous"
            + " view's [2] messages, got [99]"),
        Arguments.of("a fragment outside its message", edit(root -> ((ArrayNode) root.at("/steps/2/state/fragments/0/spans/0"))
            .set(2, JSON.getNodeFactory().numberNode(10_000_000))), null, "run recording [steps[2]]:"),
        Arguments.of("a view with a role changed", edit(root -> ((ObjectNode) root.at("/steps/0/view/messages/1"))
            .put("role", "assistant")), null, "run recording [steps[0]]: message [1] of the view of step [1] is not"
            + " the original's message [1]"),
        Arguments.of("steps out of order", edit(root -> ((ObjectNode) root.at("/steps/1")).put("step", 7)), null,
            "run recording step [2] is numbered [7]"),
        Arguments.of("an unknown stop reason", edit(root -> root.put("stopReason", "BORED")), null,
            "run recording [stopReason]: field [stopReason] has unknown value [BORED]"),
        Arguments.of("a tool result for another call", edit(root -> ((ObjectNode) root.at("/steps/1/toolCalls/0"))
            .put("id", "call_x")), null, "run recording [steps[1]]: field [toolCalls[0].id] is [call_x]"),
        Arguments.of("a fold count of zero", edit(root -> ((ObjectNode) root.at("/steps/1/toolCalls/0"))
            .put("foldedFragments", 0)), null, "run recording [steps[1]]: field [toolCalls[0].foldedFragments] must be"
            + " >= 1 when present, got [0]"),
        Arguments.of("a duplicate key", null, WRITTEN.replaceFirst("\\{\"format\"", "{\"answer\":\"x\",\"format\""),
            "run recording is not valid JSON (Duplicate field 'answer'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badDocuments")
  void fromJson_refusesBadDocuments_withOneLineNamingTheField(String name, Consumer<ObjectNode> edit, String text,
      String message) throws Exception {
    String json = text;
    if (edit != null) {
      ObjectNode root = (ObjectNode) JSON.readTree(WRITTEN);
      edit.accept(root);
      json = JSON.writeValueAsString(root);
    }
    String document = json;
    assertThatThrownBy(() -> RunRecording.fromJson(document))
        .isInstanceOf(RecordingException.class)
        .hasMessageStartingWith(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  private static Consumer<ObjectNode> edit(Consumer<ObjectNode> edit) {
    return edit;
  }
}
