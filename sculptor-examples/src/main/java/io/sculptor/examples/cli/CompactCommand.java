package io.sculptor.examples.cli;

import io.sculptor.agent.ContextPolicy;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Role;
import io.sculptor.core.TokenCounter;
import io.sculptor.openai.ModelSummarizer;
import io.sculptor.openai.OpenAiChatModel;
import io.sculptor.store.ConcurrentSaveException;
import io.sculptor.store.ContextSnapshots;
import io.sculptor.store.StoredContext;
import io.sculptor.store.jdbc.JdbcContextStore;
import io.sculptor.tools.ExtractiveSummarizer;
import io.sculptor.tools.Summarizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sculptor compact}: applies a budget policy to a conversation file, reversibly. */
@Command(name = "compact", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Apply a budget policy to an OpenAI-format conversation and write the view (what the model"
        + " would see) and the state snapshot (from which 'sculptor restore' gives back the original).",
        "Nothing is deleted: folded and summarized messages can be restored by the model or the application.",
        "When the view cannot be made to fit --max-tokens, compact says why on standard error, writes nothing and"
            + " exits with " + SculptorCommand.BUDGET_NOT_MET + ", unless --best-effort is given."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:the view fits the budget, or --best-effort", "1:an unreadable or invalid conversation, an"
        + " unwritable output, a failing summarizer model or store", "2:bad arguments",
        SculptorCommand.BUDGET_NOT_MET + ":the budget cannot be met; nothing written"})
