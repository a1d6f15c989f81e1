package io.sculptor.tools.internal;

import io.sculptor.core.ContextState;
import io.sculptor.core.FragmentId;
import io.sculptor.core.Outcome;
import io.sculptor.core.SearchResultId;
import io.sculptor.tools.ToolErrorCode;
import io.sculptor.tools.ToolResult;

/** Turns id arguments into ids, or into a result that says what an id looks like. */
final class FragmentIds {
  private FragmentIds() {}

  static ToolResult malformedFragment(String tool, String value, ContextState state) {
    return ToolResult.failure(tool, ToolErrorCode.UNKNOWN_FRAGMENT, String.format(
        "Error: \"%s\" is not a fragment ID. Fragment IDs look like \"f1a2b3\" and are listed in the"
            + " result of fragment_context.", clip(value)), state);
  }

  static ToolResult malformedSearch(String tool, String value, ContextState state) {
    return ToolResult.failure(tool, ToolErrorCode.UNKNOWN_SEARCH_RESULT, String.format(
        "Error: \"%s\" is not a search result ID. They look like \"s1a2b3\" and are listed in the"
            + " result of search_context.", clip(value)), state);
  }

  /** The refusal for an id the state does not know, so that every tool words it alike. */
  static Outcome.Failure<?> unknown(ContextState state, FragmentId id) {
    return new Outcome.Failure<>(state, state.checkFragment(id).orElseThrow());
  }

  static FragmentId fragmentOrNull(String value) {
    return FragmentId.isWellFormed(value) ? FragmentId.of(value) : null;
  }

  static SearchResultId searchOrNull(String value) {
    return SearchResultId.isWellFormed(value) ? SearchResultId.of(value) : null;
  }

  private static String clip(String value) {
    return Texts.clip(value, 40);
  }
}
