package io.sculptor.examples.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.sculptor.core.ContextState;
import io.sculptor.openai.ChatCompletionsFormat;
import io.sculptor.store.ContextSnapshots;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sculptor restore}: prints the original conversation of a state snapshot. */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = "Print the original conversation saved in a state snapshot, as Chat Completions JSON.")
final class RestoreCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "a snapshot written by 'sculptor compact'")
  Path snapshot;

  @Override
  public Integer call() throws Exception {
    ContextState state = ContextSnapshots.fromJson(Conversations.readText(snapshot), Conversations.counter("o200k_base"));
    spec.commandLine().getOut().println(Conversations.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(ChatCompletionsFormat.toJson(state.original().messages())));
    return 0;
  }
}
