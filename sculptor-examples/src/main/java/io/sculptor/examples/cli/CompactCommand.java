package io.sculptor.examples.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.sculptor.agent.ContextPolicy;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.TokenCounter;
import io.sculptor.openai.ChatCompletionsFormat;
import io.sculptor.store.ConcurrentSaveException;
import io.sculptor.store.ContextSnapshots;
import io.sculptor.store.StoredContext;
import io.sculptor.store.jdbc.JdbcContextStore;
import io.sculptor.tools.ExtractiveSummarizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sculptor compact}: applies a budget policy to a conversation file, reversibly. */
@Command(name = "compact", mixinStandardHelpOptions = true,
    description = {"Apply a budget policy to an OpenAI-format conversation and write the view (what the model"
        + " would see) and the state snapshot (from which 'sculptor restore' gives back the original).",
        "Nothing is deleted: folded and summarized messages can be restored by the model or the application."})
final class CompactCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "a JSON array of Chat Completions messages, or an object with one in \"messages\"")
  Path file;

  @Option(names = "--max-tokens", required = true, paramLabel = "N", description = "the token budget of the view")
  long maxTokens;

  @Option(names = "--policy", defaultValue = "fold-oldest",
      description = "fold-oldest, middle-out, stale-tool-results or summarize-oldest (default ${DEFAULT-VALUE})")
  String policy;

  @Option(names = "--keep-last", defaultValue = "4", description = "messages at the end never touched (default ${DEFAULT-VALUE})")
  int keepLast;

  @Option(names = "--encoding", defaultValue = "o200k_base", description = "o200k_base or cl100k_base (default ${DEFAULT-VALUE})")
  String encoding;

  @Option(names = "--view-out", paramLabel = "FILE", description = "where the view goes (default FILE.view.json)")
  Path viewOut;

  @Option(names = "--snapshot-out", paramLabel = "FILE", description = "where the snapshot goes (default FILE.snapshot.json)")
  Path snapshotOut;

  @Option(names = "--store", paramLabel = "JDBC-URL", description = "also save the compacted state in a"
      + " conversation store, e.g. jdbc:h2:file:./sculptor (embedded, created if absent) or"
      + " jdbc:postgresql://host/db?user=...")
  String store;

  @Option(names = "--conversation", paramLabel = "ID", description = "the conversation's id in the store (default: the"
      + " file's name)")
  String conversation;

  @Override
  public Integer call() throws Exception {
    if (maxTokens < 0 || keepLast < 0) {
      throw new ParameterException(spec.commandLine(), "--max-tokens and --keep-last must be >= 0");
    }
    ContextPolicy chosen = switch (policy) {
      case "fold-oldest" -> ContextPolicy.foldOldest(maxTokens, keepLast);
      case "middle-out" -> ContextPolicy.middleOut(maxTokens, keepLast);
      case "stale-tool-results" -> ContextPolicy.whenOver(maxTokens, ContextPolicy.foldStaleToolResults(keepLast));
      case "summarize-oldest" -> ContextPolicy.summarizeOldest(maxTokens, keepLast, ExtractiveSummarizer.create());
      default -> throw new ParameterException(spec.commandLine(), "unknown policy '" + policy
          + "'; expected fold-oldest, middle-out, stale-tool-results or summarize-oldest");
    };
    TokenCounter counter;
    try {
      counter = Conversations.counter(encoding);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    ContextState state = ContextState.of(Conversation.of(Conversations.read(file)), 0, counter);
    ContextState compacted = chosen.apply(state);
    Path view = viewOut != null ? viewOut : file.resolveSibling(file.getFileName() + ".view.json");
    Path snapshot = snapshotOut != null ? snapshotOut : file.resolveSibling(file.getFileName() + ".snapshot.json");
    Files.writeString(view, Conversations.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(ChatCompletionsFormat.toJson(compacted.view().messages())) + "\n");
    Files.writeString(snapshot, ContextSnapshots.toJson(compacted) + "\n");
    spec.commandLine().getOut().println(String.format(Locale.ROOT,
        "%s: %d messages, %,d tokens -> %,d tokens (%s, budget %,d, %d fragments hidden)%nview: %s%nsnapshot: %s",
        file.getFileName(), state.original().size(), state.viewTokens(), compacted.viewTokens(), policy, maxTokens,
        compacted.fragments().stream().filter(f -> f.status().hidesOriginal()).count(), view, snapshot));
    if (store != null) {
      String id = conversation != null ? conversation : file.getFileName().toString();
      try (JdbcContextStore opened = Conversations.openStore(spec, store)) {
        StoredContext saved = opened.create(id, compacted);
        spec.commandLine().getOut().println(String.format(Locale.ROOT, "store: conversation %s, version %d, in %s",
            saved.conversationId(), saved.version(), opened.database()));
      } catch (ConcurrentSaveException e) {
        throw new ParameterException(spec.commandLine(), "the store already holds conversation '" + id
            + "'; choose another --conversation");
      }
    }
    return 0;
  }
}
