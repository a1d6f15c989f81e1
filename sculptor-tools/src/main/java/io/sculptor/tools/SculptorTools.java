package io.sculptor.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.model.ToolSpec;
import io.sculptor.tools.internal.FoldFragmentTool;
import io.sculptor.tools.internal.FragmentContextTool;
import io.sculptor.tools.internal.GetSearchDetailTool;
import io.sculptor.tools.internal.RestoreFragmentTool;
import io.sculptor.tools.internal.SearchContextTool;
import io.sculptor.tools.internal.SummarizeFragmentTool;
import io.sculptor.tools.internal.ToolDefinition;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * The names and schemas of the six Sculptor tools, as in Appendix H of the paper.
 *
 * <p>The one difference from the paper: its {@code search_context} schema has {@code required}
 * and {@code additionalProperties} outside {@code parameters}, a typo; here they are inside, as
 * in the other five. {@link #strictSpecs()} gives the variant for providers' strict function
 * calling.
 *
 * <p>{@code sculptor tools [--strict]} (the command line program) prints the schemas as JSON.
 *
 * @since 0.1
 */
public final class SculptorTools {
  /** {@code fragment_context}: split the text between two markers into fragments. */
  public static final String FRAGMENT_CONTEXT = FragmentContextTool.NAME;
  /** {@code summarize_fragment}: replace a fragment in the view by a focused summary. */
  public static final String SUMMARIZE_FRAGMENT = SummarizeFragmentTool.NAME;
  /** {@code fold_fragment}: hide a fragment behind a short marker. */
  public static final String FOLD_FRAGMENT = FoldFragmentTool.NAME;
  /** {@code restore_fragment}: show a folded or summarized fragment's original text again. */
  public static final String RESTORE_FRAGMENT = RestoreFragmentTool.NAME;
  /** {@code search_context}: exact search over the whole conversation, hidden parts included. */
  public static final String SEARCH_CONTEXT = SearchContextTool.NAME;
  /** {@code get_search_detail}: wider context around one search hit. */
  public static final String GET_SEARCH_DETAIL = GetSearchDetailTool.NAME;

  /** The six names, in the order of the paper's §2. */
  public static final List<String> NAMES = List.of(FRAGMENT_CONTEXT, SUMMARIZE_FRAGMENT,
      FOLD_FRAGMENT, RESTORE_FRAGMENT, SEARCH_CONTEXT, GET_SEARCH_DETAIL);

  /** The names of the tools that change what the model sees (the paper's context-modifying set). */
  public static final Set<String> CONTEXT_MODIFYING = Set.of(FRAGMENT_CONTEXT, SUMMARIZE_FRAGMENT,
      FOLD_FRAGMENT, RESTORE_FRAGMENT);

  private static final List<ToolDefinition> DEFINITIONS = List.of(FragmentContextTool.DEFINITION,
      SummarizeFragmentTool.DEFINITION, FoldFragmentTool.DEFINITION, RestoreFragmentTool.DEFINITION,
      SearchContextTool.DEFINITION, GetSearchDetailTool.DEFINITION);

  private SculptorTools() {}

  /** {@return the six specs with the paper's schemas, in the order of {@link #NAMES}} */
  public static List<ToolSpec> specs() {
    return DEFINITIONS.stream().map(d -> d.spec(false)).toList();
  }

  /**
   * {@return the six specs for strict function calling}: every property is listed in
   * {@code required}, optional ones accept {@code null} (meaning their default), and
   * {@code default} is left out; the defaults are in the descriptions and applied by the toolkit
   */
  public static List<ToolSpec> strictSpecs() {
    return DEFINITIONS.stream().map(d -> d.spec(true)).toList();
  }

  /** {@return whether {@code toolName} is one of the six Sculptor tools} */
  public static boolean isSculptorTool(String toolName) {
    return NAMES.contains(toolName);
  }

  /**
   * {@return {@code specs} as a pretty-printed JSON array in the paper's shape}: each element
   * {@code {"type": "function", "function": {"name", "description", "parameters"}}}
   */
  public static String toJson(List<ToolSpec> specs) {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJsonArray(specs));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The specs as a JSON array in the paper's shape, strict ones marked. */
  private static ArrayNode toJsonArray(List<ToolSpec> specs) throws JsonProcessingException {
    ObjectMapper json = new ObjectMapper();
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (ToolSpec spec : specs) {
      ObjectNode tool = array.addObject();
      tool.put("type", "function");
      ObjectNode function = tool.putObject("function");
      function.put("name", spec.name());
      function.put("description", spec.description());
      function.set("parameters", json.readTree(spec.parametersJson()));
      if (spec.strict()) {
        function.put("strict", true);
      }
    }
    return array;
  }
}
