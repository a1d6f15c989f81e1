package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.ContextState;
import io.sculptor.core.Fragment;
import io.sculptor.core.FragmentStatus;
import io.sculptor.core.Message;
import io.sculptor.core.RoleFilter;
import org.junit.jupiter.api.Test;

class ReturnToolTest implements BranchToolContract {
  private static final String OUTCOME = "a.txt and b.txt hold 46 keys; key7 is value 3 in both.";
  private static final String ARGUMENTS = "{\"message\": \"" + OUTCOME + "\"}";

  @Override
  public String toolName() {
    return BranchTools.RETURN;
  }

  @Override
  public String validArguments() {
    return ARGUMENTS;
  }

  /** Messages 5-10 are a branch (its answer in 6, two file reads); 11 calls return, not answered yet. */
  @Override
  public ContextState state() {
    return Fixtures.calling(Fixtures.branched(), "x1", BranchTools.RETURN, ARGUMENTS);
  }

  @Override
  public String requiredParameter() {
    return "message";
  }

  @Test
  void execute_return_foldsTheBranchIntoOneFragmentShownAsTheMessage() {
    ContextState state = state();
    ToolResult result = call(state, ARGUMENTS);

    assertThat(result.isSuccess()).as(result.text()).isTrue();
    ContextState after = result.state();
    Fragment branch = after.fragments().get(after.fragments().size() - 1);
    assertThat(after.fragments()).hasSize(state.fragments().size() + 1);
    assertThat(branch.spans()).extracting(s -> s.messageIndex()).containsExactly(6, 8, 10);
    assertThat(branch.status()).isInstanceOf(FragmentStatus.Summarized.class);
    assertThat(after.view().size()).isEqualTo(state.original().size());
    assertThat(after.viewMessage(6).content()).isEqualTo("[summary of fragment " + branch.id()
        + " (focus: branch \"check the files\"); restore_fragment " + branch.id() + " shows the original "
        + String.format(java.util.Locale.ROOT, "%,d", branch.characters()) + " characters]\n" + OUTCOME
        + "\n[end of summary " + branch.id() + "]");
    assertThat(after.viewMessage(8).content()).isEqualTo("[fragment " + branch.id()
        + " continues here; its summary is in message 6]\n");
    assertThat(after.viewMessage(5)).isEqualTo(state.original().get(5));
    assertThat(after.viewMessage(11)).isEqualTo(state.original().get(11));
    assertThat(result.text()).isEqualTo(String.format(java.util.Locale.ROOT,
        "Returned from branch \"check the files\": messages 6-10 (%,d chars) are now fragment %s, shown as your"
            + " message. The view went from %,d to %,d tokens. restore_fragment %s brings the steps back;"
            + " search_context still finds text in them.",
        branch.characters(), branch.id(), state.viewTokens(), after.viewTokens(), branch.id()));
    assertThat(after.viewTokens()).isLessThan(state.viewTokens());
    assertThat(BranchTools.openBranches(after.append(Message.tool("x1", result.text())))).isEmpty();
  }

  @Test
  void execute_thenRestore_bringsTheStepsBackAndSearchNamesTheFragment() {
    ContextState after = call(state(), ARGUMENTS).state();
    Fragment branch = after.fragments().get(after.fragments().size() - 1);
    ContextState answered = after.append(Message.tool("x1", "returned"));

    ToolResult search = Fixtures.BRANCHING.execute(Fixtures.calling(answered, "s1", "search_context", "{}"),
        "search_context", "{\"query\": \"b.txt\", \"role\": \"all\"}");
    assertThat(search.text()).contains("message 10 (tool), position 30 - inside " + branch.id()
        + ", which is summarized now (restore_fragment " + branch.id() + " shows it in place)");
    assertThat(search.text()).doesNotContain("message 6 ").doesNotContain("message 11 ");

    ContextState restored = Fixtures.BRANCHING.execute(answered, "restore_fragment",
        "{\"fragment_id\": \"" + branch.id() + "\"}").state();
    assertThat(restored.view().messages().subList(5, 12)).isEqualTo(answered.original().messages().subList(5, 12));
  }

  @Test
  void execute_nestedBranches_returnInnermostFirst() {
    ContextState state = Fixtures.called(Fixtures.branched(), "b2", BranchTools.BRANCH,
        "{\"description\": \"recheck b\", \"prompt\": \"read b.txt once more\"}");
    state = Fixtures.called(state, "r3", "read_file", "{\"path\": \"b.txt\"}");
    assertThat(BranchTools.openBranches(state)).extracting(OpenBranch::description)
        .containsExactly("check the files", "recheck b");

    ToolResult inner = call(Fixtures.calling(state, "x2", BranchTools.RETURN, "{\"message\": \"b.txt unchanged\"}"),
        "{\"message\": \"b.txt unchanged\"}");
    assertThat(inner.text()).startsWith("Returned from branch \"recheck b\": messages 12-14 ");
    state = inner.state().append(Message.tool("x2", inner.text()));
    assertThat(BranchTools.openBranches(state)).extracting(OpenBranch::description).containsExactly("check the files");

    ToolResult outer = call(Fixtures.calling(state, "x3", BranchTools.RETURN, ARGUMENTS), ARGUMENTS);
    assertThat(outer.text()).startsWith("Returned from branch \"check the files\": messages 6-16 ");
    Fragment innerFragment = outer.state().fragments().get(outer.state().fragments().size() - 2);
    Fragment outerFragment = outer.state().fragments().get(outer.state().fragments().size() - 1);
    assertThat(outerFragment.encloses(innerFragment)).isTrue();
    assertThat(outer.state().viewMessage(12).content()).contains("continues here");
  }

