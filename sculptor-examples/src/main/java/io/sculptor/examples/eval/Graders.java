package io.sculptor.examples.eval;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The public benchmarks' own graders, written again in Java rule for rule, so that a score here is
 * the score their harnesses give the same answer:
 *
 * <ul>
 *   <li>PI-LLM: {@code grade_pi_response} of the data set's page (as ported to OpenCompass's
 *       {@code PILLMEvaluator}): key-value pairs are read from the answer by its verbal pattern
 *       ("the current value of KEY is VALUE") and by {@code KEY: VALUE} lines, the verbal reading
 *       winning; the score is the share of keys whose value is exactly the last one.
 *   <li>MRCR: OpenAI's {@code grade}: 0 unless the answer starts with the random string, else
 *       difflib's {@code SequenceMatcher} ratio of the answer and the gold, both without it.
 *   <li>NeedleBench v2: the answer inside the last {@code \boxed{}}, cleaned as
 *       {@code clean_atc_answer} does, must equal the gold name exactly.
 * </ul>
 */
final class Graders {
  private Graders() {}

  private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS
      | Pattern.UNIX_LINES;

  private static final Pattern VERBAL = Pattern.compile(
      "(?:the)?\\s*(?:most recent|final|last|latest|current|up-to-date|asked|queried|specified)\\s+(?:value|word|term)?"
          + "(?:s)?(?:\\s+\\w+){0,1}\\s+(?:with|for|of|to)?\\s+(?:the )?(?:category|key)?\\s*"
          + "([\"'\\[<]?\\w+(?:\\s+\\w+)?[\"'\\]>]?)\\s+(?:is|was)(?:\\s*:\\s*)?\\s+"
          + "([\"'\\[<]?\\w+(?:\\s+\\w+)?[\"'\\]>]?)(?=\\n|[,.;:]|$)", FLAGS | Pattern.DOTALL);
  private static final Pattern QUOTES_AND_BRACKETS = Pattern.compile("[*'\"\u201c\u201d\u2018\u2019\\[\\]{}()<>]");
  private static final Pattern ERROR_WORD = Pattern.compile("\\berror\\b", FLAGS);
  private static final Pattern LONE_BACKSLASH = Pattern.compile("\\\\(?!n)");

  /**
   * {@return PI-LLM's score of {@code response}}: the share of {@code truth}'s keys whose value in
   * the response is exactly the true one (0 when the response is empty or reads as an error)
   */
  static double piLlm(String response, Map<String, String> truth) {
    if (truth.isEmpty()) {
      return 0.0;
    }
    Map<String, String> given = piLlmPairs(response);
    if (given == null) {
      return 0.0;
    }
    long correct = truth.entrySet().stream().filter(e -> e.getValue().equals(given.get(e.getKey()))).count();
    return (double) correct / truth.size();
  }

  /** {@return the key-value pairs PI-LLM's grader reads in {@code response}, or {@code null} for no answer} */
  static Map<String, String> piLlmPairs(String response) {
    if (response.isEmpty() || response.toLowerCase(Locale.ROOT).contains("error code")
        || response.startsWith("error") || response.startsWith("Error")
        || ERROR_WORD.matcher(response).find() && response.length() < 680) {
      return null;
    }
    String text = LONE_BACKSLASH.matcher(response).replaceAll("").replace("*", "");
    Map<String, String> merged = new LinkedHashMap<>();
    for (String line : text.split("\n", -1)) {
      int colon = line.indexOf(':');
      if (colon >= 0) {
        String key = clean(line.substring(0, colon));
        String value = clean(line.substring(colon + 1));
        if (!key.isEmpty() && !value.isEmpty()) {
          merged.put(key, value);
        }
      }
    }
    Matcher m = VERBAL.matcher(text);
    while (m.find()) {
      String key = clean(m.group(1));
      String value = clean(m.group(2));
      if (!key.isEmpty() && !value.isEmpty()) {
        merged.put(key, value);
      }
    }
    merged.remove("key");
    return merged;
  }

  private static String clean(String text) {
    return QUOTES_AND_BRACKETS.matcher(text).replaceAll("").strip();
  }

  /** {@return MRCR's score: 0 without the prefix, else the similarity ratio of the rest to the gold's rest} */
  static double mrcr(String response, String answer, String prefix) {
    if (!response.startsWith(prefix)) {
      return 0.0;
    }
    String gold = answer.startsWith(prefix) ? answer.substring(prefix.length()) : answer;
    return SequenceMatcher.ratio(response.substring(prefix.length()), gold);
  }

  /** {@return NeedleBench's score: 1 when the cleaned last boxed answer equals {@code answer}, else 0} */
  static double needleBench(String response, String answer) {
    return needleBenchAnswer(response).strip().equals(answer.strip()) ? 1.0 : 0.0;
  }

  /** {@return the answer NeedleBench reads in {@code response}: the last boxed text, cleaned, or {@code None}} */
  static String needleBenchAnswer(String response) {
    String boxed = lastBoxed(response);
    if (boxed == null || boxed.isEmpty()) {
      return "None";
    }
    Matcher doubled = Pattern.compile("^\\{(.*)\\}$", Pattern.UNIX_LINES).matcher(boxed);
    if (doubled.find()) {
      boxed = doubled.group(1);
    }
    return cleanAtcAnswer(boxed);
  }

  /** The content of the last {@code \boxed{...}} with balanced braces, or {@code null}. */
  private static String lastBoxed(String text) {
    int index = text.lastIndexOf("\\boxed");
    if (index < 0) {
      index = text.lastIndexOf("\\fbox");
      if (index < 0) {
        return null;
      }
    }
    int open = 0;
    int close = -1;
    for (int i = index; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '{') {
        open++;
      }
      if (c == '}') {
        open--;
        if (open == 0) {
          close = i;
          break;
        }
      }
    }
    if (close < 0) {
      return null;
    }
    String whole = text.substring(index, close + 1);
    return whole.startsWith("\\boxed{") ? whole.substring("\\boxed{".length(), whole.length() - 1) : null;
  }

  private static String cleanAtcAnswer(String text) {
    if (text.isEmpty() || text.equals("None")) {
      return "None";
    }
    String out = text.replaceAll("\\\\text\\{([^}]+)\\}", "$1");
    out = out.replaceAll("\\\\boxed\\{([^}]+)\\}", "$1");
    out = out.replaceAll("\\\\[\\[\\]]", "");
    out = out.replace("\\\\", "").replace("\\", "");
    out = out.replaceAll("(?U)\\s+", " ").strip();
    out = out.replace("\"", "").replace("'", "");
    return out.replace('~', ' ');
  }
}
