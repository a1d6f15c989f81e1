package io.sculptor.tools.internal;

import io.sculptor.core.ContextState;
import io.sculptor.core.Fragment;
import io.sculptor.core.Fragmentation;
import io.sculptor.core.Outcome;
import io.sculptor.core.RoleFilter;
import io.sculptor.tools.ToolResult;
import java.util.List;
import java.util.Locale;

/** {@code fragment_context}: splits the region between two markers into fragments. */
public final class FragmentContextTool implements Tool {
  /** The tool name. */
  public static final String NAME = "fragment_context";

  /** The name, description and parameters, as in the paper's Appendix H. */
  public static final ToolDefinition DEFINITION = new ToolDefinition(NAME,
      "Fragment conversation content between specified markers into manageable pieces. Useful for"
          + " breaking down long text sections for detailed analysis.",
      List.of(
          Parameter.requiredString("start_marker",
              "Start marker text to identify the beginning of content to fragment", "\"BEGIN\"",
              Parameter.MAX_TEXT_LENGTH),
          Parameter.requiredString("end_marker",
              "End marker text to identify the end of content to fragment", "\"END\"",
              Parameter.MAX_TEXT_LENGTH),
          Parameter.integer("num_fragments", 5, 1, 20, "Number of fragments to create (default: 5)"),
          Parameter.choice("role", List.of("user", "assistant", "all"), "user",
              "Which role's messages to search in (default: user)")));

  @Override
  public ToolDefinition definition() {
    return DEFINITION;
  }

  @Override
  public ToolResult run(ContextState state, Arguments arguments) {
    String start = arguments.string("start_marker");
    String end = arguments.string("end_marker");
    if (start.isEmpty() || end.isEmpty()) {
      return ToolResult.failure(NAME, io.sculptor.tools.ToolErrorCode.OUT_OF_RANGE,
          "Error: \"" + (start.isEmpty() ? "start_marker" : "end_marker") + "\" must not be empty."
              + " Copy a few words exactly from where the region begins and ends.", state);
    }
    RoleFilter roles = Texts.roles(arguments.string("role"));
    int pieces = arguments.integer("num_fragments");
    Outcome<Fragmentation> outcome = state.fragmentBetween(start, end, roles, pieces);
    if (outcome instanceof Outcome.Failure<Fragmentation> failure) {
      return refused(failure);
    }
    ContextState next = outcome.state();
    Fragmentation made = outcome.value();
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "Created %d fragment%s in %s, from message %d to message %d:%n",
        made.fragments().size(), made.fragments().size() == 1 ? "" : "s", roles.description(),
        made.regionStart().messageIndex(), made.regionEnd().messageIndex()));
    for (Fragment f : made.fragments()) {
      String original = next.originalText(f.id()).orElseThrow();
      text.append(String.format(Locale.ROOT, "- %s: %s chars, %s, \"%s\" ... \"%s\"%n",
          f.id(), Texts.number(f.characters()), Texts.messages(f),
          Texts.firstWords(original, 4), Texts.lastWords(original, 4)));
    }
    if (made.fragments().size() < pieces) {
      text.append(String.format(Locale.ROOT,
          "Asked for %d, made %d: the region has too few places to cut without splitting a word or"
              + " an existing fragment.%n", pieces, made.fragments().size()));
    }
    if (made.startMarkerOccurrences() > 1) {
      text.append(String.format(Locale.ROOT,
          "The start marker occurs %d times; the first (message %d) was used.%n",
          made.startMarkerOccurrences(), made.regionStart().messageIndex()));
    }
    if (made.endMarkerOccurrences() > 1) {
      text.append(String.format(Locale.ROOT,
          "The end marker occurs %d times; the first after the start (message %d) was used.%n",
          made.endMarkerOccurrences(), made.regionEnd().messageIndex()));
    }
    text.append("Next: fold_fragment or summarize_fragment with these IDs; restore_fragment brings any"
        + " of them back.");
    return ToolResult.success(NAME, text.toString(), next);
  }
}
