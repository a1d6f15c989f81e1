package io.sculptor.examples.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.openai.ChatCompletionsFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A task-agnostic stand-in for a model, so that the evaluation runs with no model and no network.
 * It sees only the conversation — each request as a Chat Completions body — and knows no benchmark:
 * no task's phrases, markers or answer shapes. It follows one general strategy of the paper's
 * tools, reading the text's own structure and the tools' results as a model would:
 *
 * <ol>
 *   <li>The question is the last user message's last sentence with a question mark (or its last
 *       paragraph). The long text is the message that holds most of the conversation — without its
 *       first paragraph and without the question's paragraph — or, when no message dominates, every
 *       message from the first to the one before the question.
 *   <li>It fragments the long text between markers copied from its first and last words (as many
 *       words as make each marker occur once), into about one fragment per 1,500 tokens, at most 20,
 *       and folds every fragment.
 *   <li>It searches the question's most specific words: quoted strings, items of a parenthesised
 *       list, names, codes, phrases of content words ("short news article about umbrellas") and
 *       single content words outside phrases; a phrase's single words only when the phrase matches
 *       nothing in the long text. For a search whose matches are all shown it restores every folded
 *       fragment that holds one; when some are not shown it searches again with the most results the
 *       tool allows (as the tool advises, at most ten times), and otherwise it restores the fragment
 *       of the newest hidden match.
 *   <li>Names found next to the matches of a name, inside the long text, are searched in turn
 *       (chained search), until nothing new turns up.
 *   <li>It folds its spent search results (one fragment from the first tool result to the last) and
 *       answers.
 * </ol>
 *
 * <p>It composes no answer to the question: its final message says what it kept visible. The
 * evaluation measures what it leaves visible (retention) and what its calls cost — and it can
 * fail: a fragment boundary can cut a needed text, a frequent word can point to the wrong
 * fragment, a fact far from the question's words is never found. {@link #respond} answers
 * Chat Completions bodies, so the same agent can stand behind sculptor-testing's
 * {@code LocalOpenAiServer}. Thread-safe.
 */
public final class ScriptedAgent implements ChatModel {
  /** The model name the agent answers as. */
  public static final String MODEL = "sculptor-scripted-agent";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_RESULTS = 50;
  private static final int FIRST_RESULTS = 1;
  private static final String CLEANUP = "Folding the spent search results: what they pointed to is restored.";
  private static final int MAX_SEARCHES = 120;
  private static final int MAX_WIDER_SEARCHES = 10;
  private static final int MAX_TERMS = 60;
  private static final Pattern LISTED = Pattern.compile("^- (f[0-9a-z]{5}): ", Pattern.MULTILINE);
  private static final Pattern PLAN = Pattern.compile(
      "the long text runs from message (\\d+) at character (\\d+) to message (\\d+) at character (\\d+)");
  private static final Pattern FOUND = Pattern.compile("^Found ([\\d,]+) match");
  private static final Pattern HIT = Pattern.compile("^\\[(s[0-9a-z]{5})\\] message (\\d+) \\((\\w+)\\), position"
      + " ([\\d,]+)(?: - inside (f[0-9a-z]{5}), which is (\\w+) now[^\\n]*)?:$", Pattern.MULTILINE);
  private static final Pattern QUOTED = Pattern.compile(
      "(?<![\\p{L}\\p{N}])['\"\u2018\u201c]([^'\"\u2019\u201d\\n<>]{2,80}?)['\"\u2019\u201d](?![\\p{L}\\p{N}])");
  private static final Pattern LIST = Pattern.compile("\\(([^()\\n]{3,4000})\\)");
  private static final Pattern NAME = Pattern.compile("\\p{Lu}[\\p{Ll}'\u2019-]+(?:[ \\t]+\\p{Lu}[\\p{Ll}'\u2019-]+)+");
  private static final Pattern CODE = Pattern.compile("(?<![\\p{L}\\p{N}])(?=[\\p{L}\\p{N}]*\\p{N})(?=[\\p{L}\\p{N}]*\\p{L})"
      + "[\\p{L}\\p{N}]{6,}(?![\\p{L}\\p{N}])");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'\u2019-]*");
  private static final Set<String> STOPWORDS = Set.copyOf(List.of(("a about above after again all also am an and any are as at"
      + " back based be been before being below between both but by can could did do does doing down during each"
      + " end every few for from further given had has have having he her here hers him his how i if in into is it"
      + " its just may me might more most must my no nor not now of off on once only or other our ours out over own"
      + " please same shall she should so some such than that the their theirs them then there these they this"
      + " those through to too under until up upon us very was we were what when where which while who whom whose"
      + " why will with would you your yours answer answers question response respond include including text"
      + " provided described following context document information format example use using").split(" ")));

