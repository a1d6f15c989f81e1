package io.sculptor.examples.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.TokenCounter;
import io.sculptor.openai.TiktokenCounter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Generates tasks in the public benchmarks' own formats, deterministically from a seed (the same
 * arguments give the same bytes):
 *
 * <ul>
 *   <li>PI-LLM ("Unable to Forget"): the paper code's instruction, the whole update stream on one
 *       line as {@code key: value; key: value; ...}, category words as keys and words of that
 *       category as values, no key twice in a row, and its question.
 *   <li>NeedleBench v2 multi-needle reasoning: its relation templates and terms, people with full
 *       names, the needles each on its own line from a depth of the filler on, 10% of the length
 *       apart, in its English prompt with the question at the end.
 *   <li>OpenAI MRCR: a first user message of two worked examples, lowercase requests
 *       {@code write a <format> about <topic>}, the same request 2, 4 or 8 times among distractors,
 *       and the final {@code Prepend <random string> to the 2nd (1 indexed) <format> about <topic>.}
 * </ul>
 *
 * <p>The words are the project's own ({@link Words}); so is the filler, where NeedleBench uses Paul
 * Graham's essays. Token-sized tasks are measured with tiktoken's {@code o200k_base} and land
 * within ±5% of the requested size. Each task also carries its row in the data set's own shape, so
 * {@code --export} writes files that {@code --input} reads back.
 */
public final class TaskGenerator {
  /** The counter tasks are sized with. */
  public static final TokenCounter COUNTER = TiktokenCounter.o200k();

  static final ObjectMapper JSON = new ObjectMapper();

  /** NeedleBench v2's English relation templates, {@code {A}} the elder and {@code {B}} the younger. */
  static final List<String> RELATION_TEMPLATES = List.of(
      "{A} is {B}'s {relationship}.",
      "{B}'s {relationship} is {A}.",
      "{A}, as {B}'s {relationship}, has a significant impact on {B}'s upbringing.",
      "{A} is not only {B}'s {relationship} but also {B}'s role model.",
      "During {B}'s upbringing, {A} was not only {B}'s {relationship}, but also {B}'s guardian.",
      "For {B}, {A} is not just a {relationship}, but also a friend.",
      "For {B}, {A} is more than just a {relationship}; {A} is a lifelong mentor of {B}.");

  /** NeedleBench v2's English relation terms. */
  static final List<String> RELATION_TERMS = List.of("father", "mother", "dad", "mom", "grandfather",
      "grandmother", "maternal grandmother", "maternal grandfather", "paternal grandfather", "paternal grandmother");

  /** The sentence MRCR's first user message begins with. */
  static final String MRCR_PREAMBLE =
      "Here are some examples of conversations succeeded by a follow-up question answered correctly:";

  private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private TaskGenerator() {}

