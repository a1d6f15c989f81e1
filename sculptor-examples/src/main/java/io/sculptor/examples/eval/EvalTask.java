package io.sculptor.examples.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.Conversation;
import io.sculptor.examples.eval.fix.Repository;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * One long-context task, generated or read from a data set: the conversation the model receives,
 * the facts the gold answer needs, the system prompt of the paper for its family, how an answer is
 * scored (the benchmark's own grader), and the task as a row of its data set.
 */
public final class EvalTask {
  private final Family family;
  private final String id;
  private final int size;
  private final int variant;
  private final Conversation conversation;
  private final List<String> facts;
  private final String gold;
  private final ToDoubleFunction<String> scorer;
  private final ObjectNode row;
  private final Repository repository;

  EvalTask(Family family, String id, int size, int variant, Conversation conversation, List<String> facts,
      String gold, ToDoubleFunction<String> scorer, ObjectNode row) {
    this(family, id, size, variant, conversation, facts, gold, scorer, row, null);
  }

  EvalTask(Family family, String id, int size, int variant, Conversation conversation, List<String> facts,
      String gold, ToDoubleFunction<String> scorer, ObjectNode row, Repository repository) {
    this.family = Objects.requireNonNull(family, "family");
    this.id = Objects.requireNonNull(id, "id");
    this.size = size;
    this.variant = variant;
    this.conversation = Objects.requireNonNull(conversation, "conversation");
    this.facts = List.copyOf(facts);
    this.gold = Objects.requireNonNull(gold, "gold");
    this.scorer = Objects.requireNonNull(scorer, "scorer");
    this.row = Objects.requireNonNull(row, "row").deepCopy();
    this.repository = repository;
  }

  /** The three task families of the paper's evaluation, and a long-horizon task worked on with tools. */
  public enum Family {
    /** Proactive interference: key-value update streams (PI-LLM, "Unable to Forget"). */
    PI_LLM("pi-llm", "updates/key", "keys"),
    /** Multi-needle reasoning over family relations (NeedleBench v2). */
    NEEDLE("needle", "tokens", "needles"),
    /** Multi-round co-reference (OpenAI MRCR). */
    MRCR("mrcr", "tokens", "needles"),
    /**
     * Long-horizon repair: a generated repository with one planted bug per source file, fixed one
     * file at a time with {@code read_file}, {@code apply_patch} and {@code run_tests}, with and
     * without the {@code branch} and {@code return} tools.
     */
    FIX("fix", "files", "functions/file");

    private final String cliName;
    private final String sizeUnit;
    private final String variantName;

    Family(String cliName, String sizeUnit, String variantName) {
      this.cliName = cliName;
      this.sizeUnit = sizeUnit;
      this.variantName = variantName;
    }

    /** {@return the name on the command line} */
    public String cliName() {
      return cliName;
    }

    /** {@return what a size counts} */
    public String sizeUnit() {
      return sizeUnit;
    }

    /** {@return what the variant counts: keys for PI-LLM, needles otherwise} */
    public String variantName() {
      return variantName;
    }

    /** {@return the system prompt of the paper's Appendix D for this family; for {@link #FIX}, the project's own} */
    public String systemPrompt() {
      return switch (this) {
        case PI_LLM -> "You are an intelligent assistant specialized for PI-LLM (Proactive Interference) testing."
            + " Your task is to track continuous updates to multiple key-value pairs and accurately remember the"
            + " latest value for each key amidst substantial interference information.\n"
            + "Remember: First use the `fragment_context` tool to split the long text into multiple fragments,"
            + " then use `fold_fragment` to fold unimportant, earlier key-value updates, allowing you to"
            + " concentrate on the final updates. The recommended approach is to divide the entire update stream"
            + " into multiple fragments (e.g., ten fragments), then keep only the last two or three fragments"
            + " while folding the rest. This strategy enables focus on the current, most recent content without"
            + " being distracted by earlier information.";
        case NEEDLE -> "You are an agent skilled at analyzing family relationships between different people. You"
            + " have \"search_context\" and \"get_search_detail\" tools. You excel at conducting chained searches for"
            + " key information in long texts until you find complete information to reach your desired final"
            + " answer.\nWhen searching for the oldest ancestor, ensure that every person name found has been"
            + " verified through the search tools to confirm they truly have no higher-level ancestors before"
            + " concluding your reasoning.";
        case MRCR -> "You are a helpful assistant. You can autonomously manage your own context: fold irrelevant"
            + " information, focus on useful details, summarize long texts to keep your context concise, and use"
            + " search tools to find key information in large documents.";
        case FIX -> "You are a software engineer working in a Python repository through tools: read_file,"
            + " apply_patch and run_tests. The tests are right; the code has bugs. Fix the failing tests one"
            + " source file at a time, and run the file's tests after each change. When the branch and return"
            + " tools are offered, work on each file in its own branch and return with its outcome: the file,"
            + " the failing test and its error, the line you changed (as it read and as it reads now), and the"
            + " test's status line from your last run.";
      };
    }

    /** {@return the family whose command-line name is {@code name}, or {@code null}} */
    public static Family byCliName(String name) {
      for (Family family : values()) {
        if (family.cliName.equals(name)) {
          return family;
        }
      }
      return null;
    }
  }

  /** {@return the family} */
  public Family family() {
    return family;
  }

  /** {@return the prompt id: unique within a run, the key under which results are recorded and resumed} */
  public String id() {
    return id;
  }

  /**
   * {@return the size: updates per key for PI-LLM, source files for fix, tokens otherwise (a
   * power-of-two bin for data set rows)}
   */
  public int size() {
    return size;
  }

  /** {@return the variant: keys for PI-LLM, needles for NeedleBench and MRCR, functions per file for fix} */
  public int variant() {
    return variant;
  }

  /** {@return the conversation, ending with the question (for fix, with the request)} */
  public Conversation conversation() {
    return conversation;
  }

  /** {@return the texts the gold answer needs, each of which must be visible to answer correctly} */
  public List<String> facts() {
    return facts;
  }

  /** {@return the gold answer} */
  public String gold() {
    return gold;
  }

  /** {@return the score of {@code answer} by the benchmark's own grader, from 0 to 1} */
  public double score(String answer) {
    return scorer.applyAsDouble(answer == null ? "" : answer);
  }

  /**
   * {@return the repository the agent works on with application tools}, for {@link Family#FIX};
   * empty for the other families, whose whole task is the conversation
   */
  public Optional<Repository> repository() {
    return Optional.ofNullable(repository);
  }

  /** {@return the task as one row of its public data set, in that data set's own fields} */
  public ObjectNode row() {
    return row.deepCopy();
  }
}
