package io.sculptor.tools.internal;

import io.sculptor.core.ContextState;
import io.sculptor.core.FragmentEdit;
import io.sculptor.core.FragmentId;
import io.sculptor.core.Outcome;
import io.sculptor.core.SculptorException;
import io.sculptor.core.Summary;
import io.sculptor.tools.Summarizer;
import io.sculptor.tools.ToolErrorCode;
import io.sculptor.tools.ToolResult;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** {@code summarize_fragment}: replaces a fragment in the view by a focused summary. */
public final class SummarizeFragmentTool extends FragmentTool {
  /** The tool name. */
  public static final String NAME = "summarize_fragment";

  /** The name, description and parameters, as in the paper's Appendix H. */
  public static final ToolDefinition DEFINITION = new ToolDefinition(NAME,
      "Summarize a conversation fragment using LLM to compress content while preserving key"
          + " information. Supports focus-oriented summarization.",
      List.of(
          Parameter.requiredString("fragment_id", "ID of the fragment to summarize (e.g., 'f1a2b3')",
              "\"f1a2b3\"", Parameter.MAX_ID_LENGTH),
          Parameter.requiredString("focus",
              "Focus area for the summary (e.g., 'technical details', 'key decisions', 'action items',"
                  + " 'main points', 'problems', 'solutions')", "\"key decisions\"",
              Parameter.MAX_FOCUS_LENGTH)));

  private final Summarizer summarizer;

  /** Creates the tool with the summarizer that writes the summaries. */
  public SummarizeFragmentTool(Summarizer summarizer) {
    this.summarizer = Objects.requireNonNull(summarizer, "summarizer");
  }

  @Override
  public ToolDefinition definition() {
    return DEFINITION;
  }

  @Override
  ToolResult run(ContextState state, FragmentId id, Arguments arguments) {
    String focus = arguments.string("focus");
    Optional<String> original = state.originalText(id);
    if (original.isEmpty()) {
      return refused(FragmentIds.unknown(state, id));
    }
    String summaryText;
    try {
      summaryText = summarizer.summarize(original.get(), focus);
    } catch (SculptorException e) {
      return ToolResult.failure(NAME, ToolErrorCode.SUMMARIZER_FAILED,
          "Error: the summarizer failed (" + e.getMessage() + "). Fold " + id
              + " instead, or try again later.", state);
    }
    if (summaryText == null || summaryText.isBlank()) {
      return ToolResult.failure(NAME, ToolErrorCode.SUMMARIZER_FAILED,
          "Error: the summarizer returned nothing for " + id + ". Fold it instead.", state);
    }
    Outcome<FragmentEdit> outcome = state.summarize(id, new Summary(summaryText.strip(), focus));
    if (outcome instanceof Outcome.Failure<FragmentEdit> failure) {
      return refused(failure);
    }
    FragmentEdit edit = outcome.value();
    String text = String.format(Locale.ROOT,
        "Summarized %s%s: %s chars replaced by a %s-char summary in %s. The view went from %s to %s"
            + " tokens. restore_fragment %s brings back the original.",
        id, focus.isBlank() ? "" : " (focus: " + focus.strip() + ")",
        Texts.number(edit.fragment().characters()), Texts.number(summaryText.strip().length()),
        Texts.messages(edit.fragment()), Texts.number(edit.viewTokensBefore()),
        Texts.number(edit.viewTokensAfter()), id);
    String grew = edit.viewTokensAfter() >= edit.viewTokensBefore() && edit.hiddenBy().isEmpty()
        ? " The view did not shrink: this fragment is too short to summarize; fold it instead." : "";
    return ToolResult.success(NAME, text + grew + FoldFragmentTool.hiddenNote(edit), outcome.state());
  }
}