  private final AtomicInteger responses = new AtomicInteger();

  @Override
  public ChatResponse chat(ChatRequest request) {
    return ChatCompletionsFormat.response(respond(ChatCompletionsFormat.request(MODEL, request,
        JSON.createObjectNode())));
  }

  /** {@return the Chat Completions response body for a Chat Completions request body} */
  public JsonNode respond(JsonNode requestBody) {
    List<Message> view = ChatCompletionsFormat.toMessages(requestBody.get("messages"));
    boolean tools = requestBody.path("tools").size() > 0 && !"none".equals(requestBody.path("tool_choice").asText());
    History history = new History(view);
    Decision decision = tools ? next(view, history) : Decision.answer(summary(history));
    return responseBody(decision);
  }

  /** What the agent says: its note or answer, and tool calls. */
  private record Decision(String text, List<String[]> calls) {
    static Decision answer(String text) {
      return new Decision(text, List.of());
    }
  }

  /** Where the long text lies: from a message and character to a message and character, end exclusive. */
  private record Region(int firstMessage, int start, int lastMessage, int end, String role) {
    boolean holds(int message, int position) {
      boolean afterStart = message > firstMessage || message == firstMessage && position >= start;
      boolean beforeEnd = message < lastMessage || message == lastMessage && position < end;
      return afterStart && beforeEnd;
    }

    String note() {
      return String.format(Locale.ROOT, "Plan: the long text runs from message %d at character %d to message %d at"
          + " character %d; I fragment and fold it, then search it for the question's words.", firstMessage, start,
          lastMessage, end);
    }
  }

  private Decision next(List<Message> view, History history) {
    List<String> terms = terms(question(view)).first();
    if (!history.called("fragment_context") && !history.called("search_context")) {
      Region region = region(view);
      if (region == null) {
        return searches(terms, List.of(), history, "There is no long text to fold; I search for the question's words.");
      }
      return new Decision(region.note(), List.<String[]>of(fragmentCall(view, region, region.role())));
    }
    Region region = history.region();
    List<String> ids = new ArrayList<>();
    Matcher listed = LISTED.matcher(history.lastResult("fragment_context"));
    while (listed.find()) {
      ids.add(listed.group(1));
    }
    if (ids.isEmpty() && !history.called("search_context")) {
      List<String[]> tried = history.calls("fragment_context");
      if (tried.size() == 1 && !argument(tried.get(0)[1], "role").equals("all") && region != null) {
        return new Decision("The markers were not found there; I try all roles.",
            List.<String[]>of(fragmentCall(view, region, "all")));
      }
      return searches(terms, List.of(), history, "Fragmenting failed; I search without folding.");
    }
    if (!history.called("fold_fragment") && !ids.isEmpty()) {
      List<String[]> folds = new ArrayList<>();
      for (String id : ids) {
        folds.add(new String[] {"fold_fragment", args("fragment_id", id)});
      }
      return searches(terms, folds, history, "Folding the long text; searching it for the question's words.");
    }
    return followUp(view, history, region, terms(question(view)));
  }

  private static String[] fragmentCall(List<Message> view, Region region, String role) {
    String first = view.get(region.firstMessage()).content();
    String last = view.get(region.lastMessage()).content();
    long characters = 0;
    for (int i = region.firstMessage(); i <= region.lastMessage(); i++) {
      int from = i == region.firstMessage() ? region.start() : 0;
      int to = i == region.lastMessage() ? region.end() : view.get(i).content().length();
      characters += Math.max(0, to - from);
    }
    int pieces = (int) Math.max(2, Math.min(20, Math.round(characters / 4.0 / 1_500)));
    String start = marker(first, region.start(), first.length(), true, view, role);
    String end = marker(last, 0, region.end(), false, view, role);
    return new String[] {"fragment_context", args("start_marker", start, "end_marker", end, "num_fragments", pieces,
        "role", role)};
  }

