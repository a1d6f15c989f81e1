package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.ContextState;
import io.sculptor.core.SculptorException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SummarizeFragmentToolTest implements SculptorToolContract {
  @Override
  public String toolName() {
    return SculptorTools.SUMMARIZE_FRAGMENT;
  }

  @Override
  public String validArguments() {
    return "{\"fragment_id\": \"" + Fixtures.fragment(Fixtures.state(), 2).id() + "\", \"focus\": \"key7\"}";
  }

  @Override
  public String requiredParameter() {
    return "focus";
  }

  @Override
  public Optional<String> boundedIntegerParameter() {
    return Optional.empty();
  }

  @Override
  public Optional<String> idParameter() {
    return Optional.of("fragment_id");
  }

  @Test
  void execute_summarize_replacesFragmentWithFocusedSummary() {
    ContextState state = Fixtures.state();
    ToolResult result = call(state, validArguments());
    var fragment = Fixtures.fragment(state, 2);
    assertThat(result.text()).startsWith("Summarized " + fragment.id() + " (focus: key7): ");
    String view = result.state().view().get(1).content();
    assertThat(view).contains("[summary of fragment " + fragment.id() + " (focus: key7)");
    assertThat(result.state().viewTokens()).isLessThan(state.viewTokens());
  }

  @Test
  void execute_summarizerFails_isAnErrorResultAndStateUnchanged() {
    ContextState state = Fixtures.state();
    SculptorToolkit failing = SculptorToolkit.create((text, focus) -> {
      throw new SculptorException("endpoint unreachable [http://localhost:1]");
    });
    ToolResult result = failing.execute(state, toolName(), validArguments());
    assertRefused(state, result, ToolErrorCode.SUMMARIZER_FAILED, "endpoint unreachable");
  }

  @Test
  void execute_summaryNotShorter_isRefusedWithAdviceToFold() {
    ContextState state = Fixtures.state();
    SculptorToolkit verbose = SculptorToolkit.create((text, focus) -> text + " and more");
    ToolResult result = verbose.execute(state, toolName(), validArguments());
    assertRefused(state, result, ToolErrorCode.SUMMARY_NOT_SHORTER, "fold the fragment instead");
  }
}
