package io.sculptor.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.examples.eval.ScriptedAgent;
import io.sculptor.testing.LocalOpenAiServer;
import io.sculptor.testing.LocalOpenAiServer.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code eval} sections of {@code docs/cli.md}, written by {@link CliDocTest} from real runs. */
final class EvalDoc {
  private EvalDoc() {}

  /** The numbers of one mode of the fix task's largest size, read from its table. */
  private record FixRow(String[] cells) {
    String mode() {
      return cells[2];
    }

    String number(int column) {
      return cells[column];
    }

    double value(int column) {
      return Double.parseDouble(cells[column].replace(",", "").replace("%", ""));
    }
  }

  private static final int PEAK = 7;
  private static final int MEAN = 8;
  private static final int FINAL = 9;
  private static final int PROMPT = 10;
  private static final int UNCACHED = 11;

  /**
   * The fix section of docs/cli.md, whose prose the run is checked against, and the check that the
   * "Measured" paragraph of docs/tools.md (written by sculptor-tools' ToolsDocTest, which cannot run
   * the evaluation) states this run's numbers.
   */
  private static void appendFix(StringBuilder doc) throws IOException {
    Cli fix = Cli.run("eval", "fix");
    assertThat(fix.code()).as(fix.err()).isZero();
    Map<String, FixRow> largest = new LinkedHashMap<>();
    Map<String, String> calls = new LinkedHashMap<>();
    for (String line : fix.out().lines().toList()) {
      String[] cells = line.strip().split("\\s{2,}");
      if (cells.length == 14 && cells[0].equals("16")) {
        largest.put(cells[2], new FixRow(cells));
        calls.put(cells[2], cells[13]);
      }
    }
    FixRow flat = largest.get("no branch");
    FixRow branch = largest.get("branch/return");
    FixRow fold = largest.get("fold oldest");
    FixRow terse = largest.get("terse return");
    FixRow truncation = largest.get("truncation");
    assertThat(branch.value(PEAK) / flat.value(PEAK)).as("about a third").isBetween(0.25, 0.42);
    assertThat(branch.value(PROMPT)).as("less than half").isLessThan(flat.value(PROMPT) / 2);
    assertThat(branch.value(UNCACHED)).isGreaterThan(flat.value(UNCACHED));
    assertThat(flat.value(4)).isEqualTo(100.0);
    assertThat(branch.value(4)).isEqualTo(100.0);
    assertThat(branch.value(5)).isEqualTo(100.0);
    assertThat(terse.value(5)).isZero();
    assertThat(terse.value(6)).isEqualTo(100.0);
    assertThat(truncation.value(5)).isLessThan(100.0);
    assertThat(fold.value(PEAK)).isLessThanOrEqualTo(branch.value(PEAK));
    assertThat(fold.value(MEAN)).isGreaterThan(branch.value(MEAN));
    assertThat(fold.value(5)).isLessThan(truncation.value(5));
    assertThat(fold.value(6)).isEqualTo(100.0);
    assertThat(fold.value(UNCACHED)).as("over ten times").isGreaterThan(10 * branch.value(UNCACHED));

    doc.append("\n## Evaluate: a long-horizon task where branch and return pay\n\n")
        .append("`sculptor eval fix` is a task the agent works through with tools rather than one it reads. A"
            + " repository is generated from the seed: N source files (`--sizes`, default 4, 8 and 16) of 8 small"
            + " Python functions each, every file with one planted bug — a slip such as `+` for `-`, `<` for `<=`"
            + " or a number off by one — that one of its tests catches. Beside the six tools the agent gets three"
            + " application tools whose handlers do the work on the files in memory: `read_file` (the file with"
            + " line numbers), `apply_patch` (replace text that occurs once) and `run_tests` (a small interpreter"
            + " runs the tests and prints a pytest-like log: the whole suite, or one file's tests a line each,"
            + " every failure with the values and the function's statements as they ran). Whether a test passes"
            + " is computed, never looked up.\n\n")
        .append("Offline, a scripted repair agent (`ScriptedRepairAgent`) stands in for a model; like the other one"
            + " it knows nothing of the generator. It runs the suite, reads from the log which source files fail,"
            + " and fixes one file at a time: it reads the file, runs its tests, reads which function each failure"
            + " is in, and tries the slips of the function's lines, one change per step (patch, run the file's"
            + " tests), keeping a change that makes the test pass without breaking another. It works on the same"
            + " repository with the same step cap (`--max-steps`, 400 for fix) twice: `no branch`, one trajectory"
            + " as a ReAct agent works, and `branch/return`, one branch per file whose return message states the"
            + " outcome — the file, the failing test and its error, the line as it read and as it reads now, and"
            + " the test's status line from the last run. Three more rows show what the outcomes' retention"
            + " depends on: `fold oldest` is the run without branches under the `fold-oldest` budget policy, on"
            + " the branch run's largest context (when the suite's log it planned from is folded, the agent runs"
            + " the suite again); `terse return` returns with the file's name only; and `truncation` cuts the"
            + " no-branch run's final context to the tokens of the branch run's.\n\n")
        .append("The columns: **tests passing**, of the whole repository as the run left it; **outcomes visible**,"
            + " the share of files whose outcome — the failing test's status line from a verbose run and the line"
            + " that held the bug, both as the run left the files — occurs in the final context; **recoverable**,"
            + " visible, or visible once the final state is searched for the test's id and the fragments the"
            + " matches lie in are restored; the context of the largest, the mean and the last model call; and"
            + " the prompt columns above. A model driver (`--driver openai` or `anthropic`) runs a model the same"
            + " way, without the terse ablation; its tests passing are then the accuracy that counts.\n\n")
        .append("```\n$ sculptor eval fix\n").append(fix.out()).append("```\n\n")
        .append("At 16 files the largest context with branches is about a third of the one without, and the calls"
            + " send less than half the prompt tokens. The uncached prompt is higher: each return changes the"
            + " messages of its branch, which prefix caching then cannot serve. Folding the oldest messages on the"
            + " same budget holds the largest context too, but the mean is higher, it keeps fewer outcomes in"
            + " view than truncation (it folds what the work left behind, oldest first, outcomes included), and"
            + " its uncached prompt is over ten times the branch run's: every fold of an old message changes the"
            + " prompt near its start. The terse returns show that the return message is what keeps an outcome in"
            + " view, and that nothing is lost: search and restore bring every outcome back, as they do after the"
            + " policy's folds. Truncation keeps only the newest files' outcomes.\n");

    String tools = Files.readString(CliDocTest.DOCS.resolve("tools.md"));
    String steps = calls.get("no branch");
    List<String> claims = List.of(
        "through the application's `read_file`, `apply_patch` and `run_tests`: "
            + steps.replaceAll(".*apply_patch (\\d+).*", "$1") + " patches and "
            + steps.replaceAll(".*run_tests (\\d+).*", "$1") + " test runs in " + flat.number(12) + " steps",
        "is " + branch.number(PEAK) + " tokens instead of " + flat.number(PEAK),
        "the mean " + branch.number(MEAN) + " instead of " + flat.number(MEAN),
        "the last " + branch.number(FINAL) + " instead of " + flat.number(FINAL),
        "send " + branch.number(PROMPT) + " prompt tokens instead of " + flat.number(PROMPT),
        branch.number(UNCACHED) + " uncached prompt tokens instead of " + flat.number(UNCACHED),
        "to the same " + branch.number(FINAL) + " tokens keeps " + Math.round(truncation.value(5) * 16 / 100)
            + " of 16",
        "keeps " + Math.round(fold.value(5) * 16 / 100) + " of 16 in view and sends " + fold.number(UNCACHED)
            + " uncached prompt tokens");
    for (String claim : claims) {
      assertThat(tools).as("docs/tools.md's \"Measured on a long-horizon task\" (sculptor-tools' ToolsDocTest)"
          + " states the numbers of 'sculptor eval fix'; update it there").contains(claim);
    }
  }