  /** A first search of each term, after {@code before}; capped so that the run stays bounded. */
  private static Decision searches(List<String> terms, List<String[]> before, History history, String note) {
    List<String[]> calls = new ArrayList<>(before);
    for (String term : terms) {
      if (history.searches() + calls.size() - before.size() >= MAX_SEARCHES) {
        break;
      }
      calls.add(search(term, FIRST_RESULTS, 50));
    }
    if (calls.isEmpty()) {
      return Decision.answer(note);
    }
    return new Decision(note, calls);
  }

  private static String[] search(String term, int maxResults, int contextSize) {
    return new String[] {"search_context", args("query", term, "role", "all", "max_results", maxResults,
        "context_size", contextSize)};
  }

  /** Reads every search so far: restores what they point to, searches again or further, or answers. */
  private Decision followUp(List<Message> view, History history, Region region, Terms terms) {
    if (history.noted(CLEANUP)) {
      // The search results are folded away now: nothing more to read in them.
      Decision cleanup = cleanup(view, history);
      return cleanup != null ? cleanup : Decision.answer(summary(history));
    }
    Set<String> folded = history.folded();
    Set<String> restore = new LinkedHashSet<>();
    Map<String, Integer> again = new LinkedHashMap<>();
    Set<String> names = new LinkedHashSet<>();
    Set<String> broader = new LinkedHashSet<>();
    Map<String, String[]> latest = new LinkedHashMap<>();
    for (String[] call : history.calls("search_context")) {
      latest.put(argument(call[1], "query"), call);
    }
    Set<String> searched = latest.keySet();
    for (String[] call : latest.values()) {
      String term = argument(call[1], "query");
      int asked = integerArgument(call[1], "max_results", 10);
      List<Hit> hits = Hit.parse(call[2]);
      Matcher found = FOUND.matcher(call[2]);
      int total = found.find() ? Integer.parseInt(found.group(1).replace(",", "")) : 0;
      List<Hit> hidden = hits.stream().filter(h -> h.fragment() != null).toList();
      if (total == hits.size()) {
        hidden.forEach(h -> restore.add(h.fragment()));
      } else if (total <= MAX_RESULTS && asked < MAX_RESULTS && history.widerSearches() + again.size()
          < MAX_WIDER_SEARCHES) {
        again.put(term, MAX_RESULTS);
      } else if (!hidden.isEmpty()) {
        restore.add(hidden.get(hidden.size() - 1).fragment());
      }
      boolean inLongText = hits.stream().anyMatch(h -> h.fragment() != null
          || region != null && region.holds(h.message(), h.position()));
      if (!inLongText) {
        broader.addAll(terms.parts().getOrDefault(term, List.of()));
      }
      if (NAME.matcher(term).matches()) {
        for (Hit hit : hits) {
          if (hit.fragment() != null || region != null && region.holds(hit.message(), hit.position())) {
            names.addAll(namesIn(hit.snippet(), true));
          }
        }
      }
    }
    restore.retainAll(folded);
    List<String[]> calls = new ArrayList<>();
    for (String id : restore) {
      calls.add(new String[] {"restore_fragment", args("fragment_id", id)});
    }
    int budget = MAX_SEARCHES - history.searches();
    for (Map.Entry<String, Integer> e : again.entrySet()) {
      if (budget-- > 0) {
        calls.add(search(e.getKey(), e.getValue(), 50));
      }
    }
    for (String name : names) {
      if (!searched.contains(name) && budget-- > 0) {
        calls.add(search(name, FIRST_RESULTS, 100));
      }
    }
    for (String part : broader) {
      if (!searched.contains(part) && !names.contains(part) && budget-- > 0) {
        calls.add(search(part, FIRST_RESULTS, 50));
      }
    }
    if (calls.isEmpty()) {
      Decision cleanup = cleanup(view, history);
      return cleanup != null ? cleanup : Decision.answer(summary(history));
    }
    String note = names.isEmpty() ? "Restoring what the searches point to." : "Restoring what the searches point to;"
        + " following the names found next to the matches.";
    return new Decision(note, calls);
  }

