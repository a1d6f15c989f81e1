package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.ContextState;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FoldFragmentToolTest implements SculptorToolContract {
  @Override
  public String toolName() {
    return SculptorTools.FOLD_FRAGMENT;
  }

  @Override
  public String validArguments() {
    return "{\"fragment_id\": \"" + Fixtures.fragment(Fixtures.state(), 1).id() + "\"}";
  }

  @Override
  public String requiredParameter() {
    return "fragment_id";
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
  void execute_fold_saysHowMuchIsHiddenAndHowToRestore() {
    ContextState state = Fixtures.state();
    var fragment = Fixtures.fragment(state, 1);
    ToolResult result = call(state, validArguments());
    assertThat(result.text())
        .startsWith("Folded " + fragment.id() + ": " + String.format(java.util.Locale.ROOT, "%,d", fragment.characters())
            + " chars hidden from ")
        .contains("The view went from " + String.format(java.util.Locale.ROOT, "%,d", state.viewTokens()))
        .endsWith("restore_fragment " + fragment.id() + " brings it back.");
    assertThat(result.state().viewTokens()).isLessThan(state.viewTokens());
  }

  @Test
  void execute_alreadyFolded_saysNothingChanged() {
    ContextState state = Fixtures.state();
    String id = Fixtures.fragment(state, 0).id().value();
    ToolResult result = call(state, "{\"fragment_id\": \"" + id + "\"}");
    assertThat(result.isSuccess()).isTrue();
    assertThat(result.text()).startsWith(id + " was already folded; nothing changed.");
  }
}