  /**
   * A PI-LLM task: {@code keys} category keys, each updated {@code updatesPerKey} times with
   * distinct words of its category, in one user message.
   *
   * @param updatesPerKey updates per key, at least 1
   * @param keys number of keys, 1 to the number of categories (the paper uses 46)
   * @param seed the seed
   * @return the task
   */
  public static EvalTask piLlm(int updatesPerKey, int keys, long seed) {
    int categories = Words.CATEGORIES.size();
    if (updatesPerKey < 1 || updatesPerKey > 400 || keys < 1 || keys > categories) {
      throw new IllegalArgumentException("need 1 <= updatesPerKey <= 400 and 1 <= keys <= " + categories
          + ", got [" + updatesPerKey + ", " + keys + "]");
    }
    Random random = new Random(seed);
    List<String> names = new ArrayList<>(Words.CATEGORIES.keySet());
    Collections.shuffle(names, random);
    names = List.copyOf(names.subList(0, keys));
    List<List<String>> values = new ArrayList<>();
    for (String name : names) {
      values.add(Words.values(name, updatesPerKey, random));
    }
    int[] next = new int[keys];
    List<String[]> updates = new ArrayList<>(keys * updatesPerKey);
    Map<String, String> latest = new LinkedHashMap<>();
    for (String name : names) {
      latest.put(name, "");
    }
    for (int k : streamOrder(keys, updatesPerKey, random)) {
      String value = values.get(k).get(next[k]++);
      updates.add(new String[] {names.get(k), value});
      latest.put(names.get(k), value);
    }
    String content = piLlmPrompt(names, updates);
    List<String> facts = new ArrayList<>();
    StringBuilder gold = new StringBuilder();
    latest.forEach((key, value) -> {
      facts.add(key + ": " + value + ";");
      gold.append("The current value of ").append(key).append(" is ").append(value).append(".\n");
    });
    String id = "pi-llm-" + updatesPerKey + "-" + keys + "-s" + seed;
    ObjectNode row = JSON.createObjectNode();
    row.put("id", id);
    row.put("prompt", messagesJson(List.of(Message.user(content))));
    row.put("answer_formatted", json(JSON.valueToTree(latest)));
    row.put("n_updates", updatesPerKey);
    row.put("n_keys", keys);
    row.put("experiment", "exp_updates");
    Map<String, String> truth = Map.copyOf(latest);
    return new EvalTask(EvalTask.Family.PI_LLM, id, updatesPerKey, keys, Conversation.of(Message.user(content)),
        facts, gold.toString().strip(), answer -> Graders.piLlm(answer, truth), row);
  }