  /**
   * Once the searches are done, their results only cost tokens: fragments them (from the first
   * tool result to the last) into one fragment and folds it; {@code null} when done or not worth it.
   */
  private static Decision cleanup(List<Message> view, History history) {
    if (!history.noted(CLEANUP)) {
      int first = -1;
      int last = -1;
      long characters = 0;
      // Only the agent's own results: those after the question; the conversation may hold tool results of its own.
      for (int i = lastUser(view) + 1; i < view.size(); i++) {
        if (view.get(i).role() == Role.TOOL) {
          first = first < 0 ? i : first;
          last = i;
          characters += view.get(i).content().length();
        }
      }
      if (first < 0 || characters < 2_000) {
        return null;
      }
      String firstText = view.get(first).content();
      String lastText = view.get(last).content();
      return new Decision(CLEANUP, List.<String[]>of(new String[] {"fragment_context", args(
          "start_marker", marker(firstText, 0, firstText.length(), true, view, "all"),
          "end_marker", marker(lastText, 0, lastText.length(), false, view, "all"),
          "num_fragments", 1, "role", "all")}));
    }
    List<String[]> folds = new ArrayList<>();
    Matcher listed = LISTED.matcher(history.lastResult("fragment_context"));
    Set<String> folded = history.everFolded();
    while (listed.find()) {
      if (!folded.contains(listed.group(1))) {
        folds.add(new String[] {"fold_fragment", args("fragment_id", listed.group(1))});
      }
    }
    return folds.isEmpty() ? null : new Decision("Folding them.", folds);
  }

  private static String summary(History history) {
    return String.format(Locale.ROOT, "I am an offline scripted agent, not a model, and compose no answer. I folded"
        + " %d fragments, ran %d searches and restored %d fragments; what the question needs is what is still"
        + " visible.", history.count("fold_fragment"), history.searches(), history.count("restore_fragment"));
  }

  private static int lastUser(List<Message> view) {
    for (int i = view.size() - 1; i >= 0; i--) {
      if (view.get(i).role() == Role.USER) {
        return i;
      }
    }
    return -1;
  }

  /** {@return the question: the last user message's last sentence ending in '?', or its last paragraph} */
  static String question(List<Message> view) {
    String content = "";
    for (int i = view.size() - 1; i >= 0; i--) {
      if (view.get(i).role() == Role.USER) {
        content = view.get(i).content();
        break;
      }
    }
    int mark = content.lastIndexOf('?');
    if (mark < 0) {
      String trimmed = content.strip();
      int paragraph = trimmed.lastIndexOf("\n\n");
      String last = paragraph < 0 ? trimmed : trimmed.substring(paragraph + 2);
      return last.length() > 600 ? last.substring(last.length() - 600) : last;
    }
    int start = 0;
    for (String boundary : List.of("\n", ". ", "! ", "? ")) {
      int at = content.lastIndexOf(boundary, mark - 1);
      if (at >= 0) {
        start = Math.max(start, at + boundary.length());
      }
    }
    return content.substring(start, mark + 1).strip();
  }

  /**
   * The search terms of a question: {@code first} are searched at once, the most specific first;
   * {@code parts} holds, for each phrase, its single words, searched only when the phrase matches
   * nothing in the long text.
   */
  record Terms(List<String> first, Map<String, List<String>> parts) {}

