package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.ContextState;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestoreFragmentToolTest implements SculptorToolContract {
  @Override
  public String toolName() {
    return SculptorTools.RESTORE_FRAGMENT;
  }

  @Override
  public String validArguments() {
    return "{\"fragment_id\": \"" + Fixtures.fragment(Fixtures.state(), 0).id() + "\"}";
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
  void execute_restoreFolded_bringsBackTheOriginal() {
    ContextState state = Fixtures.state();
    ToolResult result = call(state, validArguments());
    assertThat(result.text()).startsWith("Restored " + Fixtures.fragment(state, 0).id() + ": its original");
    assertThat(result.state().view()).isEqualTo(state.original());
  }

  @Test
  void execute_restoreVisible_saysNothingChanged() {
    ContextState state = Fixtures.state();
    String id = Fixtures.fragment(state, 2).id().value();
    ToolResult result = call(state, "{\"fragment_id\": \"" + id + "\"}");
    assertThat(result.text()).isEqualTo(id + " was already showing its original text; nothing changed.");
    assertThat(result.state()).isSameAs(state);
  }
}
