package io.sculptor.examples.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.agent.AgentEvent;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.examples.eval.fix.TestRunner;
import io.sculptor.examples.eval.fix.Workspace;
import io.sculptor.model.ToolSpec;
import io.sculptor.openai.TiktokenCounter;
import io.sculptor.tools.BranchTools;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The repair agent knows nothing of the generator: it fixes a repository written by hand, in a
 * shape the generator never makes, and fails where its strategy (one slip per bug) does not fit.
 */
class ScriptedRepairAgentTest {
  private static final String CART = """
      def line_total(price, quantity):
          return price * quantity


      def shipping(weight):
          # Free from 20 kg on.
          return 0 if weight > 20 else 5 + weight * 2
      """;
  private static final String TAX = """
      def tax(amount):
          return amount * 3 // 100
      """;

  private static Map<String, String> handWritten() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("src/shop/cart.py", CART);
    files.put("src/shop/tax.py", TAX);
    files.put("tests/shop/test_cart.py", """
        from shop.cart import line_total, shipping


        def test_line_total():
            assert line_total(3, 4) == 12


        def test_shipping():
            assert shipping(20) == 0
            assert shipping(3) == 11
        """);
    files.put("tests/shop/test_tax.py", """
        from shop.tax import tax


        def test_tax():
            assert tax(1000) == 50
        """);
    return files;
  }

  /** One run: the workspace as it was left, the calls made, and the final answer. */
  private record Run(Workspace workspace, List<String> calls, AgentRun run) {}

  private static Run run(boolean branches, ScriptedRepairAgent agent) {
    Workspace workspace = new Workspace(handWritten());
    List<String> calls = new ArrayList<>();
    ContextAgent.Builder builder = ContextAgent.builder(agent).branchTools(branches).maxSteps(100)
        .listener(event -> {
          if (event instanceof AgentEvent.ToolExecuted executed) {
            calls.add(executed.call().name() + " " + executed.call().arguments());
          }
        });
    for (ToolSpec spec : Workspace.SPECS) {
      builder.tool(spec, workspace.handlers().get(spec.name()));
    }
    AgentRun run = builder.build().run(ContextState.of(Conversation.of(Message.user("Make the tests pass.")), 1,
        TiktokenCounter.o200k()));
    return new Run(workspace, calls, run);
  }

  @Test
  void handWrittenRepository_fixesTheSlip_andGivesUpOnTheBugNoSlipUndoes() {
    Run done = run(true, new ScriptedRepairAgent());
    Map<String, String> files = done.workspace().files();
    assertThat(files.get("src/shop/cart.py")).isEqualTo(CART.replace("weight > 20", "weight >= 20"));
    assertThat(files.get("src/shop/tax.py")).as("every try undone").isEqualTo(TAX);
    TestRunner.Run tests = done.workspace().runAll();
    assertThat(tests.outcome("tests/shop/test_cart.py::test_shipping").orElseThrow().status())
        .isEqualTo(TestRunner.Status.PASSED);
    assertThat(tests.outcome("tests/shop/test_tax.py::test_tax").orElseThrow().status())
        .isEqualTo(TestRunner.Status.FAILED);

    List<String> returns = done.calls().stream().filter(c -> c.startsWith("return ")).toList();
    assertThat(returns).hasSize(2);
    assertThat(returns.get(0)).contains("tests/shop/test_cart.py::test_shipping failed (assert 45 == 0)")
        .contains("`return 0 if weight > 20 else 5 + weight * 2`, which now reads"
            + " `return 0 if weight >= 20 else 5 + weight * 2`")
        .contains("tests/shop/test_cart.py::test_shipping PASSED");
    assertThat(returns.get(1)).contains("none of 6 changes to tax() made it pass")
        .contains("tests/shop/test_tax.py::test_tax FAILED");
    assertThat(done.calls()).filteredOn(c -> c.startsWith("branch ")).hasSize(2);
    assertThat(done.calls().get(done.calls().size() - 1)).isEqualTo("run_tests {}");
    assertThat(BranchTools.openBranches(done.run().state())).isEmpty();
    assertThat(done.run().answer()).contains("The whole suite: 1 failed, 2 passed.");
  }

  @Test
  void withoutBranchTools_itWorksInOneTrajectory_andNotesEachOutcome() {
    Run flat = run(false, new ScriptedRepairAgent());
    Run branched = run(true, new ScriptedRepairAgent());
    assertThat(flat.calls()).noneMatch(c -> c.startsWith("branch ") || c.startsWith("return "));
    assertThat(flat.workspace().files()).isEqualTo(branched.workspace().files());
    assertThat(flat.calls()).containsExactlyElementsOf(branched.calls().stream()
        .filter(c -> !c.startsWith("branch ") && !c.startsWith("return ")).toList());
    assertThat(flat.run().answer()).contains("tests/shop/test_cart.py::test_shipping PASSED")
        .contains("tests/shop/test_tax.py::test_tax FAILED");
  }

  @Test
  void terseReturns_nameOnlyTheFile() {
    Run terse = run(true, ScriptedRepairAgent.terseReturns());
    assertThat(terse.calls()).filteredOn(c -> c.startsWith("return "))
        .containsExactly("return {\"message\":\"Done with src/shop/cart.py.\"}",
            "return {\"message\":\"Done with src/shop/tax.py.\"}");
  }

  @Test
  void withoutItsTools_itSaysSo_andWhenNothingFails_itAnswersAtOnce() {
    AgentRun bare = ContextAgent.builder(new ScriptedRepairAgent()).build()
        .run(ContextState.of(Conversation.of(Message.user("Fix the tests."))));
    assertThat(bare.answer()).contains("read_file, apply_patch and run_tests").contains("not offered");
    Map<String, String> green = new LinkedHashMap<>(handWritten());
    green.remove("src/shop/tax.py");
    green.remove("tests/shop/test_tax.py");
    green.put("src/shop/cart.py", CART.replace("weight > 20", "weight >= 20"));
    Workspace workspace = new Workspace(green);
    ContextAgent.Builder builder = ContextAgent.builder(new ScriptedRepairAgent());
    Workspace.SPECS.forEach(spec -> builder.tool(spec, workspace.handlers().get(spec.name())));
    AgentRun run = builder.build().run(ContextState.of(Conversation.of(Message.user("Fix the tests."))));
    assertThat(run.toolUsage().counts()).containsOnly(Map.entry("run_tests", 1));
    assertThat(run.answer()).contains("The whole suite: 2 passed.");
  }
}
