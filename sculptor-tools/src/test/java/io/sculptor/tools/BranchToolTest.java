package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.ContextState;
import org.junit.jupiter.api.Test;

class BranchToolTest implements BranchToolContract {
  private static final String ARGUMENTS =
      "{\"description\": \"check the files\", \"prompt\": \"read a.txt and b.txt\"}";

  @Override
  public String toolName() {
    return BranchTools.BRANCH;
  }

  @Override
  public String validArguments() {
    return ARGUMENTS;
  }

  /** The fixture with the model's branch call appended, not answered yet: the call being run. */
  @Override
  public ContextState state() {
    return Fixtures.calling(Fixtures.state(), "b1", BranchTools.BRANCH, ARGUMENTS);
  }

  @Override
  public String requiredParameter() {
    return "description";
  }

  @Test
  void execute_branch_changesNothingButAnswersWithTheDepthAndTheNextStep() {
    ContextState state = state();
    ToolResult result = call(state, ARGUMENTS);
    assertThat(result.isSuccess()).isTrue();
    assertThat(result.state()).isSameAs(state);
    assertThat(result.text()).isEqualTo("Opened branch \"check the files\" (depth 1). Work on the sub-task now;"
        + " when it is done, call return with its outcome. Every message from this result to that call then"
        + " becomes one fragment shown as your return message, and restore_fragment brings the steps back.");
  }

  @Test
  void execute_insideAnOpenBranch_namesTheEnclosingOne() {
    ContextState state = Fixtures.calling(Fixtures.branched(), "b2", BranchTools.BRANCH,
        "{\"description\": \"read b again\", \"prompt\": \"\"}");
    ToolResult result = call(state, "{\"description\": \"read b again\", \"prompt\": \"\"}");
    assertThat(result.text()).startsWith("Opened branch \"read b again\" (depth 2, inside \"check the files\").");
  }

  @Test
  void execute_blankDescription_isRefused() {
    ContextState state = state();
    assertRefused(state, callWith(state, "description", "  "), ToolErrorCode.OUT_OF_RANGE, "\"description\"");
  }

  @Test
  void execute_descriptionLongerThanAFocus_isRefusedWithTheLimit() {
    ContextState state = state();
    assertRefused(state, callWith(state, "description", "d".repeat(501)), ToolErrorCode.OUT_OF_RANGE, "500");
  }

  @Test
  void execute_promptOverTheLimit_isRefused() {
    ContextState state = state();
    assertRefused(state, callWith(state, "prompt", "p".repeat(10_001)), ToolErrorCode.OUT_OF_RANGE, "10,000");
  }

  @Test
  void execute_withoutTheCallInTheConversation_isRefused() {
    ContextState state = Fixtures.state();
    ToolResult result = call(state, ARGUMENTS);
    assertRefused(state, result, ToolErrorCode.CALL_NOT_IN_CONVERSATION, "latest assistant message");
    assertThat(BranchTools.openBranches(state)).isEmpty();
  }

  @Test
  void execute_callAlreadyAnswered_isRefused() {
    ContextState state = Fixtures.branched();
    assertRefused(state, call(state, ARGUMENTS), ToolErrorCode.CALL_NOT_IN_CONVERSATION, "unanswered branch call");
  }

  @Test
  void execute_byAToolkitWithoutBranchTools_isAnUnknownTool() {
    ContextState state = state();
    ToolResult result = Fixtures.TOOLKIT.execute(state, BranchTools.BRANCH, ARGUMENTS);
    assertThat(result.error()).contains(ToolErrorCode.UNKNOWN_TOOL);
    assertThat(result.text()).doesNotContain("return");
    assertThat(Fixtures.BRANCHING.execute(state, "nope", "{}").text()).endsWith(
        "fragment_context, summarize_fragment, fold_fragment, restore_fragment, search_context,"
            + " get_search_detail, branch, return.");
  }
}