  @Test
  void execute_noOpenBranch_isRefusedWithTheNextStep() {
    ContextState state = Fixtures.calling(Fixtures.state(), "x1", BranchTools.RETURN, ARGUMENTS);
    ToolResult result = call(state, ARGUMENTS);
    assertRefused(state, result, ToolErrorCode.NO_OPEN_BRANCH, "Call branch before the steps of a sub-task");
  }

  @Test
  void execute_afterTheBranchReturned_isRefused() {
    ToolResult first = call(state(), ARGUMENTS);
    ContextState again = Fixtures.calling(first.state().append(Message.tool("x1", first.text())), "x2",
        BranchTools.RETURN, ARGUMENTS);
    assertRefused(again, call(again, ARGUMENTS), ToolErrorCode.NO_OPEN_BRANCH, "no open branch");
  }

  @Test
  void execute_branchWhoseCallFailed_isNotOpen() {
    ContextState state = Fixtures.called(Fixtures.state(), "b1", BranchTools.BRANCH, "{\"description\": \"\"}");
    assertThat(state.original().get(state.original().size() - 1).content()).startsWith("Error:");
    assertThat(BranchTools.openBranches(state)).isEmpty();
    ContextState returning = Fixtures.calling(state, "x1", BranchTools.RETURN, ARGUMENTS);
    assertRefused(returning, call(returning, ARGUMENTS), ToolErrorCode.NO_OPEN_BRANCH, "no open branch");
  }

  @Test
  void execute_withoutTheCallInTheConversation_isRefused() {
    ContextState state = Fixtures.branched();
    assertRefused(state, call(state, ARGUMENTS), ToolErrorCode.CALL_NOT_IN_CONVERSATION, "unanswered return call");
  }

  @Test
  void execute_blankMessage_isRefused() {
    ContextState state = state();
    assertRefused(state, callWith(state, "message", " \n"), ToolErrorCode.OUT_OF_RANGE, "outcome of the sub-task");
  }

  @Test
  void execute_messageOverTheLimit_isRefusedWithoutEchoingIt() {
    ContextState state = state();
    ToolResult result = callWith(state, "message", "m".repeat(10_001));
    assertRefused(state, result, ToolErrorCode.OUT_OF_RANGE, "at most 10,000 characters, got 10,001");
    assertThat(result.text()).hasSizeLessThan(200);
  }

  @Test
  void execute_messageNotShorterThanTheBranch_foldsIt() {
    String longer = "x".repeat(3_000);
    ContextState state = Fixtures.calling(Fixtures.branched(), "x1", BranchTools.RETURN,
        "{\"message\": \"" + longer + "\"}");
    ToolResult result = call(state, "{\"message\": \"" + longer + "\"}");
    Fragment branch = result.state().fragments().get(result.state().fragments().size() - 1);
    assertThat(branch.status()).isInstanceOf(FragmentStatus.Folded.class);
    assertThat(result.text()).contains("folded: your message (3,000 chars) is not shorter than the");
    assertThat(result.state().viewMessage(6).content()).startsWith("[fragment " + branch.id() + " folded, part 1 of 3:");
  }

  @Test
  void execute_fragmentCrossingTheBranchStart_foldsWhatFollowsIt() {
    ContextState branched = Fixtures.branched();
    // A fragment made inside the branch from message 4 (before it) to message 8 (inside it).
    ContextState crossed = branched.fragmentMessages(4, 9, RoleFilter.ALL, 1).state();
    Fragment crossing = crossed.fragments().get(crossed.fragments().size() - 1);
    ContextState state = Fixtures.calling(crossed, "x1", BranchTools.RETURN, ARGUMENTS);

    ToolResult result = call(state, ARGUMENTS);

    assertThat(result.isSuccess()).as(result.text()).isTrue();
    Fragment branch = result.state().fragments().get(result.state().fragments().size() - 1);
    assertThat(branch.spans()).extracting(s -> s.messageIndex()).containsExactly(10);
    assertThat(result.text()).contains("Messages 6 to 8 stay as they are: fragment " + crossing.id()
        + " (messages 4 to 8) reaches across the start of the branch");
    assertThat(BranchTools.openBranches(result.state().append(Message.tool("x1", result.text())))).isEmpty();
  }

  @Test
  void execute_branchOfPinnedMessagesOnly_closesItWithoutFolding() {
    ContextState branched = Fixtures.branched();
    for (int m = 6; m <= 10; m++) {
      branched = branched.pin(m).state();
    }
    ContextState state = Fixtures.calling(branched, "x1", BranchTools.RETURN, ARGUMENTS);
    ToolResult result = call(state, ARGUMENTS);
    assertThat(result.isSuccess()).isTrue();
    assertThat(result.state()).isSameAs(state);
    assertThat(result.text()).startsWith("Returned from branch \"check the files\"; nothing was folded");
    assertThat(BranchTools.openBranches(state.append(Message.tool("x1", result.text())))).isEmpty();
  }
}