  /**
   * {@return the PI-LLM prompt of the paper's code} for the default settings (updates as
   * {@code key: value}, random order, the current value asked for, the answer format
   * "verbal_redundant"): the instruction, the stream on one line, the question
   *
   * @param keys the tracked keys, in the order the instruction lists them
   * @param updates the stream, each a key and its new value
   */
  static String piLlmPrompt(List<String> keys, List<String[]> updates) {
    String list = String.join(", ", keys);
    StringBuilder stream = new StringBuilder();
    for (String[] update : updates) {
      stream.append(update[0]).append(": ").append(update[1]).append("; ");
    }
    return "As my secretary, I need you to carefully read a text stream where the values of multiple keys are being"
        + " continuously updated.The " + keys.size() + " keys to track include " + list + ". I will ask you to"
        + " identify the value of each key later.\n\nThe text stream starts on the next line.\n " + stream
        + "\n\nWhat are the current value of each key (" + list + ") you are tracking? End your response with:"
        + " 'The current value of <key> is <value>.'";
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
          // One key is left alone; PI-LLM's own randomiser gives up the same way.
          pick = previous;
        } else {
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
      }
      order.add(pick);
      remaining[pick]--;
      previous = pick;
    }
    return order;
  }

  /**
   * A NeedleBench v2 multi-needle reasoning task: {@code needles} relation statements chaining
   * {@code needles + 1} people, shuffled and placed in filler text from a depth of 0% to 100%, then
   * the question for the eldest relative the last person can trace back to.
   *
   * @param targetTokens the size of the task in tokens
   * @param needles the number of statements, 2 to 5 in NeedleBench v2
   * @param seed the seed
   * @return the task
   */
  public static EvalTask needle(int targetTokens, int needles, long seed) {
    if (needles < 1 || needles > 20 || targetTokens < 1_000) {
      throw new IllegalArgumentException("need 1 <= needles <= 20 and targetTokens >= 1000, got [" + needles + ", "
          + targetTokens + "]");
    }
    Random random = new Random(seed);
    List<String> people = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    while (people.size() < needles + 1) {
      String name = Words.fullName(random);
      if (seen.add(name)) {
        people.add(name);
      }
    }
    List<String> statements = new ArrayList<>();
    for (int i = 0; i < needles; i++) {
      statements.add(relation(Words.pick(random, RELATION_TEMPLATES), people.get(i), people.get(i + 1),
          Words.pick(random, RELATION_TERMS)));
    }
    List<String> placed = new ArrayList<>(statements);
    Collections.shuffle(placed, random);
    String lastPerson = people.get(needles);
    long fixed = COUNTER.countTokens(needlePrompt("", lastPerson)) + 4;
    for (String statement : placed) {
      fixed += COUNTER.countTokens("\n" + statement + "\n");
    }
    List<String> sentences = new ArrayList<>();
    List<Long> starts = new ArrayList<>();
    long filler = 0;
    while (filler < targetTokens - fixed) {
      String sentence = Words.sentence(random);
      sentences.add(sentence);
      starts.add(filler);
      filler += COUNTER.countTokens(" " + sentence);
    }
    int depth = 10 * random.nextInt(11);
    // NeedleBench puts the first needle at the depth and each next one 10% of the length after the previous.
    Map<Integer, List<String>> before = new LinkedHashMap<>();
    long point = filler * depth / 100;
    for (String statement : placed) {
      int index = Collections.binarySearch(starts, point);
      index = index >= 0 ? index : -index - 1;
      before.computeIfAbsent(Math.min(index, sentences.size()), k -> new ArrayList<>()).add(statement);
      point += COUNTER.countTokens(statement) + filler / 10;
    }
    StringBuilder context = new StringBuilder();
    int inParagraph = 0;
    int length = 4 + random.nextInt(5);
    for (int i = 0; i <= sentences.size(); i++) {
      for (String statement : before.getOrDefault(i, List.of())) {
        context.append('\n').append(statement).append('\n');
      }
      if (i == sentences.size()) {
        break;
      }
      if (i > 0) {
        if (inParagraph == length) {
          context.append("\n\n");
          inParagraph = 0;
          length = 4 + random.nextInt(5);
        } else {
          context.append(' ');
        }
      }
      context.append(sentences.get(i));
      inParagraph++;
    }
    String content = needlePrompt(context.toString(), lastPerson);
    String gold = people.get(0);
    String id = "needle-" + targetTokens + "-" + needles + "-s" + seed;
    ObjectNode row = JSON.createObjectNode();
    row.put("id", id);
    row.put("prompt", content);
    row.put("answer", gold);
    return new EvalTask(EvalTask.Family.NEEDLE, id, targetTokens, needles, Conversation.of(Message.user(content)),
        statements, gold, answer -> Graders.needleBench(answer, gold), row);
  }

  /** {@return one NeedleBench relation statement: {@code elder} is {@code younger}'s {@code term}} */
  static String relation(String template, String elder, String younger, String term) {
    return template.replace("{A}", elder).replace("{B}", younger).replace("{relationship}", term);
  }

  /**
   * {@return NeedleBench v2's English multi-needle reasoning prompt with the question at the end}
   *
   * @param context the haystack with the needles in it
   * @param lastPerson the person whose eldest relative is asked for
   */
  static String needlePrompt(String context, String lastPerson) {
    return "This is a test of long-text capability. You need to first read the long document below, and then answer"
        + " the final question based on the information in the document.\nThe content of the long document is as"
        + " follows\n\n<Document>\n" + context + "\n</Document>\n\nBased on the information in the document, now"
        + " please answer: Given the context described above, who is the eldest relative that '" + lastPerson
        + "' can trace back to in the context?\n\nFor example:\nExample 1: If James Hill's father is Jasmine Lane,"
        + " and no further information about familial relationships is provided in the text, then the oldest"
        + " relative James Hill can trace back to in the provided text is \\boxed{Jasmine Lane}.\nExample 2: If"
        + " Andrew Williams's grandmother is Dan Newton, and Dan Newton's father is James Hill, and no further"
        + " information about familial relationships is provided in the text, then the oldest relative Andrew"
        + " Williams can trace back to in the provided text is \\boxed{James Hill}.\nExample 3: If Jeff White's"
        + " father is Kevin Le, Dan Newton's grandmother is Jeff White, and Jeff White's father is Kevin Le, and"
        + " Shelley Mills is Dan Newton's great-granddaughter, and no further information about familial"
        + " relationships is provided in the text, then the oldest relative Shelley Mills can trace back to in the"
        + " provided text is \\boxed{Kevin Le}.\n\nNotes:\n1. You do not need to worry about the gender consistency"
        + " of names in this test. For example, a name that is typically considered feminine can still be the"
        + " father of another person. Our primary focus is on who is older.\n2. Ignore surname inheritance issues."
        + " For instance, Andrew Williams could still be the biological father of Christopher Baker. We only care"
        + " about who is older and do not need to consider whether a child should inherit the father's or mother's"
        + " surname.\n3. At the end of your response, remember to put your final answer within \\boxed{}. For"
        + " example: \"So the oldest relative '" + lastPerson + "' can trace back to in the provided text is"
        + " \\boxed{(your answer here)}.\"\n\n";
  }

  /**
   * An MRCR task: after the worked examples, a conversation in which one request appears
   * {@code needles} times among distractor requests, then the request for one of its answers with
   * a random string prepended.
   *
   * @param targetTokens the size of the conversation in tokens
   * @param needles how often the same request appears (2, 4 or 8 in MRCR)
   * @param seed the seed
   * @return the task
   */
  public static EvalTask mrcr(int targetTokens, int needles, long seed) {
    if (needles < 1 || needles > 64 || targetTokens < 1_000) {
      throw new IllegalArgumentException("need 1 <= needles <= 64 and targetTokens >= 1000, got [" + needles
          + ", " + targetTokens + "]");
    }
    Random random = new Random(seed);
    String format = Words.pick(random, Words.FORMATS);
    String topic = Words.pick(random, Words.TOPICS);
    String request = mrcrRequest(format, topic);
    String preamble = mrcrPreamble(List.of(mrcrExample(random), mrcrExample(random)));
    int responseTokens = Math.max(30, Math.min(400, targetTokens / (3 * needles + 6)));
    int which = 1 + random.nextInt(needles);
    String prefix = randomString(random);
    String finalRequest = mrcrFinal(prefix, which, format, topic);
    long total = COUNTER.countTokens(preamble) + COUNTER.countTokens(finalRequest) + 8;
    List<String[]> needlePairs = new ArrayList<>();
    for (int i = 0; i < needles; i++) {
      String response = response(random, format, topic, responseTokens);
      needlePairs.add(new String[] {request, response});
      total += COUNTER.countTokens(request) + COUNTER.countTokens(response) + 8;
    }
    List<String[]> turns = new ArrayList<>();
    while (total < targetTokens) {
      String otherFormat;
      String otherTopic;
      do {
        otherFormat = Words.pick(random, Words.FORMATS);
        otherTopic = Words.pick(random, Words.TOPICS);
      } while (otherFormat.equals(format) && otherTopic.equals(topic));
      String ask = mrcrRequest(otherFormat, otherTopic);
      long room = targetTokens - total - COUNTER.countTokens(ask) - 8;
      String answer = response(random, otherFormat, otherTopic, (int) Math.max(10, Math.min(responseTokens, room)));
      turns.add(new String[] {ask, answer});
      total += COUNTER.countTokens(ask) + COUNTER.countTokens(answer) + 8;
    }
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < needles; i++) {
      positions.add(random.nextInt(turns.size() + 1));
    }
    Collections.sort(positions);
    for (int i = needles - 1; i >= 0; i--) {
      turns.add(positions.get(i), needlePairs.get(i));
    }
    List<Message> messages = new ArrayList<>();
    messages.add(Message.user(preamble));
    int desired = -1;
    int seenNeedles = 0;
    for (String[] turn : turns) {
      if (turn[0].equals(request) && ++seenNeedles == which) {
        desired = messages.size();
      }
      messages.add(Message.user(turn[0]));
      messages.add(Message.assistant(turn[1]));
    }
    messages.add(Message.user(finalRequest));
    String target = messages.get(desired + 1).content();
    String gold = prefix + target;
    String id = "mrcr-" + targetTokens + "-" + needles + "-s" + seed;
    long characters = messages.stream().mapToLong(m -> m.content().length()).sum();
    ObjectNode row = JSON.createObjectNode();
    row.put("id", id);
    row.put("prompt", messagesJson(messages));
    row.put("answer", gold);
    row.put("random_string_to_prepend", prefix);
    row.put("desired_msg_index", desired);
    row.put("n_needles", needles);
    row.put("total_messages", messages.size());
    row.put("n_chars", characters);
    return new EvalTask(EvalTask.Family.MRCR, id, targetTokens, needles, Conversation.of(messages), List.of(target),
        gold, answer -> Graders.mrcr(answer, gold, prefix), row);
  }

  /** {@return MRCR's request: {@code write a <format> about <topic>}, lowercase, "a" even before a vowel} */
  static String mrcrRequest(String format, String topic) {
    return "write a " + format + " about " + topic;
  }

  /** {@return MRCR's final request for the {@code which}-th answer, 1-indexed} */
  static String mrcrFinal(String prefix, int which, String format, String topic) {
    return "Prepend " + prefix + " to the " + ordinal(which) + " (1 indexed) " + format + " about " + topic
        + ". Do not include any other text in your response.";
  }

  /** {@return MRCR's first user message: the preamble and the worked examples} */
  static String mrcrPreamble(List<String> examples) {
    StringBuilder out = new StringBuilder(MRCR_PREAMBLE).append("\n\n");
    for (String example : examples) {
      out.append("======EXAMPLE======\n").append(example).append("======END EXAMPLE======\n");
    }
    return out.toString();
  }

  /** One worked example: a few turns, one request twice, and the follow-up question answered correctly. */
  private static String mrcrExample(Random random) {
    String format = Words.pick(random, Words.FORMATS);
    String topic = Words.pick(random, Words.TOPICS);
    String other = mrcrRequest(Words.pick(random, Words.FORMATS), Words.pick(random, Words.TOPICS));
    String first = response(random, format, topic, 60);
    String between = response(random, "essay", "examples", 40);
    String second = response(random, format, topic, 60);
    String prefix = randomString(random);
    int which = 1 + random.nextInt(2);
    return "User: " + mrcrRequest(format, topic) + "\nAssistant: " + first + "\nUser: " + other + "\nAssistant: "
        + between + "\nUser: " + mrcrRequest(format, topic) + "\nAssistant: " + second + "\nUser: "
        + mrcrFinal(prefix, which, format, topic) + "\nAssistant: " + prefix + (which == 1 ? first : second) + "\n";
  }

  /** {@return the tokens of {@code conversation} with per-message overhead, under {@link #COUNTER}} */
  public static long tokens(Conversation conversation) {
    long total = 0;
    for (Message m : conversation) {
      total += COUNTER.countMessageOverhead(m) + COUNTER.countTokens(m.content());
    }
    return total;
  }

  /** {@return {@code messages} as the JSON text of a Chat Completions message array, as data sets store prompts} */
  static String messagesJson(List<Message> messages) {
    ArrayNode array = JSON.createArrayNode();
    for (Message m : messages) {
      array.addObject().put("role", m.role().wireName()).put("content", m.content());
    }
    return json(array);
  }

  static String json(Object node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String response(Random random, String format, String topic, int tokens) {
    StringBuilder out = new StringBuilder();
    boolean verse = format.equals("poem") || format.equals("song") || format.equals("riddle")
        || format.equals("limerick");
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

  private static String randomString(Random random) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      out.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
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
}
