package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sculptor.agent.AgentEvent;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.agent.TrainingSample;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ToolChoice;
import io.sculptor.model.ToolSpec;
import io.sculptor.store.ContextSnapshots;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The branch tools as a set: their specs, an agent that runs them, snapshots, trajectories. */
class BranchToolsTest {
  private static final ToolSpec READ_FILE = ToolSpec.of("read_file", "Reads a file.",
      "{\"type\": \"object\", \"properties\": {\"path\": {\"type\": \"string\"}}}");
  private static final String BRANCH = "{\"description\": \"find the failing test\","
      + " \"prompt\": \"read the test log and the parser\"}";
  private static final String RETURN = "{\"message\": \"test_parse fails: parse() rejects empty input (E42).\"}";

  private static ContextState task() {
    return ContextState.of(Conversation.of(Message.system("You fix bugs."),
        Message.user("The build fails. Find out why, then fix it.")));
  }

  private static String file(String path) {
    return path + ":\n" + Fixtures.keyValueStream(3_000, path.hashCode()) + "error E42 in " + path + "\n";
  }

  private static ContextAgent.Builder agent(ScriptedModel model) {
    return ContextAgent.builder(model).tool(READ_FILE, arguments -> file(arguments.replaceAll("\\W", "")))
        .branchTools(true);
  }

  @Test
  void specs_areASeparateSetAndLeaveAppendixHAlone() {
    assertThat(SculptorTools.specs()).extracting(ToolSpec::name).containsExactlyElementsOf(SculptorTools.NAMES);
    assertThat(BranchTools.specs()).extracting(ToolSpec::name).containsExactly("branch", "return");
    assertThat(SculptorToolkit.create().specs()).isEqualTo(SculptorTools.specs());
    assertThat(Fixtures.BRANCHING.specs()).extracting(ToolSpec::name).containsExactly("fragment_context",
        "summarize_fragment", "fold_fragment", "restore_fragment", "search_context", "get_search_detail", "branch",
        "return");
    assertThat(Fixtures.BRANCHING.strictSpecs()).allMatch(ToolSpec::strict).hasSize(8);
    JsonNode branch = SculptorToolsTest.schema(BranchTools.specs().get(0));
    assertThat(branch.get("required")).extracting(JsonNode::asText).containsExactly("description", "prompt");
    assertThat(branch.get("additionalProperties").asBoolean()).isFalse();
    JsonNode ret = SculptorToolsTest.schema(BranchTools.specs().get(1));
    assertThat(ret.get("required")).extracting(JsonNode::asText).containsExactly("message");
    assertThat(BranchTools.isBranchTool("return")).isTrue();
    assertThat(SculptorTools.isSculptorTool("return")).isFalse();
  }

  @Test
  void toolkit_withBranchTools_keepsTheSummarizerAndIsIdempotent() {
    SculptorToolkit toolkit = SculptorToolkit.create(ExtractiveSummarizer.withMaxCharacters(300));
    SculptorToolkit branching = toolkit.withBranchTools();
    assertThat(branching.summarizer()).isSameAs(toolkit.summarizer());
    assertThat(branching.withBranchTools()).isSameAs(branching);
    assertThat(toolkit.hasBranchTools()).isFalse();
    assertThat(branching.hasBranchTools()).isTrue();
    assertThat(toolkit.handles("branch")).isFalse();
    assertThat(branching.handles("branch")).isTrue();
    assertThat(toolkit.modifiesContext("return")).isFalse();
    assertThat(branching.modifiesContext("return")).isTrue();
    assertThat(branching.modifiesContext("branch")).isTrue();
    assertThat(branching.modifiesContext("search_context")).isFalse();
    assertThat(branching.modifiesContext("fold_fragment")).isTrue();
  }

