package io.sculptor.examples.eval;

import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.TokenCounter;
import io.sculptor.openai.TiktokenCounter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates the tasks of the paper's evaluation formats, deterministically from a seed: the same
 * arguments give the same bytes. Token-sized tasks are measured with tiktoken's {@code o200k_base}
 * and land within ±5% of the requested size.
 */
public final class TaskGenerator {
  /** The counter tasks are sized with. */
  public static final TokenCounter COUNTER = TiktokenCounter.o200k();

  private static final Pattern ANSWER_LINE = Pattern.compile(
      "the current value of (\\S+) is (\\S+?)\\.?\\s*$", Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

  private TaskGenerator() {}

  /**
   * A PI-LLM task: {@code keys} keys, each updated {@code updatesPerKey} times, in one user message
   * of shuffled {@code key: value} lines in which no key comes twice in a row, then the question.
   *
   * @param updatesPerKey updates per key, at least 1
   * @param keys number of keys, 1 to 60 (the paper uses 46)
   * @param seed the seed
   * @return the task
   */
  public static EvalTask piLlm(int updatesPerKey, int keys, long seed) {
    if (updatesPerKey < 1 || keys < 1 || keys > Words.KEYS.length) {
      throw new IllegalArgumentException("need updatesPerKey >= 1 and 1 <= keys <= " + Words.KEYS.length
          + ", got [" + updatesPerKey + ", " + keys + "]");
    }
    Random random = new Random(seed);
    List<String> names = new ArrayList<>(List.of(Words.KEYS));
    Collections.shuffle(names, random);
    names = names.subList(0, keys);
    List<Integer> order = streamOrder(keys, updatesPerKey, random);
    String[] latest = new String[keys];
    List<Set<Integer>> used = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      used.add(new HashSet<>());
    }
    StringBuilder stream = new StringBuilder();
    for (int k : order) {
      int value;
      do {
        value = 10_000 + random.nextInt(90_000);
      } while (!used.get(k).add(value));
      latest[k] = Integer.toString(value);
      stream.append(names.get(k)).append(": ").append(value).append('\n');
    }
    List<String> facts = new ArrayList<>();
    StringBuilder gold = new StringBuilder();
    for (int k = 0; k < keys; k++) {
      facts.add(names.get(k) + ": " + latest[k]);
      gold.append("The current value of ").append(names.get(k)).append(" is ").append(latest[k]).append(".\n");
    }
    String question = "Question: What is the current value of each of these keys: " + String.join(", ", names)
        + "? Answer with one line per key, in the form: The current value of <key> is <value>.";
    String content = "Below is a stream of key-value updates. Each line sets a key to a new value; only the"
        + " latest value of each key counts.\n\nUPDATES BEGIN\n" + stream + "UPDATES END\n\n" + question;
    List<String> keyNames = List.copyOf(names);
    String[] values = latest.clone();
    return new EvalTask(EvalTask.Family.PI_LLM, updatesPerKey, keys, seed, Conversation.of(Message.user(content)),
        facts, gold.toString().strip(), answer -> {
          Matcher m = ANSWER_LINE.matcher(answer);
          java.util.Map<String, String> given = new java.util.HashMap<>();
          while (m.find()) {
            given.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2).toLowerCase(Locale.ROOT));
          }
          int correct = 0;
          for (int k = 0; k < keyNames.size(); k++) {
            if (values[k].equalsIgnoreCase(given.getOrDefault(keyNames.get(k).toLowerCase(Locale.ROOT), ""))) {
              correct++;
            }
          }
          return (double) correct / keyNames.size();
        });
  }

  /** The order of updates: each key {@code perKey} times, shuffled, never the same key twice in a row. */
  static List<Integer> streamOrder(int keys, int perKey, Random random) {
    int[] remaining = new int[keys];
    java.util.Arrays.fill(remaining, perKey);
    List<Integer> order = new ArrayList<>(keys * perKey);
    int total = keys * perKey;
    int previous = -1;
    for (int n = 0; n < total; n++) {
      int left = total - n;
      int pick = -1;
      // A key holding more than half of what is left must go now, or it cannot avoid repeating.
      for (int k = 0; k < keys; k++) {
        if (k != previous && remaining[k] * 2 > left) {
          pick = k;
        }
      }
      if (pick < 0) {
        int weight = left - (previous >= 0 ? remaining[previous] : 0);
        if (weight <= 0) {
          throw new IllegalStateException("no key can follow [" + previous + "]");
        }
        int draw = random.nextInt(weight);
        for (int k = 0; k < keys; k++) {
          if (k == previous) {
            continue;
          }
          if (draw < remaining[k]) {
            pick = k;
            break;
          }
          draw -= remaining[k];
        }
      }
      order.add(pick);
      remaining[pick]--;
      previous = pick;
    }
    return order;
  }

  /**
   * A NeedleBench-style multi-needle reasoning task: a chain of {@code chain} parent statements
   * about invented people, shuffled and placed in filler text from 40% depth on, then a question
   * for the eldest relative the last person can trace back to.
   *
   * @param targetTokens the size of the task in tokens
   * @param chain the number of statements, 2 to 5 in the paper
   * @param seed the seed
   * @return the task
   */
  public static EvalTask needle(int targetTokens, int chain, long seed) {
    if (chain < 1 || chain > 20 || targetTokens < 200) {
      throw new IllegalArgumentException("need 1 <= chain <= 20 and targetTokens >= 200, got [" + chain + ", "
          + targetTokens + "]");
    }
    Random random = new Random(seed);
    List<String> people = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    while (people.size() < chain + 1) {
      String name = Words.name(random);
      if (seen.add(name)) {
        people.add(name);
      }
    }
    List<String> needles = new ArrayList<>();
    for (int i = 0; i < chain; i++) {
      String parent = people.get(i);
      String child = people.get(i + 1);
      String role = random.nextBoolean() ? "father" : "mother";
      needles.add(random.nextBoolean() ? parent + " is the " + role + " of " + child + "."
          : child + "'s " + role + " is " + parent + ".");
    }
    String youngest = people.get(chain);
    String question = "Question: Based on the text above, who is the eldest relative that " + youngest
        + " can trace back to in this family? Answer with the name only.";
    int fixed = COUNTER.countTokens(String.join(" ", needles)) + COUNTER.countTokens(question) + 8;
    List<String> sentences = fill(random, Math.max(50, targetTokens - fixed));
    List<String> placed = new ArrayList<>(needles);
    Collections.shuffle(placed, random);
    int start = (int) (sentences.size() * 0.4);
    int span = Math.max(1, (int) (sentences.size() * 0.5));
    for (int i = placed.size() - 1; i >= 0; i--) {
      sentences.add(Math.min(sentences.size(), start + span * i / Math.max(1, placed.size())), placed.get(i));
    }
    String haystack = paragraphs(sentences, random);
    String gold = people.get(0);
    return new EvalTask(EvalTask.Family.NEEDLE, targetTokens, chain, seed,
        Conversation.of(Message.user(haystack + "\n\n" + question)), needles, gold,
        answer -> lastWord(answer).equalsIgnoreCase(gold) ? 1.0 : 0.0);
  }

  /**
   * An MRCR-style task: a multi-turn conversation in which the same request appears
   * {@code identical} times among distractor requests, then a request for the i-th answer to it
   * with a random string prepended.
   *
   * @param targetTokens the size of the conversation in tokens
   * @param identical how often the same request appears (2, 4 or 8 in the paper)
   * @param seed the seed
   * @return the task
   */
  public static EvalTask mrcr(int targetTokens, int identical, long seed) {
    if (identical < 1 || identical > 64 || targetTokens < 300) {
      throw new IllegalArgumentException("need 1 <= identical <= 64 and targetTokens >= 300, got [" + identical
          + ", " + targetTokens + "]");
    }
    Random random = new Random(seed);
    String genre = Words.pick(random, Words.GENRES);
    String topic = Words.pick(random, Words.TOPICS);
    String request = "Write a " + genre + " about " + topic + ".";
    int responseTokens = Math.max(30, Math.min(400, targetTokens / (3 * identical + 6)));
    int which = 1 + random.nextInt(identical);
    String prefix = randomString(random, 10);
    String finalRequest = "Prepend " + prefix + " to the " + ordinal(which) + " " + genre + " about " + topic
        + ". Do not include any other text in your response.";
    List<String[]> needles = new ArrayList<>();
    long total = COUNTER.countTokens(finalRequest) + 3;
    for (int i = 0; i < identical; i++) {
      String response = response(random, genre, topic, responseTokens);
      needles.add(new String[] {request, response});
      total += COUNTER.countTokens(request) + COUNTER.countTokens(response) + 6;
    }
    List<String[]> turns = new ArrayList<>();
    while (total < targetTokens) {
      String distractorGenre;
      String distractorTopic;
      do {
        distractorGenre = Words.pick(random, Words.GENRES);
        distractorTopic = Words.pick(random, Words.TOPICS);
      } while (distractorGenre.equals(genre) && distractorTopic.equals(topic));
      String ask = "Write a " + distractorGenre + " about " + distractorTopic + ".";
      long room = targetTokens - total - COUNTER.countTokens(ask) - 6;
      String answer = response(random, distractorGenre, distractorTopic,
          (int) Math.max(10, Math.min(responseTokens, room)));
      turns.add(new String[] {ask, answer});
      total += COUNTER.countTokens(ask) + COUNTER.countTokens(answer) + 6;
    }
    List<Integer> slots = new ArrayList<>();
    for (int i = 0; i <= turns.size(); i++) {
      slots.add(i);
    }
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < identical; i++) {
      positions.add(slots.get(random.nextInt(slots.size())));
    }
    Collections.sort(positions);
    for (int i = identical - 1; i >= 0; i--) {
      turns.add(positions.get(i), needles.get(i));
    }
    List<Message> messages = new ArrayList<>();
    for (String[] turn : turns) {
      messages.add(Message.user(turn[0]));
      messages.add(Message.assistant(turn[1]));
    }
    messages.add(Message.user(finalRequest));
    String target = needles.get(which - 1)[1];
    String gold = prefix + target;
    return new EvalTask(EvalTask.Family.MRCR, targetTokens, identical, seed, Conversation.of(messages),
        List.of(target), gold, answer -> {
          if (!answer.startsWith(prefix)) {
            return 0.0;
          }
          return SequenceMatcher.ratio(answer.substring(prefix.length()), gold.substring(prefix.length()));
        });
  }

  /** {@return the tokens of {@code conversation} with per-message overhead, under {@link #COUNTER}} */
  public static long tokens(Conversation conversation) {
    long total = 0;
    for (Message m : conversation) {
      total += COUNTER.countMessageOverhead(m) + COUNTER.countTokens(m.content());
    }
    return total;
  }

  private static List<String> fill(Random random, int tokens) {
    List<String> sentences = new ArrayList<>();
    long total = 0;
    while (total < tokens) {
      String sentence = Words.sentence(random);
      sentences.add(sentence);
      total += COUNTER.countTokens(" " + sentence);
    }
    return sentences;
  }

  private static String paragraphs(List<String> sentences, Random random) {
    StringBuilder out = new StringBuilder();
    int inParagraph = 0;
    int length = 4 + random.nextInt(5);
    for (String sentence : sentences) {
      if (inParagraph == length) {
        out.append("\n\n");
        inParagraph = 0;
        length = 4 + random.nextInt(5);
      } else if (inParagraph > 0) {
        out.append(' ');
      }
      out.append(sentence);
      inParagraph++;
    }
    return out.toString();
  }

  private static String response(Random random, String genre, String topic, int tokens) {
    StringBuilder out = new StringBuilder();
    boolean verse = genre.equals("poem") || genre.equals("song") || genre.equals("riddle");
    out.append(verse ? "Of " + topic + " I sing" : "About " + topic).append(verse ? ",\n" : ": ");
    long total = COUNTER.countTokens(out.toString());
    while (total < tokens) {
      String part = verse
          ? Words.pick(random, Words.ADJECTIVES) + " " + topic + " " + Words.pick(random, Words.VERBS) + " "
              + Words.pick(random, Words.PLACES) + ",\n"
          : Words.sentence(random) + " ";
      out.append(part);
      total += COUNTER.countTokens(part);
    }
    return out.toString().strip();
  }

  private static String randomString(Random random, int length) {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  static String ordinal(int n) {
    int mod100 = n % 100;
    String suffix = mod100 >= 11 && mod100 <= 13 ? "th"
        : switch (n % 10) {
          case 1 -> "st";
          case 2 -> "nd";
          case 3 -> "rd";
          default -> "th";
        };
    return n + suffix;
  }

  private static String lastWord(String answer) {
    String[] words = answer.strip().split("[^\\p{L}\\p{N}]+");
    for (int i = words.length - 1; i >= 0; i--) {
      if (!words[i].isEmpty()) {
        return words[i];
      }
    }
    return "";
  }
}
