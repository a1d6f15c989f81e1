package io.sculptor.examples;

import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.agent.ToolHandler;
import io.sculptor.core.ContextState;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ToolSpec;
import io.sculptor.tools.BranchTools;
import io.sculptor.tools.OpenBranch;
import java.io.PrintStream;

/** The example of the {@code branch} and {@code return} section of {@code docs/tools.md}. */
public final class BranchExamples {
  /** The application's own tool in the example. */
  public static final ToolSpec READ_FILE = ToolSpec.of("read_file", "Reads a file of the repository.",
      "{\"type\": \"object\", \"properties\": {\"path\": {\"type\": \"string\"}}, \"required\": [\"path\"]}");

  private BranchExamples() {}

  /**
   * Runs an agent that may fold its sub-tasks with {@code branch} and {@code return}.
   *
   * @param model any chat model
   * @param state the conversation, ending with the user's request
   * @param readFile the handler of {@link #READ_FILE}
   * @param log where the branches still open at the end are printed
   * @return the run
   */
  public static AgentRun agentWithBranches(ChatModel model, ContextState state, ToolHandler readFile,
      PrintStream log) {
    // snippet:branch-tools
    ContextAgent agent = ContextAgent.builder(model)
        .tool(READ_FILE, readFile)                // the application's own tool
        .branchTools(true)                        // offers branch and return after the six tools
        .build();

    AgentRun run = agent.run(state);
    for (OpenBranch open : BranchTools.openBranches(run.state())) {      // not returned from
      log.println("still open: " + open.description() + " since message " + open.firstMessageIndex());
    }
    // end-snippet
    return run;
  }
}