  @Test
  void agent_branchReadReturn_foldsTheStepsAndAnswersOnTheSmallerView() {
    ScriptedModel model = new ScriptedModel()
        .thenCall("branch", BRANCH)
        .then(r -> Message.assistant("Reading both.", List.of(new ToolCall("f1", "read_file", "{\"path\": \"log\"}"),
            new ToolCall("f2", "read_file", "{\"path\": \"parser\"}"))))
        .thenCall("return", RETURN)
        .thenAnswer("parse() must accept empty input; the fix is in parser.rs.");

    AgentRun run = agent(model).firstStepToolChoice(ToolChoice.required()).build().run(task());

    assertThat(run.stopReason()).isEqualTo(AgentRun.StopReason.ANSWERED);
    assertThat(model.requests().get(0).tools()).extracting(ToolSpec::name).containsSequence("branch", "return",
        "read_file");
    List<Message> last = model.requests().get(3).messages();
    assertThat(last).hasSize(9);
    assertThat(last.get(3).content()).startsWith("[summary of fragment ").contains("(focus: branch \"find the failing test\")")
        .contains("test_parse fails: parse() rejects empty input (E42).");
    assertThat(last.get(5).content()).contains("continues here; its summary is in message 3");
    assertThat(last.get(8).content()).startsWith("Returned from branch \"find the failing test\": messages 3-6 ");
    assertThat(last.stream().mapToInt(m -> m.content().length()).sum()).isLessThan(2_000);
    assertThat(model.requests().get(2).messages().get(6).content()).contains("error E42 in pathparser");
    Fixtures.assertEveryCallAnswered(run.state().view());
    assertThat(BranchTools.openBranches(run.state())).isEmpty();
    assertThat(run.toolUsage().counts()).containsEntry("branch", 1).containsEntry("return", 1);
  }

  @Test
  void agent_returnEvents_countTheFragmentTheReturnSummarizesOrFolds() {
    // A branch of one file summarized by a short message; a branch of no steps, whose message is
    // longer than what it would replace, folded.
    String longer = "{\"message\": \"" + "Nothing was read; the sub-task turned out to be unnecessary. ".repeat(20) + "\"}";
    for (boolean summarized : new boolean[] {true, false}) {
      ScriptedModel model = new ScriptedModel().thenCall("branch", BRANCH);
      if (summarized) {
        model.thenCall("read_file", "{\"path\": \"log\"}");
      }
      model.thenCall("return", summarized ? RETURN : longer).thenAnswer("done");
      List<AgentEvent.ToolExecuted> executed = new ArrayList<>();
      agent(model).listener(e -> {
        if (e instanceof AgentEvent.ToolExecuted t) {
          executed.add(t);
        }
      }).build().run(task());

      AgentEvent.ToolExecuted returned = executed.get(executed.size() - 1);
      assertThat(returned.call().name()).isEqualTo("return");
      assertThat(returned.result()).contains(summarized ? "shown as your message" : "folded: your message");
      assertThat(List.of(returned.foldedFragments(), returned.summarizedFragments(), returned.restoredFragments()))
          .as("folded, summarized, restored").containsExactly(summarized ? 0 : 1, summarized ? 1 : 0, 0);
      assertThat(executed.subList(0, executed.size() - 1)).allSatisfy(t -> assertThat(t.foldedFragments()
          + t.summarizedFragments() + t.restoredFragments()).isZero());
    }
  }

  @Test
  void agent_trajectory_endsSamplesAtBranchAndReturn() {
    ScriptedModel model = new ScriptedModel().thenCall("branch", BRANCH).thenCall("read_file", "{\"path\": \"log\"}")
        .thenCall("return", RETURN).thenAnswer("done");

    List<TrainingSample> samples = agent(model).build().run(task()).trajectory().trainingSamples();

    assertThat(samples).hasSize(3);
    assertThat(samples.get(0).messages()).last().extracting(Message::content).asString().startsWith("Opened branch");
    assertThat(samples.get(1).messages()).last().extracting(Message::content).asString().startsWith("Returned from");
    assertThat(samples.get(1).trained()).containsSubsequence(true, false, true, false);
    assertThat(samples.get(2).messages().get(3).content()).startsWith("[summary of fragment ");
    assertThat(samples.get(2).trained()).filteredOn(t -> t).hasSize(1);
  }

