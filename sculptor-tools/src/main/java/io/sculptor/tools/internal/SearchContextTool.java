package io.sculptor.tools.internal;

import io.sculptor.core.ContextState;
import io.sculptor.core.Outcome;
import io.sculptor.core.RoleFilter;
import io.sculptor.core.SearchHit;
import io.sculptor.core.SearchQuery;
import io.sculptor.core.SearchResults;
import io.sculptor.tools.ToolErrorCode;
import io.sculptor.tools.ToolResult;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code search_context}: exact search over the whole original conversation. */
public final class SearchContextTool implements Tool {
  /** The tool name. */
  public static final String NAME = "search_context";

  /** The name, description and parameters, as in the paper's Appendix H. */
  public static final ToolDefinition DEFINITION = new ToolDefinition(NAME,
      "Search tool for finding exact text matches in conversation history.",
      List.of(
          Parameter.requiredString("query", "Exact text to search for in conversation history",
              "\"key12\"", Parameter.MAX_TEXT_LENGTH),
          Parameter.choice("role", List.of("user", "assistant", "all"), "user",
              "Filter by message role (default: user)"),
          Parameter.integer("max_results", 10, 1, 50, "Maximum number of results to return"),
          Parameter.integer("context_size", 200, 50, 1000, "Context characters before/after match")));

  /**
   * When more matches exist than {@code max_results}, how many of the last ones are shown as well,
   * so that the newest occurrence of a repeated text (the current value of an updated key) can
   * always be found by search alone.
   */
  public static final int LATEST_RESULTS = 3;

  private final Set<String> ignoredToolResults;

  /** Creates the tool; results of the tools named {@code ignoredToolResults} are never searched. */
  public SearchContextTool(Set<String> ignoredToolResults) {
    this.ignoredToolResults = Set.copyOf(ignoredToolResults);
  }

  @Override
  public ToolDefinition definition() {
    return DEFINITION;
  }

  @Override
  public ToolResult run(ContextState state, Arguments arguments) {
    String text = arguments.string("query");
    if (text.isEmpty()) {
      return ToolResult.failure(NAME, ToolErrorCode.OUT_OF_RANGE,
          "Error: \"query\" must not be empty. Send the exact text to find.", state);
    }
    RoleFilter roles = Texts.roles(arguments.string("role"));
    SearchQuery query = SearchQuery.of(text, roles, arguments.integer("max_results"),
        arguments.integer("context_size")).ignoringResultsOf(ignoredToolResults)
        .withLatestResults(LATEST_RESULTS);
    Outcome<SearchResults> outcome = state.search(query);
    SearchResults results = outcome.value();
    if (results.totalMatches() == 0) {
      String advice = roles == RoleFilter.ALL
          ? "The search is exact and case-sensitive: try a shorter query or another spelling."
          : "Try role \"all\", or a shorter query; the search is exact and case-sensitive.";
      return ToolResult.success(NAME, String.format(Locale.ROOT, "No matches for \"%s\" in %s. %s",
          text, roles.description(), advice), outcome.state());
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Found %s match%s for \"%s\" in %s", Texts.number(results.totalMatches()),
        results.totalMatches() == 1 ? "" : "es", text, roles.description()));
    if (!results.latestHits().isEmpty()) {
      out.append(String.format(Locale.ROOT, "; showing the first %d and the last %d, which are the newest"
          + " (%s in between are not shown: raise max_results or narrow the query to see them)",
          results.hits().size(), results.latestHits().size(), Texts.number(results.omittedMatches())));
    }
    out.append(":\n");
    for (SearchHit hit : results.hits()) {
      out.append('\n').append(describe(hit, outcome.state())).append('\n');
    }
    if (!results.latestHits().isEmpty()) {
      out.append(results.omittedMatches() == 0 ? "" : "\n...\n");
      for (SearchHit hit : results.latestHits()) {
        out.append('\n').append(describe(hit, outcome.state())).append('\n');
      }
    }
    out.append("\nget_search_detail with an ID shows more context around that match.");
    return ToolResult.success(NAME, out.toString(), outcome.state());
  }

  /** {@return the header line and the snippet of one hit} */
  static String describe(SearchHit hit, ContextState state) {
    String where = hit.hiddenBy().map(f -> " - inside " + f + ", which is "
        + state.fragment(f).map(g -> Texts.status(g.status())).orElse("hidden")
        + " now (restore_fragment " + f + " shows it in place)").orElse("");
    return String.format(Locale.ROOT, "[%s] message %d (%s), position %s%s:%n%s**%s**%s",
        hit.id(), hit.messageIndex(), hit.role().wireName(), Texts.number(hit.offset()), where,
        hit.before(), hit.match(), hit.after());
  }
}