final class CompactCommand implements Callable<Integer> {
  private static final List<String> POLICIES = List.of("fold-oldest", "middle-out", "stale-tool-results",
      "summarize-oldest");

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "a JSON array of Chat Completions messages, or a"
      + " request object with one in \"messages\" (its other fields are kept in the view); - reads standard input")
  String file;

  @Option(names = "--max-tokens", paramLabel = "N", description = "the token budget of the view; required except"
      + " with stale-tool-results, which folds stale tool results only while the view is over N when N is given,"
      + " and always when it is not")
  Long maxTokens;

  @Option(names = "--policy", defaultValue = "fold-oldest", paramLabel = "POLICY",
      description = "fold-oldest, middle-out, stale-tool-results or summarize-oldest (default ${DEFAULT-VALUE})")
  String policy;

  @Option(names = "--keep-last", defaultValue = "4", paramLabel = "K", description = "messages at the end never"
      + " touched; for stale-tool-results, tool results (default ${DEFAULT-VALUE})")
  int keepLast;

  @Option(names = "--best-effort", description = "when the budget cannot be met, write the smallest view the policy"
      + " makes anyway (a warning on standard error, exit code 0)")
  boolean bestEffort;

  @Option(names = "--summarizer", defaultValue = "extractive", paramLabel = "KIND", description = "summarize-oldest: extractive (no"
      + " model) or model (the endpoint of --base-url and --model) (default ${DEFAULT-VALUE})")
  String summarizer;

  @Mixin
  EndpointOptions endpoint;

  @Option(names = "--encoding", defaultValue = "o200k_base", paramLabel = "ENCODING", description = "o200k_base or cl100k_base (default ${DEFAULT-VALUE})")
  String encoding;

  @Option(names = "--view-out", paramLabel = "FILE", description = "where the view goes (default FILE.view.json;"
      + " standard output when FILE is -); - is standard output")
  String viewOut;

  @Option(names = "--snapshot-out", paramLabel = "FILE", description = "where the snapshot goes (default"
      + " FILE.snapshot.json; required when FILE is -, unless --store is given); - is standard output")
  String snapshotOut;

  @Option(names = "--store", paramLabel = "JDBC-URL", description = "also save the compacted state in a"
      + " conversation store, e.g. jdbc:h2:file:./sculptor (embedded, created if absent) or"
      + " jdbc:postgresql://host/db?user=...")
  String store;

  @Option(names = "--conversation", paramLabel = "ID", description = "the conversation's id in the store (default: the"
      + " file's name)")
  String conversation;

  @Override
  public Integer call() throws Exception {
    boolean fromStandardInput = Conversations.isStandardStream(file);
    checkArguments(fromStandardInput);
    TokenCounter counter;
    try {
      counter = Conversations.counter(encoding);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--encoding: " + e.getMessage());
    }
    AtomicReference<RuntimeException> summarizerFailure = new AtomicReference<>();
    ContextPolicy chosen = policy(summarizerFailure);

    Conversations.Input input = Conversations.read(file, spec);
    ContextState state = ContextState.of(Conversation.of(input.messages()), 0, counter);
    ContextState compacted = chosen.apply(state);
    PrintWriter err = spec.commandLine().getErr();
    if (summarizerFailure.get() != null) {
      String failure = "the model summarizer (" + endpoint.model + " at "
          + endpoint.baseUrl(OpenAiChatModel.DEFAULT_BASE_URL) + ") failed: "
          + summarizerFailure.get().getMessage();
      if (!bestEffort) {
        throw new IllegalStateException(failure + "; nothing written (--best-effort folds instead)");
      }
      err.println("sculptor compact: " + failure + "; folded instead (--best-effort)");
    }
    boolean met = maxTokens == null || compacted.viewTokens() <= maxTokens;
    if (!met && !bestEffort) {
      err.println("sculptor compact: " + budgetNotMet(compacted) + " Nothing written: lower --keep-last, raise"
          + " --max-tokens, or pass --best-effort to write this view anyway.");
      err.flush();
      return Integer.parseInt(SculptorCommand.BUDGET_NOT_MET);
    }

    String view = viewOut != null ? viewOut : fromStandardInput ? Conversations.STANDARD_STREAM : file + ".view.json";
    String snapshot = snapshotOut != null ? snapshotOut : fromStandardInput ? null : file + ".snapshot.json";
    List<Conversations.Output> outputs = new ArrayList<>(List.of(new Conversations.Output("view", view,
        Conversations.pretty(input.withMessages(compacted.view().messages())))));
    if (snapshot != null) {
      outputs.add(new Conversations.Output("snapshot", snapshot, ContextSnapshots.toJson(compacted) + "\n"));
    }
    PrintWriter out = spec.commandLine().getOut();
    Conversations.writeAll(outputs, out);
    boolean outputOnStandardOutput = outputs.stream().anyMatch(Conversations.Output::toStandardOutput);
    PrintWriter report = outputOnStandardOutput ? err : out;
    long hidden = compacted.fragments().stream().filter(f -> f.status().hidesOriginal()).count();
    report.println(String.format(Locale.ROOT, "%s: %s, %,d tokens -> %,d tokens (%s, %s, %s hidden)",
        fromStandardInput ? "standard input" : Path.of(file).getFileName(), Conversations.count(
            state.original().size(), "message"), state.viewTokens(), compacted.viewTokens(), policy,
        maxTokens == null ? "no budget" : String.format(Locale.ROOT, "budget %,d", maxTokens),
        Conversations.count(hidden, "fragment")));
    for (Conversations.Output o : outputs) {
      report.println(o.what() + ": " + (o.toStandardOutput() ? "standard output" : o.file()));
    }
    if (!met) {
      err.println("sculptor compact: warning: " + budgetNotMet(compacted) + " Written anyway (--best-effort).");
    }
    if (store != null) {
      save(compacted, report);
    }
    report.flush();
    err.flush();
    return 0;
  }

  private void checkArguments(boolean fromStandardInput) {
    if (keepLast < 0) {
      throw new ParameterException(spec.commandLine(), "--keep-last must be 0 or more, got " + keepLast);
    }
    if (maxTokens != null && maxTokens < 0) {
      throw new ParameterException(spec.commandLine(), "--max-tokens must be 0 or more, got " + maxTokens);
    }
    if (!POLICIES.contains(policy)) {
      throw new ParameterException(spec.commandLine(), "unknown policy '" + policy
          + "'; expected fold-oldest, middle-out, stale-tool-results or summarize-oldest");
    }
    if (maxTokens == null && !policy.equals("stale-tool-results")) {
      throw new ParameterException(spec.commandLine(), "--policy " + policy + " needs --max-tokens N, the token budget"
          + " of the view");
    }
    if (!summarizer.equals("extractive") && !summarizer.equals("model")) {
      throw new ParameterException(spec.commandLine(), "unknown --summarizer '" + summarizer
          + "'; expected extractive or model");
    }
    boolean summarizerGiven = spec.commandLine().getParseResult().hasMatchedOption("--summarizer");
    if (summarizerGiven && !policy.equals("summarize-oldest")) {
      throw new ParameterException(spec.commandLine(), "--summarizer applies to --policy summarize-oldest only, not "
          + policy);
    }
    if (endpoint.given() && !summarizer.equals("model")) {
      throw new ParameterException(spec.commandLine(), "--base-url, --model and --api-key-env apply to"
          + " --summarizer model only");
    }
    if (Conversations.isStandardStream(viewOut) && Conversations.isStandardStream(snapshotOut)) {
      throw new ParameterException(spec.commandLine(), "only one of --view-out and --snapshot-out can be -"
          + " (standard output)");
    }
    if (fromStandardInput && snapshotOut == null && store == null) {
      throw new ParameterException(spec.commandLine(), "reading the conversation from standard input needs"
          + " --snapshot-out FILE (or --store): the snapshot is what 'sculptor restore' gives the original back from");
    }
    if (fromStandardInput && store != null && conversation == null) {
      throw new ParameterException(spec.commandLine(), "reading the conversation from standard input, --store needs"
          + " --conversation ID");
    }
  }

  private ContextPolicy policy(AtomicReference<RuntimeException> summarizerFailure) {
    return switch (policy) {
      case "fold-oldest" -> ContextPolicy.foldOldest(maxTokens, keepLast);
      case "middle-out" -> ContextPolicy.middleOut(maxTokens, keepLast);
      case "stale-tool-results" -> maxTokens == null ? ContextPolicy.foldStaleToolResults(keepLast)
          : ContextPolicy.whenOver(maxTokens, ContextPolicy.foldStaleToolResults(keepLast));
      default -> ContextPolicy.summarizeOldest(maxTokens, keepLast, summarizer.equals("model")
          ? recording(ModelSummarizer.using(summarizerModel()), summarizerFailure)
          : ExtractiveSummarizer.create());
    };
  }

  /** {@return the model of {@code --summarizer model}, at the endpoint the options name} */
  private OpenAiChatModel summarizerModel() {
    endpoint.model(spec, "--summarizer model needs --model (and --base-url unless it is "
        + OpenAiChatModel.DEFAULT_BASE_URL + ")");
    return endpoint.openAi(spec).build();
  }

  /** A summarizer that remembers its failure: the policy folds instead, and the command says so. */
  private static Summarizer recording(Summarizer summarizer, AtomicReference<RuntimeException> failure) {
    return (text, focus) -> {
      try {
        return summarizer.summarize(text, focus);
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
        throw e;
      }
    };
  }

  /** {@return why the view does not fit: the size it reached, and what holds the tokens the policy could not hide} */
  private String budgetNotMet(ContextState compacted) {
    int size = compacted.original().size();
    boolean staleResults = policy.equals("stale-tool-results");
    int lastResult = size;
    for (int results = 0; staleResults && lastResult > 0 && results < keepLast; ) {
      lastResult--;
      results += compacted.original().get(lastResult).role() == Role.TOOL ? 1 : 0;
    }
    int firstKept = Math.max(0, size - keepLast);
    int boundary = staleResults ? lastResult : firstKept;
    IntPredicate mayHide = i -> !compacted.isPinned(i) && !compacted.original().get(i).content().isEmpty()
        && i < boundary && (!staleResults || compacted.original().get(i).role() == Role.TOOL);
    long keptTokens = 0;
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (!mayHide.test(i)) {
        keptTokens += compacted.viewTokens(i);
        kept++;
      }
    }
    String which = staleResults ? String.format(Locale.ROOT, "every message but the tool results before the last %s,"
        + " as --keep-last says", Conversations.count(keepLast, "tool result"))
        : String.format(Locale.ROOT, "system messages, tool calls without text, and the last %s, as --keep-last says",
            Conversations.count(keepLast, "message"));
    String reached = String.format(Locale.ROOT, "budget not met: the view has %,d tokens, over --max-tokens %,d.",
        compacted.viewTokens(), maxTokens);
    if (keptTokens > maxTokens) {
      return String.format(Locale.ROOT, "%s The %s that %s may not touch (%s) hold %,d tokens alone.", reached,
          Conversations.count(kept, "message"), policy, which, keptTokens);
    }
    return String.format(Locale.ROOT, "%s The %s that %s may not touch (%s) hold %,d tokens; what remains of the"
        + " messages it may hide (fragment markers, summaries, messages too short to fold) holds %,d.", reached,
        Conversations.count(kept, "message"), policy, which, keptTokens, compacted.viewTokens() - keptTokens);
  }

  private void save(ContextState compacted, PrintWriter report) {
    String id = conversation != null ? conversation : Path.of(file).getFileName().toString();
    try (JdbcContextStore opened = Conversations.openStore(spec, store)) {
      StoredContext saved = opened.create(id, compacted);
      report.println(String.format(Locale.ROOT, "store: conversation %s, version %d, in %s",
          saved.conversationId(), saved.version(), opened.database()));
    } catch (ConcurrentSaveException e) {
      throw new ParameterException(spec.commandLine(), "the store already holds conversation '" + id
          + "'; choose another --conversation");
    }
  }
}