  /** {@return the search terms of {@code question}} */
  static Terms terms(String question) {
    Set<String> terms = new LinkedHashSet<>();
    Matcher quoted = QUOTED.matcher(question);
    while (quoted.find()) {
      terms.add(quoted.group(1).strip());
    }
    Matcher list = LIST.matcher(question);
    while (list.find()) {
      String[] items = list.group(1).split(",");
      if (items.length >= 3) {
        for (String item : items) {
          if (!item.isBlank()) {
            terms.add(item.strip());
          }
        }
      }
    }
    terms.addAll(namesIn(question, false));
    Matcher code = CODE.matcher(question);
    while (code.find()) {
      terms.add(code.group());
    }
    List<int[]> words = new ArrayList<>();
    Matcher word = WORD.matcher(question);
    while (word.find()) {
      words.add(new int[] {word.start(), word.end()});
    }
    Map<String, List<String>> parts = new LinkedHashMap<>();
    Set<String> inPhrases = new LinkedHashSet<>();
    List<String> singles = new ArrayList<>();
    int i = 0;
    while (i < words.size()) {
      if (!content(text(question, words.get(i)))) {
        i++;
        continue;
      }
      // A phrase: content words side by side, each pair joined by at most one function word
      // ("current value", "short news article about umbrellas").
      List<String> contentWords = new ArrayList<>(List.of(text(question, words.get(i))));
      int end = i;
      while (true) {
        int next = end + 1;
        if (next < words.size() && spaced(question, words.get(end), words.get(next))
            && !content(text(question, words.get(next))) && next + 1 < words.size()
            && spaced(question, words.get(next), words.get(next + 1)) && content(text(question, words.get(next + 1)))) {
          next++;
        }
        if (next < words.size() && spaced(question, words.get(next - 1), words.get(next))
            && content(text(question, words.get(next)))) {
          contentWords.add(text(question, words.get(next)));
          end = next;
        } else {
          break;
        }
      }
      if (contentWords.size() >= 2) {
        String phrase = question.substring(words.get(i)[0], words.get(end)[1]);
        terms.add(phrase);
        parts.put(phrase, contentWords);
        inPhrases.addAll(contentWords);
      } else {
        singles.add(contentWords.get(0));
      }
      i = end + 1;
    }
    terms.addAll(singles);
    terms.removeIf(t -> t.strip().length() < 2);
    Map<String, List<String>> later = new LinkedHashMap<>();
    parts.forEach((phrase, members) -> later.put(phrase,
        members.stream().filter(m -> m.length() >= 3 && !terms.contains(m)).toList()));
    return new Terms(terms.stream().limit(MAX_TERMS).toList(), later);
  }

  private static String text(String question, int[] word) {
    return question.substring(word[0], word[1]);
  }

  private static boolean spaced(String question, int[] word, int[] next) {
    return question.substring(word[1], next[0]).isBlank();
  }

  private static boolean content(String word) {
    return word.length() >= 4 && !STOPWORDS.contains(word.toLowerCase(Locale.ROOT)) && !word.chars().allMatch(
        Character::isDigit);
  }

  /**
   * Names in {@code text}: two or more capitalised words, leading function words dropped; in a
   * search {@code snippet}, only those wholly inside it (one cut at an edge may be a name's part).
   */
  static Set<String> namesIn(String text, boolean snippet) {
    String plain = text.replace("**", "");
    Set<String> names = new LinkedHashSet<>();
    Matcher m = NAME.matcher(plain);
    while (m.find()) {
      if (snippet && (m.start() == 0 || m.end() == plain.length())) {
        continue;
      }
      List<String> parts = new ArrayList<>(List.of(m.group().split("[ \\t]+")));
      while (!parts.isEmpty() && STOPWORDS.contains(parts.get(0).toLowerCase(Locale.ROOT))) {
        parts.remove(0);
      }
      if (!parts.isEmpty()) {
        String lastPart = parts.get(parts.size() - 1).replaceAll("['\u2019]s$", "");
        parts.set(parts.size() - 1, lastPart);
      }
      if (parts.size() >= 2) {
        names.add(String.join(" ", parts));
      }
    }
    return names;
  }

