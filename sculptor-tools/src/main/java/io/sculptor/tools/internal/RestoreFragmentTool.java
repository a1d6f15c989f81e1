package io.sculptor.tools.internal;

import io.sculptor.core.ContextState;
import io.sculptor.core.FragmentEdit;
import io.sculptor.core.FragmentId;
import io.sculptor.core.Outcome;
import io.sculptor.tools.ToolResult;
import java.util.List;
import java.util.Locale;

/** {@code restore_fragment}: shows a fragment's original text again. */
public final class RestoreFragmentTool extends FragmentTool {
  /** The tool name. */
  public static final String NAME = "restore_fragment";

  /** The name, description and parameters, as in the paper's Appendix H. */
  public static final ToolDefinition DEFINITION = new ToolDefinition(NAME,
      "Restore a fragment to its original content from ACM storage. Works for both summarized and"
          + " folded fragments.",
      List.of(Parameter.requiredString("fragment_id",
          "ID of the fragment to restore (e.g., 'f1a2b3')", "\"f1a2b3\"", Parameter.MAX_ID_LENGTH)));

  @Override
  public ToolDefinition definition() {
    return DEFINITION;
  }

  @Override
  ToolResult run(ContextState state, FragmentId id, Arguments arguments) {
    boolean wasHidden = state.fragment(id).map(f -> f.status().hidesOriginal()).orElse(false);
    Outcome<FragmentEdit> outcome = state.restore(id);
    if (outcome instanceof Outcome.Failure<FragmentEdit> failure) {
      return refused(failure);
    }
    FragmentEdit edit = outcome.value();
    if (!wasHidden && edit.alsoRestored().isEmpty()) {
      return ToolResult.success(NAME, id + " was already showing its original text; nothing changed."
          + FoldFragmentTool.hiddenNote(edit), state);
    }
    String nested = edit.alsoRestored().isEmpty() ? ""
        : " Fragments inside it were restored too: "
            + String.join(", ", edit.alsoRestored().stream().map(FragmentId::value).toList()) + ".";
    String text = String.format(Locale.ROOT,
        "Restored %s: its original %s chars are back in %s. The view went from %s to %s tokens.%s",
        id, Texts.number(edit.fragment().characters()), Texts.messages(edit.fragment()),
        Texts.number(edit.viewTokensBefore()), Texts.number(edit.viewTokensAfter()), nested);
    return ToolResult.success(NAME, text + FoldFragmentTool.hiddenNote(edit), outcome.state());
  }
}
