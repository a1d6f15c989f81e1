package io.sculptor.examples.eval;

import io.sculptor.core.Conversation;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * One generated long-context task: the conversation the model receives, the facts the gold answer
 * needs, the system prompt of the paper for its family, and how an answer is scored.
 */
public final class EvalTask {
  private final Family family;
  private final int size;
  private final int variant;
  private final long seed;
  private final Conversation conversation;
  private final List<String> facts;
  private final String gold;
  private final ToDoubleFunction<String> scorer;

  EvalTask(Family family, int size, int variant, long seed, Conversation conversation, List<String> facts,
      String gold, ToDoubleFunction<String> scorer) {
    this.family = Objects.requireNonNull(family, "family");
    this.size = size;
    this.variant = variant;
    this.seed = seed;
    this.conversation = Objects.requireNonNull(conversation, "conversation");
    this.facts = List.copyOf(facts);
    this.gold = Objects.requireNonNull(gold, "gold");
    this.scorer = Objects.requireNonNull(scorer, "scorer");
  }

  /** The three task families of the paper's evaluation. */
  public enum Family {
    /** Proactive interference: key-value update streams (PI-LLM). */
    PI_LLM("pi-llm", "updates/key"),
    /** Multi-needle reasoning over family relations (NeedleBench). */
    NEEDLE("needle", "tokens"),
    /** Multi-round co-reference (MRCR). */
    MRCR("mrcr", "tokens");

    private final String cliName;
    private final String sizeUnit;

    Family(String cliName, String sizeUnit) {
      this.cliName = cliName;
      this.sizeUnit = sizeUnit;
    }

    /** {@return the name on the command line} */
    public String cliName() {
      return cliName;
    }

    /** {@return what a size counts} */
    public String sizeUnit() {
      return sizeUnit;
    }

    /** {@return the system prompt of the paper's Appendix D for this family} */
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
      };
    }
  }

  /** {@return the family} */
  public Family family() {
    return family;
  }

  /** {@return the size: updates per key for PI-LLM, target tokens otherwise} */
  public int size() {
    return size;
  }

  /** {@return the variant: keys for PI-LLM, chain length for needle, identical requests for MRCR} */
  public int variant() {
    return variant;
  }

  /** {@return the seed the task was generated from} */
  public long seed() {
    return seed;
  }

  /** {@return the conversation, ending with the question} */
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

  /** {@return the score of {@code answer}, from 0 to 1} */
  public double score(String answer) {
    return scorer.applyAsDouble(answer == null ? "" : answer);
  }
}