  /** {@return where the long text lies, or {@code null} when the conversation has none} */
  static Region region(List<Message> view) {
    int question = -1;
    for (int i = view.size() - 1; i >= 0; i--) {
      if (view.get(i).role() == Role.USER) {
        question = i;
        break;
      }
    }
    if (question < 0) {
      return null;
    }
    long total = 0;
    int biggest = -1;
    int first = -1;
    for (int i = 0; i <= question; i++) {
      Message m = view.get(i);
      if (m.role() == Role.SYSTEM) {
        continue;
      }
      first = first < 0 ? i : first;
      total += m.content().length();
      if (biggest < 0 || m.content().length() > view.get(biggest).content().length()) {
        biggest = i;
      }
    }
    if (biggest < 0 || total < 400) {
      return null;
    }
    Message big = view.get(biggest);
    if (big.content().length() * 2L >= total) {
      String content = big.content();
      int questionAt = biggest == question ? content.lastIndexOf(question(view)) : -1;
      int[] range = longText(content, questionAt);
      if (range == null) {
        return null;
      }
      String role = big.role() == Role.TOOL ? "all" : big.role().wireName();
      return new Region(biggest, range[0], biggest, range[1], role);
    }
    if (first >= question) {
      return null;
    }
    String role = "all";
    return new Region(first, leading(view.get(first).content(), 0), question - 1,
        trailing(view.get(question - 1).content(), view.get(question - 1).content().length()), role);
  }

  /** The long text within one message: its paragraphs without the first and without the question's. */
  private static int[] longText(String content, int questionAt) {
    List<int[]> paragraphs = new ArrayList<>();
    int from = 0;
    for (int at = content.indexOf("\n\n"); at >= 0; at = content.indexOf("\n\n", at + 2)) {
      paragraphs.add(new int[] {from, at});
      from = at + 2;
    }
    paragraphs.add(new int[] {from, content.length()});
    int[] best = null;
    if (questionAt >= 0 && paragraphs.size() > 1) {
      int q = 0;
      while (q < paragraphs.size() - 1 && paragraphs.get(q)[1] < questionAt) {
        q++;
      }
      int[][] runs = {{1, q - 1}, {q + 1, paragraphs.size() - 1}};
      for (int[] run : runs) {
        if (run[0] > run[1] || run[0] >= paragraphs.size()) {
          continue;
        }
        int start = paragraphs.get(run[0])[0];
        int end = paragraphs.get(run[1])[1];
        if (best == null || end - start > best[1] - best[0]) {
          best = new int[] {start, end};
        }
      }
      if (best == null) {
        best = new int[] {0, questionAt};
      }
    } else {
      best = new int[] {0, content.length()};
    }
    int start = leading(content, best[0]);
    int end = trailing(content, best[1]);
    return end - start < 200 ? null : new int[] {start, end};
  }

  private static int leading(String text, int at) {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
    return at;
  }

  private static int trailing(String text, int at) {
    while (at > 0 && Character.isWhitespace(text.charAt(at - 1))) {
      at--;
    }
    return at;
  }

  /**
   * A marker copied from the first ({@code start}) or last words of {@code text[from, to)}, with as
   * many words as make it occur once in the messages {@code role} names (at most 40 words).
   */
  private static String marker(String text, int from, int to, boolean start, List<Message> view, String role) {
    List<int[]> words = new ArrayList<>();
    Matcher m = Pattern.compile("\\S+").matcher(text).region(from, to);
    while (m.find()) {
      words.add(new int[] {m.start(), m.end()});
    }
    if (words.isEmpty()) {
      return text.substring(from, Math.min(to, from + 20));
    }
    String candidate = "";
    for (int count = Math.min(3, words.size()); count <= Math.min(40, words.size()); count++) {
      candidate = start ? text.substring(words.get(0)[0], words.get(count - 1)[1])
          : text.substring(words.get(words.size() - count)[0], words.get(words.size() - 1)[1]);
      if (candidate.length() > 900) {
        candidate = start ? candidate.substring(0, 900) : candidate.substring(candidate.length() - 900);
        break;
      }
      if (occurrences(view, role, candidate) <= 1) {
        break;
      }
    }
    return candidate;
  }

  private static int occurrences(List<Message> view, String role, String text) {
    int count = 0;
    for (Message m : view) {
      boolean searched = role.equals("all") ? m.role() != Role.SYSTEM : m.role().wireName().equals(role);
      if (!searched) {
        continue;
      }
      String content = m.content();
      for (int at = content.indexOf(text); at >= 0 && count < 2; at = content.indexOf(text, at + 1)) {
        count++;
      }
    }
    return count;
  }