  static void append(StringBuilder doc, Path directory) throws IOException {
    doc.append("\n## Evaluate: the tasks\n\n")
        .append("`sculptor eval TASK` runs long-context tasks in the formats of the three public benchmarks of the"
            + " paper's evaluation, generated from a seed or read from the data sets' own files (`--input`), and"
            + " scores answers with each benchmark's own grader:\n\n")
        .append("- `pi-llm` — PI-LLM (\"Unable to Forget\"): the paper code's instruction, then 46 category keys such"
            + " as `bird` or `fruit`, each updated U times with words of its category, the whole stream on one line"
            + " as `bird: emu; fruit: plum; …`, no key twice in a row, then its question for every key's current"
            + " value. Graded by the data set's `grade_pi_response`: the share of keys whose reported value is"
            + " exactly the last one.\n")
        .append("- `needle` — NeedleBench v2 multi-needle reasoning: relation statements in NeedleBench's seven"
            + " templates and ten terms (`Kevin Le is Jeff White's father.`), each on its own line in a filler"
            + " document from a depth of 0–100% on, 10% of the length apart, then its question for the eldest"
            + " relative the last person can trace back to. Graded by the last `\\boxed{}` answer.\n")
        .append("- `mrcr` — OpenAI MRCR: a first user message with two worked examples, lowercase requests such as"
            + " `write a poem about tapirs` of which one recurs 2, 4 or 8 times among distractors, then `Prepend"
            + " <random string> to the 2nd (1 indexed) poem about tapirs. Do not include any other text in your"
            + " response.` Graded as OpenAI grades it: 0 without the random string first, else difflib's"
            + " SequenceMatcher ratio.\n\n")
        .append("The word lists, names and filler are the project's own: PI-LLM's item lists, NeedleBench's"
            + " `names.json` and its Paul Graham essays are data this program does not ship (read them with"
            + " `--input`). `--sizes` counts updates per key for `pi-llm` and o200k tokens of the whole task for the"
            + " others; the defaults are small so that a run takes seconds.\n");

    doc.append("\n## The offline agent: what it is, what it shows, what it cannot\n\n")
        .append("Without `--driver`, no model runs. A scripted agent stands in for one: a fixed procedure"
            + " (`ScriptedAgent`) that sees only the conversation, as Chat Completions requests, and knows none of"
            + " the benchmarks — none of their phrases, markers or answer formats. It takes the question (the last"
            + " sentence with a question mark in the last user message, or its last paragraph) and the long text"
            + " (the message holding most of the conversation without its first paragraph and its question, or the"
            + " messages before the question); it fragments the long text between markers copied from its own"
            + " first and last words and folds it all; it searches the question's words — quoted strings, list"
            + " items, names, codes, phrases of content words — and restores the fragments the results point to"
            + " (every match when the tool shows them all, else the newest); it searches the names found next to a"
            + " name's matches (chained search); it folds its spent search results, and stops without composing an"
            + " answer.\n\n")
        .append("What it shows: whether a general fold-and-search strategy keeps what the answer needs visible —"
            + " **retention**, the share of the gold answer's facts (each key's last update, the statements of the"
            + " chain, the requested MRCR response) that occur whole in the final context — how small that context"
            + " gets, and what the run costs. Beside it, on the same token budget as its final context, two"
            + " baselines: the full context, and plain truncation of the oldest tokens.\n\n")
        .append("What it cannot show: accuracy. Whether a model reading that context answers correctly, and how a"
            + " model would use the tools, need a model; retention of 100% is necessary for a right answer, not"
            + " sufficient. For accuracy, run a real model (below). The agent can and does fail: a fragment"
            + " boundary can cut the text it needs, a frequent word can point to the wrong fragment, a fact that"
            + " shares no word with the question stays folded.\n\n")
        .append("Every run reports three token columns: **final context** (what the model answers from, the"
            + " paper's metric), **prompt, all calls** (every call's prompt summed, with the tool schemas as the"
            + " request's JSON and the three tokens that prime a reply) and **uncached prompt** (under ideal prefix"
            + " caching, each call pays only for its tokens after the first position where its prompt differs from"
            + " the previous call's; folding an early message makes everything after it uncached again)."
            + " `PromptAccounting` of `sculptor-report` computes them, as it does for run reports"
            + " ([report](report.md#prompt-and-uncached-prompt-tokens)).\n");

    CliDocTest.section(doc, "Evaluate: PI-LLM, offline",
        "The README's main job. On PI-LLM, truncation keeps as much as the agent — the last values are the newest"
            + " tokens — so retention cannot tell the tools' benefit here (less interference from the older values);"
            + " only accuracy with a model can. Below 64 updates per key the searches cost more than the task.",
        "eval", "pi-llm");
    CliDocTest.section(doc, "Evaluate: NeedleBench v2 multi-needle reasoning, offline",
        "Truncation loses the needles that lie early in the document; the agent follows the chain with search and"
            + " restores the fragments that hold it.",
        "eval", "needle", "--sizes", "2000,16000", "--needles", "2,5");
    CliDocTest.section(doc, "Evaluate: MRCR, offline",
        "Here the agent fails on one sample in three at 16K tokens: a fragment boundary cuts the requested response,"
            + " whose start is restored and whose end stays folded.",
        "eval", "mrcr", "--sizes", "16000", "--needles", "2,8", "--samples", "3");
    CliDocTest.section(doc, "Evaluate at the paper's scale",
        "The defaults are small. The paper's sizes are `--sizes 400` for PI-LLM (46 keys, about 100K tokens)"
            + " and 85K–128K tokens for the others, e.g. `eval mrcr --sizes 128000 --needles 2,4,8 --samples 10`."
            + " A single sample at 128K tokens:",
        "eval", "needle", "--sizes", "128000", "--needles", "5");

    Path exported = directory.resolve("mrcr.jsonl");
    Cli export = Cli.run("eval", "mrcr", "--sizes", "8000", "--needles", "4", "--samples", "2", "--export",
        exported.toString());
    assertThat(export.code()).as(export.err()).isZero();
    Cli input = Cli.run("eval", "mrcr", "--input", exported.toString());
    assertThat(input.code()).as(input.err()).isZero();
    Path bad = Files.writeString(directory.resolve("bad.jsonl"), Files.readAllLines(exported).get(0)
        .replaceFirst("\"desired_msg_index\":\\d+", "\"desired_msg_index\":2") + "\n");
    Cli broken = Cli.run("eval", "mrcr", "--input", bad.toString());
    assertThat(broken.code()).isEqualTo(1);
    doc.append("\n## Evaluate the data sets' own files\n\n")
        .append("`--input FILE` reads a benchmark's rows in the data set's own shape — a JSON array or JSON Lines,"
            + " as exported from Hugging Face — and grades them with its grader; `--limit N` takes the first N"
            + " rows. Rows are grouped by a power-of-two bin of their o200k tokens (or by `n_updates` for"
            + " PI-LLM):\n\n")
        .append("- PI-LLM (`giantfish-fly/pi-llm`): `prompt` (the JSON text of the chat messages, or the user"
            + " message itself), `answer_formatted` (the JSON text of each key's last value); optional"
            + " `n_updates`, `experiment`, `id`.\n")
        .append("- MRCR (`openai/mrcr`): `prompt` (the JSON text of the messages), `answer`,"
            + " `random_string_to_prepend`; optional `desired_msg_index`, `n_needles`, `total_messages`,"
            + " `n_chars`, `id`, each checked against the prompt.\n")
        .append("- NeedleBench v2 (OpenCompass's rows): `prompt`, `answer`; optional `needles` (the relation"
            + " statements; otherwise they are read from the prompt by NeedleBench's templates), `id`.\n\n")
        .append("`--export FILE` writes generated tasks in the same shape. A row that does not fit stops the run"
            + " with one line naming the row and the field (exit code 1).\n\n```\n$ sculptor eval mrcr --sizes 8000"
            + " --needles 4 --samples 2 --export mrcr.jsonl\n")
        .append(export.out().replace(directory + "/", "")).append("$ sculptor eval mrcr --input mrcr.jsonl\n")
        .append(input.out()).append("$ sculptor eval mrcr --input bad.jsonl\n").append(broken.err())
        .append("(exit code 1)\n```\n");

    CliDocTest.section(doc, "Evaluate: JSON for machines", "`--json` prints the same numbers as JSON, with what"
        + " each token column counts.", "eval", "pi-llm", "--sizes", "64", "--json");

    Cli report = Cli.run("eval", "pi-llm", "--sizes", "4,16,64", "--html", directory.resolve("eval.html").toString());
    assertThat(report.code()).as(report.err()).isZero();
    doc.append("\n## Evaluate: an HTML report\n\n")
        .append("`--html FILE` also writes the results as one self-contained HTML page ([report](report.md#evaluation-reports)):"
            + " the table, and the paper's charts of score and context tokens against the size, one line per mode, so"
            + " that the run with the tools and the baselines read side by side. The report's line goes to standard"
            + " error with the progress lines.\n\n```\n$ sculptor eval pi-llm --sizes 4,16,64 --html eval.html\n")
        .append(report.out()).append(report.err().lines().filter(l -> l.startsWith("report: ")).findFirst().orElseThrow()
            .replace(directory.toString() + "/", "")).append("\n```\n");

    appendFix(doc);

    ScriptedAgent agent = new ScriptedAgent();
    Path results = directory.resolve("results.jsonl");
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> Reply.ok(agent.respond(request)))) {
      List<String> args = new ArrayList<>(List.of("eval", "needle", "--sizes", "16000", "--needles", "3",
          "--driver", "openai", "--base-url", server.baseUrl(), "--model", "gpt-4.1", "--api-key-env",
          "SCULPTOR_DOC_UNSET", "--output", results.toString()));
      Cli run = Cli.run(args.toArray(String[]::new));
      assertThat(run.code()).as(run.err()).isZero();
      String record = Files.readAllLines(results).get(0);
      Cli again = Cli.run(args.toArray(String[]::new));
      assertThat(again.out()).isEqualTo(run.out());
      doc.append("\n## Evaluate with a model\n\n")
          .append("`--driver openai` runs a real model through the HTTP client: each task with the Sculptor tools"
              + " (the paper's setting: tools required on the first step, the Appendix D system prompt, at most 20"
              + " steps) and without them (`no-tools`, the whole context in one call: the baseline), and reports"
              + " accuracy by the benchmark's grader, as in the paper's Table 1. `--no-tools` runs only the"
              + " baseline. Any OpenAI-compatible endpoint works (see `docs/openai.md`); the key comes from the"
              + " variable named by `--api-key-env` (default `OPENAI_API_KEY`), and none is sent when it is"
              + " unset.\n\n")
          .append("Every finished sample is appended at once to `--output` (default `eval-TASK-MODEL.jsonl`) as one"
              + " JSON line: prompt id, model, answer, score, retention, steps, tool calls and the token columns."
              + " Run the same command again after an interruption and it skips the samples the file holds for"
              + " that model; a failing call stops the run with a message that says so (exit code 1)."
              + " `--concurrency N` runs N tasks at once; each call retries 429 and 5xx answers with exponential"
              + " backoff, honouring `Retry-After` (`--max-attempts`, default 4).\n\n")
          .append("The output below was captured against a local OpenAI-compatible server (`LocalOpenAiServer` of"
              + " `sculptor-testing`) that answers with the scripted agent. It shows the plumbing, not a model:"
              + " the agent writes no answer, so its accuracy is 0.\n\n")
          .append("```\n$ sculptor ").append(String.join(" ", args).replace(server.baseUrl(), "http://127.0.0.1:8000/v1")
              .replace(directory + "/", "")).append("\n").append(run.out())
          .append("$ head -1 results.jsonl\n").append(record).append("\n```\n\n")
          .append("Run again, it asks the server nothing and prints the same table. For accuracy, point it at a"
              + " model, at the paper's scale:\n\n```\nsculptor eval mrcr --driver openai --model gpt-4.1"
              + " --sizes 128000 --needles 2,4,8 --samples 10 --concurrency 4 --output mrcr-gpt-4.1.jsonl\n"
              + "sculptor eval needle --driver openai --model gpt-4.1 --input needlebench-128k.jsonl --output"
              + " needle-gpt-4.1.jsonl\n```\n");
    }
  }
}
