package io.sculptor.examples;

import io.sculptor.agent.AgentEvent;
import io.sculptor.agent.AgentException;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.agent.ContextPolicy;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ContextLengthExceededException;
import io.sculptor.model.ToolChoice;
import io.sculptor.model.ToolSpec;
import io.sculptor.openai.FineTuningExport;
import io.sculptor.openai.TiktokenCounter;
import io.sculptor.store.ContextSnapshots;
import io.sculptor.tools.ExtractiveSummarizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The examples of {@code docs/agent.md}; each snippet there is copied from here. */
public final class AgentExamples {
  private AgentExamples() {}

  /**
   * An agent with one application tool, a budget policy and a listener.
   *
   * @param model any chat model
   * @param log where events are printed
   * @return the run
   */
  public static AgentRun agentWithApplicationTool(ChatModel model, PrintStream log) {
    // snippet:agent
    ToolSpec weather = ToolSpec.of("get_weather", "Current weather in a city.",
        "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}}");

    ContextAgent agent = ContextAgent.builder(model)
        .tool(weather, arguments -> "14 °C and cloudy")          // your tool, your handler
        .firstStepToolChoice(ToolChoice.required())              // as in the paper
        .maxSteps(20)
        .policy(ContextPolicy.foldStaleToolResults(3)
            .andThen(ContextPolicy.foldOldest(100_000, 6)))      // reversible budget
        .listener(event -> {
          if (event instanceof AgentEvent.ToolExecuted t) {
            log.println("step " + t.step() + ": " + t.call().name() + (t.failed() ? " failed" : ""));
          }
        })
        .build();

    ContextState state = ContextState.of(Conversation.of(
        Message.system("You are a helpful assistant. You can manage your own context."),
        Message.user("What is the weather in Paris, and what did I say about it last week?")),
        42, TiktokenCounter.o200k());
    AgentRun run = agent.run(state);
    log.println(run.answer() + " (" + run.modelCalls() + " calls, " + run.usage().totalTokens() + " tokens, "
        + "tool entropy " + run.toolUsage().entropyBits() + " bits)");
    // end-snippet
    return run;
  }

  /**
   * A multi-turn chat: each user turn is appended to the state the previous run ended with, and
   * the agent runs again on it, so the fragments, folds and search results of earlier turns stay.
   *
   * @param agent the agent
   * @param system the system prompt
   * @param turns the user's messages, one per turn
   * @return the answers, one per turn
   */
  public static List<String> multiTurnChat(ContextAgent agent, String system, List<String> turns) {
    // snippet:multi-turn
    ContextState state = ContextState.of(Conversation.of(Message.system(system)));
    List<String> answers = new ArrayList<>();
    for (String turn : turns) {
      AgentRun run = agent.run(state.append(Message.user(turn)));
      answers.add(run.answer());
      state = run.state();                                   // keeps every fragment and fold
    }
    // end-snippet
    return answers;
  }

  /**
   * Saves a state and loads it back.
   *
   * @param run a finished run
   * @param directory where to write the file
   * @return the loaded state
   * @throws IOException if the file cannot be written or read
   */
  public static ContextState saveAndLoad(AgentRun run, Path directory) throws IOException {
    // snippet:persistence
    Path file = directory.resolve("session.json");
    Files.writeString(file, ContextSnapshots.toJson(run.state()));          // versioned, checksummed
    ContextState loaded = ContextSnapshots.fromJson(Files.readString(file), TiktokenCounter.o200k());
    // loaded equals run.state(): original, fragments, summaries, searches, ids - nothing lost
    // end-snippet
    return loaded;
  }

  /**
   * Exports the training samples of a run.
   *
   * @param run a finished run
   * @param directory where to write the file
   * @return the file
   * @throws IOException if the file cannot be written
   */
  public static Path exportTrainingData(AgentRun run, Path directory) throws IOException {
    // snippet:export
    Path jsonl = directory.resolve("train.jsonl");
    Files.writeString(jsonl, FineTuningExport.toJsonl(run.trajectory().trainingSamples()));
    // end-snippet
    return jsonl;
  }

  /**
   * Reacts to a context-window overflow by folding more and trying again.
   *
   * @param agent an agent
   * @param state the state to run on
   * @return the run
   */
  public static AgentRun retryAfterOverflow(ContextAgent agent, ContextState state) {
    // snippet:overflow
    try {
      return agent.run(state);
    } catch (AgentException e) {
      if (!(e.modelFailure() instanceof ContextLengthExceededException)) {
        throw e;
      }
      ContextState smaller = ContextPolicy.summarizeOldest(e.state().viewTokens() / 2, 4,
          ExtractiveSummarizer.create()).apply(e.state());
      return agent.run(smaller);
    }
    // end-snippet
  }
}