  /** One match of a search result as the tool printed it. */
  private record Hit(int message, int position, String fragment, String snippet) {
    static List<Hit> parse(String result) {
      List<MatchResult> headers = new ArrayList<>();
      Matcher m = HIT.matcher(result);
      while (m.find()) {
        headers.add(m.toMatchResult());
      }
      int trailer = result.lastIndexOf("\nget_search_detail");
      List<Hit> hits = new ArrayList<>();
      for (int i = 0; i < headers.size(); i++) {
        MatchResult header = headers.get(i);
        int end = i + 1 < headers.size() ? headers.get(i + 1).start() : trailer < 0 ? result.length() : trailer;
        String snippet = result.substring(header.end(), Math.max(header.end(), end)).strip();
        if (snippet.endsWith("\n...")) {
          snippet = snippet.substring(0, snippet.length() - 4).strip();
        }
        hits.add(new Hit(Integer.parseInt(header.group(2)), Integer.parseInt(header.group(4).replace(",", "")),
            header.group(5), snippet));
      }
      return hits;
    }
  }

  /** The agent's own earlier notes, tool calls and their results, read from the conversation. */
  private static final class History {
    private final List<String[]> calls = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    History(List<Message> view) {
      for (ScriptedReplies.Exchange e : ScriptedReplies.exchanges(view)) {
        calls.add(new String[] {e.name(), e.arguments(), e.result()});
      }
      notes.addAll(ScriptedReplies.notes(view));
    }

    boolean called(String name) {
      return count(name) > 0;
    }

    int count(String name) {
      return (int) calls.stream().filter(c -> c[0].equals(name)).count();
    }

    int searches() {
      return count("search_context");
    }

    /** Searches repeated with the most results the tool shows. */
    int widerSearches() {
      return (int) calls("search_context").stream().filter(c -> integerArgument(c[1], "max_results", 10) == MAX_RESULTS)
          .count();
    }

    String lastResult(String name) {
      return calls.stream().filter(c -> c[0].equals(name)).map(c -> c[2]).reduce((a, b) -> b).orElse("");
    }

    List<String[]> calls(String name) {
      return calls.stream().filter(c -> c[0].equals(name)).toList();
    }

    Region region() {
      for (String note : notes) {
        Matcher m = PLAN.matcher(note);
        if (m.find()) {
          return new Region(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
              Integer.parseInt(m.group(4)), "");
        }
      }
      return null;
    }

    boolean noted(String note) {
      return notes.contains(note);
    }

    /** Fragments ever folded, by the results of the calls. */
    Set<String> everFolded() {
      Set<String> folded = new LinkedHashSet<>();
      for (String[] c : calls) {
        if (c[0].equals("fold_fragment") && c[2].startsWith("Folded ")) {
          folded.add(argument(c[1], "fragment_id"));
        }
      }
      return folded;
    }

    /** Fragments folded and not restored since, by the results of the calls. */
    Set<String> folded() {
      Set<String> folded = new LinkedHashSet<>();
      for (String[] c : calls) {
        String id = argument(c[1], "fragment_id");
        if (c[0].equals("fold_fragment") && c[2].startsWith("Folded ")) {
          folded.add(id);
        } else if (c[0].equals("restore_fragment") && c[2].startsWith("Restored ")) {
          folded.remove(id);
        }
      }
      return folded;
    }
  }

  private JsonNode responseBody(Decision decision) {
    return ScriptedReplies.completion(MODEL, responses.incrementAndGet(), decision.text(), decision.calls());
  }

  private static String argument(String arguments, String field) {
    return ScriptedReplies.argument(arguments, field);
  }

  private static int integerArgument(String arguments, String field, int otherwise) {
    try {
      JsonNode value = JSON.readTree(arguments).path(field);
      return value.isInt() ? value.asInt() : otherwise;
    } catch (JsonProcessingException e) {
      return otherwise;
    }
  }

  private static String args(Object... pairs) {
    return ScriptedReplies.args(pairs);
  }
}
