package io.sculptor.examples.cli;

import io.sculptor.core.ContextState;
import io.sculptor.core.TokenCounter;
import io.sculptor.openai.ChatCompletionsFormat;
import io.sculptor.store.ContextSnapshots;
import io.sculptor.store.jdbc.JdbcContextStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sculptor restore}: prints the original conversation of a state snapshot. */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = "Print the original conversation saved in a state snapshot, or in a conversation store, as Chat"
        + " Completions JSON.")
final class RestoreCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SNAPSHOT", description = "a snapshot written by 'sculptor"
      + " compact'; - reads standard input")
  String snapshot;

  @Option(names = "--store", paramLabel = "JDBC-URL", description = "read the conversation from this store instead")
  String store;

  @Option(names = "--conversation", paramLabel = "ID", description = "the conversation's id in the store")
  String conversation;

  @Override
  public Integer call() throws Exception {
    if ((snapshot == null) == (store == null) || (store != null) != (conversation != null)) {
      throw new ParameterException(spec.commandLine(), "give either SNAPSHOT or --store with --conversation");
    }
    TokenCounter counter = Conversations.counter("o200k_base");
    ContextState state;
    if (store != null) {
      try (JdbcContextStore opened = Conversations.openStore(spec, store)) {
        state = opened.load(conversation, counter).orElseThrow(() -> new ParameterException(spec.commandLine(),
            "the store holds no conversation '" + conversation + "'")).state();
      }
    } else {
      state = ContextSnapshots.fromJson(Conversations.readText(snapshot, spec), counter);
    }
    spec.commandLine().getOut().print(Conversations.pretty(ChatCompletionsFormat.toJson(state.original().messages())));
    return 0;
  }
}
