package io.sculptor.tools.internal;

import io.sculptor.core.ContextState;
import io.sculptor.core.FragmentEdit;
import io.sculptor.core.FragmentId;
import io.sculptor.core.FragmentStatus;
import io.sculptor.core.Outcome;
import io.sculptor.tools.ToolResult;
import java.util.List;
import java.util.Locale;

/** {@code fold_fragment}: hides a fragment behind a marker. */
public final class FoldFragmentTool extends FragmentTool {
  /** The tool name. */
  public static final String NAME = "fold_fragment";

  /** The name, description and parameters, as in the paper's Appendix H. */
  public static final ToolDefinition DEFINITION = new ToolDefinition(NAME,
      "Fold (hide) a conversation fragment to reduce visible context length. The content is"
          + " preserved and can be expanded later.",
      List.of(Parameter.requiredString("fragment_id", "ID of the fragment to fold (e.g., 'f1a2b3')",
          "\"f1a2b3\"", Parameter.MAX_ID_LENGTH)));

  @Override
  public ToolDefinition definition() {
    return DEFINITION;
  }

  @Override
  ToolResult run(ContextState state, FragmentId id, Arguments arguments) {
    boolean wasFolded = state.fragment(id).map(f -> f.status() instanceof FragmentStatus.Folded)
        .orElse(false);
    Outcome<FragmentEdit> outcome = state.fold(id);
    if (outcome instanceof Outcome.Failure<FragmentEdit> failure) {
      return refused(failure);
    }
    FragmentEdit edit = outcome.value();
    if (wasFolded) {
      return ToolResult.success(NAME, id + " was already folded; nothing changed. restore_fragment "
          + id + " brings it back.", outcome.state());
    }
    String text = String.format(Locale.ROOT,
        "Folded %s: %s chars hidden from %s. The view went from %s to %s tokens."
            + " restore_fragment %s brings it back.",
        id, Texts.number(edit.fragment().characters()), Texts.messages(edit.fragment()), Texts.number(edit.viewTokensBefore()),
        Texts.number(edit.viewTokensAfter()), id);
    return ToolResult.success(NAME, text + hiddenNote(edit), outcome.state());
  }

  static String hiddenNote(FragmentEdit edit) {
    return edit.hiddenBy().map(outer -> " It lies inside " + outer + ", which is "
        + "hidden too; restore_fragment " + outer + " to see either.").orElse("");
  }
}
