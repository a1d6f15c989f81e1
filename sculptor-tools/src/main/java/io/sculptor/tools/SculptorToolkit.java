package io.sculptor.tools;

import io.sculptor.core.ContextState;
import io.sculptor.model.ToolSpec;
import io.sculptor.tools.internal.Arguments;
import io.sculptor.tools.internal.BranchTool;
import io.sculptor.tools.internal.FoldFragmentTool;
import io.sculptor.tools.internal.FragmentContextTool;
import io.sculptor.tools.internal.GetSearchDetailTool;
import io.sculptor.tools.internal.RestoreFragmentTool;
import io.sculptor.tools.internal.ReturnTool;
import io.sculptor.tools.internal.SearchContextTool;
import io.sculptor.tools.internal.SummarizeFragmentTool;
import io.sculptor.tools.internal.Texts;
import io.sculptor.tools.internal.Tool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes the six Sculptor tools (and, when enabled, {@code branch} and {@code return}) on a
 * {@link ContextState} from the raw arguments a model produced.
 *
 * <p>{@link #execute(ContextState, String, String)} never throws for anything a model can send:
 * invalid JSON, wrong types, missing or unknown parameters, values out of bounds, unknown tool
 * names or ids all give a {@link ToolResult} with an error code and a text that tells the model
 * what to do next, and the state unchanged. Searches skip the results of earlier Sculptor tool
 * calls, so that a search does not find its own echoes.
 *
 * <p>{@link #withBranchTools()} gives a toolkit that also runs the opt-in {@code branch} and
 * {@code return} tools ({@link BranchTools}).
 *
 * <p>Immutable and thread-safe when its summarizer is.
 *
 * @since 0.1
 */
public final class SculptorToolkit {
  private static final Logger LOG = LoggerFactory.getLogger(SculptorToolkit.class);

  private final Map<String, Tool> tools;
  private final List<String> names;
  private final Summarizer summarizer;
  private final boolean branchTools;

  private SculptorToolkit(Summarizer summarizer, boolean branchTools) {
    this.summarizer = summarizer;
    this.branchTools = branchTools;
    List<String> all = new ArrayList<>(SculptorTools.NAMES);
    if (branchTools) {
      all.addAll(BranchTools.NAMES);
    }
    this.names = List.copyOf(all);
    List<Tool> run = new ArrayList<>(List.of(new FragmentContextTool(), new SummarizeFragmentTool(summarizer),
        new FoldFragmentTool(), new RestoreFragmentTool(), new SearchContextTool(Set.copyOf(names)),
        new GetSearchDetailTool()));
    if (branchTools) {
      run.add(new BranchTool());
      run.add(new ReturnTool());
    }
    Map<String, Tool> byName = new LinkedHashMap<>();
    for (Tool tool : run) {
      byName.put(tool.definition().name(), tool);
    }
    this.tools = Map.copyOf(byName);
  }

  /** {@return a toolkit whose summaries come from the model-free {@link ExtractiveSummarizer}} */
  public static SculptorToolkit create() {
    return new SculptorToolkit(ExtractiveSummarizer.create(), false);
  }

  /** {@return a toolkit whose summaries come from {@code summarizer}} */
  public static SculptorToolkit create(Summarizer summarizer) {
    return new SculptorToolkit(Objects.requireNonNull(summarizer, "summarizer"), false);
  }

  /**
   * {@return a toolkit with the same summarizer that also runs the opt-in {@code branch} and
   * {@code return} tools}, or this one when it does already. Searches then skip their results too,
   * as they skip those of the other Sculptor tools.
   */
  public SculptorToolkit withBranchTools() {
    return branchTools ? this : new SculptorToolkit(summarizer, true);
  }

  /** {@return whether this toolkit runs {@code branch} and {@code return}} */
  public boolean hasBranchTools() {
    return branchTools;
  }

  /** {@return the summarizer behind {@code summarize_fragment}} */
  public Summarizer summarizer() {
    return summarizer;
  }

  /**
   * {@return the specs of the tools this toolkit runs}: the six with the paper's schemas, then
   * {@code branch} and {@code return} when it {@link #hasBranchTools() has them}
   */
  public List<ToolSpec> specs() {
    return branchTools ? concat(SculptorTools.specs(), BranchTools.specs()) : SculptorTools.specs();
  }

  /** {@return {@link #specs()} in their variant for strict function calling} */
  public List<ToolSpec> strictSpecs() {
    return branchTools ? concat(SculptorTools.strictSpecs(), BranchTools.strictSpecs())
        : SculptorTools.strictSpecs();
  }

  private static List<ToolSpec> concat(List<ToolSpec> first, List<ToolSpec> second) {
    List<ToolSpec> all = new ArrayList<>(first);
    all.addAll(second);
    return List.copyOf(all);
  }

  /**
   * {@return whether {@code toolName} is a tool of this toolkit that changes what the model sees}:
   * the paper's {@link SculptorTools#CONTEXT_MODIFYING} set, and {@code branch} and
   * {@code return} when this toolkit runs them. The trajectory export ends a training sample at
   * such a call (Algorithm 1).
   */
  public boolean modifiesContext(String toolName) {
    return SculptorTools.CONTEXT_MODIFYING.contains(toolName)
        || branchTools && BranchTools.CONTEXT_MODIFYING.contains(toolName);
  }

  /** {@return whether this toolkit executes the tool called {@code toolName}} */
  public boolean handles(String toolName) {
    return tools.containsKey(toolName);
  }

  /**
   * Executes one tool call.
   *
   * @param state the state to run on
   * @param toolName the name of the tool the model called
   * @param rawArguments the arguments exactly as the model wrote them; may be invalid JSON, empty
   *     or null
   * @return the result: the new state and the text for the model, or an error code, the text
   *     saying what was wrong and what to do next, and {@code state} unchanged
   */
  public ToolResult execute(ContextState state, String toolName, String rawArguments) {
    Objects.requireNonNull(state, "state");
    Tool tool = toolName == null ? null : tools.get(toolName);
    if (tool == null) {
      String shown = toolName == null ? "null" : Texts.clip(toolName, 64);
      return ToolResult.failure(shown, ToolErrorCode.UNKNOWN_TOOL,
          "Error: there is no tool called \"" + shown + "\". The context tools are: "
              + String.join(", ", names) + ".", state);
    }
    // Everything a call does, parsing included, runs inside this guard: nothing a model sends may
    // escape as an exception into the agent loop.
    try {
      Arguments.Parsed parsed = Arguments.parse(tool.definition(), rawArguments);
      if (parsed.refusal() != null) {
        return ToolResult.failure(toolName, parsed.refusal().code(),
            "Error: " + parsed.refusal().message(), state);
      }
      return tool.run(state, parsed.arguments());
    } catch (RuntimeException e) {
      LOG.warn("Sculptor tool {} failed unexpectedly; the state is unchanged", toolName, e);
      return ToolResult.failure(toolName, ToolErrorCode.INTERNAL_ERROR,
          "Error: " + toolName + " failed unexpectedly (" + e.getClass().getSimpleName()
              + "). The context is unchanged; try another call.", state);
    }
  }

  @Override
  public String toString() {
    return "SculptorToolkit[" + summarizer + (branchTools ? ", branch tools" : "") + "]";
  }
}
