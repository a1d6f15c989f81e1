package io.sculptor.tools.internal;

import io.sculptor.core.ContextState;
import io.sculptor.core.Outcome;
import io.sculptor.core.SearchHit;
import io.sculptor.core.SearchResultId;
import io.sculptor.tools.ToolResult;
import java.util.List;

/** {@code get_search_detail}: a remembered hit with wider context. */
public final class GetSearchDetailTool implements Tool {
  /** The tool name. */
  public static final String NAME = "get_search_detail";

  /** The name, description and parameters, as in the paper's Appendix H. */
  public static final ToolDefinition DEFINITION = new ToolDefinition(NAME,
      "Get detailed context for a search result by its ID. Retrieves extended context around the"
          + " search match position.",
      List.of(
          Parameter.requiredString("search_id", "Search result ID from search_context (e.g., 's1a2b3')",
              "\"s1a2b3\"", Parameter.MAX_ID_LENGTH),
          Parameter.integer("extended_context", 500, 100, 2000,
              "Number of characters to show before and after the match (default: 500)")));

  @Override
  public ToolDefinition definition() {
    return DEFINITION;
  }

  @Override
  public ToolResult run(ContextState state, Arguments arguments) {
    SearchResultId id = FragmentIds.searchOrNull(arguments.string("search_id"));
    if (id == null) {
      return FragmentIds.malformedSearch(NAME, arguments.string("search_id"), state);
    }
    Outcome<SearchHit> outcome = state.searchDetail(id, arguments.integer("extended_context"));
    if (outcome instanceof Outcome.Failure<SearchHit> failure) {
      return refused(failure);
    }
    return ToolResult.success(NAME, SearchContextTool.describe(outcome.value(), state), outcome.state());
  }
}