  @Test
  void agent_branchOpenAtTheStepCap_staysOpenUntilALaterReturn() {
    ScriptedModel model = new ScriptedModel().thenCall("branch", BRANCH).thenCall("read_file", "{\"path\": \"log\"}")
        .thenAnswer("Still reading; the log shows E42.");
    AgentRun capped = agent(model).maxSteps(2).build().run(task());

    assertThat(capped.stopReason()).isEqualTo(AgentRun.StopReason.STEP_CAP);
    List<OpenBranch> open = BranchTools.openBranches(capped.state());
    assertThat(open).hasSize(1);
    assertThat(open.get(0).description()).isEqualTo("find the failing test");
    assertThat(open.get(0).callMessageIndex()).isEqualTo(2);
    assertThat(open.get(0).firstMessageIndex()).isEqualTo(3);
    assertThat(capped.state().fragments()).isEmpty();

    ScriptedModel next = new ScriptedModel().thenCall("return", RETURN).thenAnswer("Fixed.");
    AgentRun later = agent(next).build().run(capped.state().append(Message.user("Go on.")));
    assertThat(next.requests().get(1).messages().get(9).content())
        .startsWith("Returned from branch \"find the failing test\": messages 3-7 ");
    assertThat(BranchTools.openBranches(later.state())).isEmpty();
  }

  @Test
  void agent_withoutBranchTools_answersBranchCallsAsUnknown() {
    ScriptedModel model = new ScriptedModel().thenCall("branch", BRANCH).thenAnswer("ok");
    AgentRun run = ContextAgent.builder(model).build().run(task());
    assertThat(run.state().original().get(3).content()).startsWith("Error: there is no tool called \"branch\"");
    assertThat(model.requests().get(0).tools()).extracting(ToolSpec::name).doesNotContain("branch", "return");
    assertThat(BranchTools.openBranches(run.state())).isEmpty();
  }

  @Test
  void builder_applicationToolNamedLikeABranchTool_isRefusedOnlyWhenTheyAreOn() {
    ToolSpec named = ToolSpec.of("return", "An application tool.", "{\"type\": \"object\"}");
    ScriptedModel model = new ScriptedModel();
    assertThat(ContextAgent.builder(model).tool(named, a -> "ok").build().tools()).extracting(ToolSpec::name)
        .endsWith("return");
    assertThatThrownBy(() -> ContextAgent.builder(model).tool(named, a -> "ok").branchTools(true).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("[return]");
    assertThat(ContextAgent.builder(model).branchTools(true).strictSchemas(true).build().tools())
        .hasSize(8).allMatch(ToolSpec::strict);
  }

  @Test
  void snapshot_roundTrip_keepsOpenBranchesAndTheReturnResult() {
    ContextState state = Fixtures.calling(Fixtures.branched(), "x1", "return", RETURN);
    ContextState loaded = ContextSnapshots.fromJson(ContextSnapshots.toJson(state), state.tokenCounter());

    assertThat(BranchTools.openBranches(loaded)).isEqualTo(BranchTools.openBranches(state)).hasSize(1);
    ToolResult original = Fixtures.BRANCHING.execute(state, "return", RETURN);
    ToolResult reloaded = Fixtures.BRANCHING.execute(loaded, "return", RETURN);
    assertThat(reloaded.text()).isEqualTo(original.text());
    assertThat(reloaded.state()).isEqualTo(original.state());
  }

  @Test
  void openBranch_valueSemantics() {
    OpenBranch a = BranchTools.openBranches(Fixtures.branched()).get(0);
    OpenBranch same = BranchTools.openBranches(Fixtures.branched()).get(0);
    ContextState other = Fixtures.called(Fixtures.state(), "b9", "branch", "{\"description\": \"other\", \"prompt\": \"\"}");
    OpenBranch different = BranchTools.openBranches(other).get(0);
    assertThat(a).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(different).isNotEqualTo(null);
    assertThat(a.callId()).isEqualTo("b1");
    assertThat(a.toString()).isEqualTo("OpenBranch[\"check the files\", call b1 in message 5, from message 6]");
  }

  @Test
  void openBranches_callsInOneMessage_countInTheirOrder() {
    ContextState state = Fixtures.state().append(Message.assistant("", List.of(
        new ToolCall("b1", "branch", "{\"description\": \"one\", \"prompt\": \"\"}"),
        new ToolCall("x1", "return", "{\"message\": \"one done\"}"),
        new ToolCall("b2", "branch", "{\"description\": \"two\", \"prompt\": \"\"}"))));
    for (String id : List.of("b1", "x1", "b2")) {
      ToolCall call = state.original().get(5).toolCalls().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
      ToolResult result = Fixtures.BRANCHING.execute(state, call.name(), call.arguments());
      assertThat(result.isSuccess()).as(result.text()).isTrue();
      state = result.state().append(Message.tool(id, result.text()));
    }
    assertThat(BranchTools.openBranches(state)).extracting(OpenBranch::description).containsExactly("two");
  }
}
