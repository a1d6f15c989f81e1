package io.sculptor.examples.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.openai.ChatCompletionsFormat;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic stand-in for a model that follows the paper's tool strategies (Appendix D), so
 * that the evaluation runs with no model and no network. It speaks the real protocol: each request
 * is written as a Chat Completions body, the driver reads the view and its own earlier tool calls
 * and results from that body — as a model would — and answers with a Chat Completions response body
 * that the adapter parses. The same {@link #respond} answers HTTP requests behind sculptor-testing's
 * {@code LocalOpenAiServer}, so that {@code eval --driver openai} runs offline too.
 *
 * <ul>
 *   <li>PI-LLM: fragment the update stream into twenty fragments, fold all but the last one, restore
 *       the newest folded fragments while some key has no visible update (more at once the more keys
 *       are missing), then answer from the view.
 *   <li>Needle: fragment the text into ten fragments and fold them all, then search chained from the
 *       person in the question to each parent, and answer with the person who has none.
 *   <li>MRCR: search for the repeated request, fragment the assistant turns into twenty fragments,
 *       fold every fragment that does not hold the requested answer, then answer from the view.
 * </ul>
 *
 * <p>It never claims accuracy: its answers come from what is visible, and the evaluation reports
 * whether what the answer needs stayed visible (retention) and how much smaller the context became.
 */
public final class OfflineDriver implements ChatModel {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTED = Pattern.compile("^- (f[0-9a-z]{5}): .*?, messages? (\\d+)(?:-(\\d+))?,",
      Pattern.MULTILINE);
  private static final Pattern HIT = Pattern.compile("^\\[s[0-9a-z]{5}\\] message (\\d+) ", Pattern.MULTILINE);
  private static final Pattern MRCR_REQUEST = Pattern.compile(
      "^Prepend (\\S+) to the (\\d+)(?:st|nd|rd|th) (.+?) about (.+?)\\. Do not include");

  private final AtomicInteger responses = new AtomicInteger();

  @Override
  public ChatResponse chat(ChatRequest request) {
    return ChatCompletionsFormat.response(
        respond(ChatCompletionsFormat.request("sculptor-offline", request, JSON.createObjectNode())));
  }

  /**
   * {@return the Chat Completions response body for a Chat Completions request body}; the task
   * family is recognised from the conversation, as a model would
   */
  public JsonNode respond(JsonNode requestBody) {
    List<Message> view = ChatCompletionsFormat.toMessages(requestBody.get("messages"));
    boolean toolsOffered = requestBody.has("tools") && !"none".equals(requestBody.path("tool_choice").asText());
    History history = new History(view);
    String task = firstUser(view);
    Decision decision;
    if (task.contains("current value of each of these keys: ")) {
      decision = piLlm(view, history, toolsOffered);
    } else if (task.contains(" can trace back to ")) {
      decision = needle(view, history, toolsOffered);
    } else if (!lastUserRequest(view).isEmpty()) {
      decision = mrcr(view, history, toolsOffered);
    } else {
      decision = Decision.answer("I can only answer the evaluation's generated tasks.");
    }
    return responseBody(decision);
  }

  /** What the driver says: tool calls, or the final text. */
  private record Decision(String text, List<String[]> calls) {
    static Decision answer(String text) {
      return new Decision(text, List.of());
    }

    static Decision call(String name, String arguments) {
      return new Decision("", List.<String[]>of(new String[] {name, arguments}));
    }
  }

  private static Decision piLlm(List<Message> view, History history, boolean tools) {
    String task = firstUser(view);
    List<String> keys = List.of(between(task, "each of these keys: ", "? Answer").split(", "));
    if (!tools) {
      return Decision.answer(piAnswer(keys, task));
    }
    if (!history.called("fragment_context")) {
      return Decision.call("fragment_context", args("start_marker", "UPDATES BEGIN", "end_marker", "UPDATES END",
          "num_fragments", 20, "role", "user"));
    }
    List<String> ids = listedIds(history.resultOf("fragment_context"));
    if (!history.called("fold_fragment") && ids.size() > 1) {
      List<String[]> folds = new ArrayList<>();
      for (String id : ids.subList(0, ids.size() - 1)) {
        folds.add(new String[] {"fold_fragment", args("fragment_id", id)});
      }
      return new Decision("Folding the earlier updates.", folds);
    }
    long missing = keys.stream().filter(k -> !task.contains("\n" + k + ": ")).count();
    List<String> hidden = history.folded();
    if (missing > 0 && !hidden.isEmpty()) {
      List<String> newestFirst = new ArrayList<>(ids.stream().filter(hidden::contains).toList());
      java.util.Collections.reverse(newestFirst);
      List<String[]> restores = new ArrayList<>();
      for (String id : newestFirst.subList(0, (int) Math.min(newestFirst.size(), 1 + missing / 8))) {
        restores.add(new String[] {"restore_fragment", args("fragment_id", id)});
      }
      return new Decision(missing + " keys have no visible update; restoring the newest folded updates.", restores);
    }
    return Decision.answer(piAnswer(keys, task));
  }

  private static String piAnswer(List<String> keys, String visible) {
    StringBuilder answer = new StringBuilder();
    for (String key : keys) {
      Matcher m = Pattern.compile("\n" + Pattern.quote(key) + ": (\\d+)").matcher(visible);
      String value = "unknown";
      while (m.find()) {
        value = m.group(1);
      }
      answer.append("The current value of ").append(key).append(" is ").append(value).append(".\n");
    }
    return answer.toString().strip();
  }

  private static Decision needle(List<Message> view, History history, boolean tools) {
    String task = firstUser(view);
    String youngest = between(task, "relative that ", " can trace back");
    if (!tools) {
      return Decision.answer(eldestIn(task, youngest));
    }
    if (!history.called("fragment_context")) {
      int question = task.indexOf("\n\nQuestion:");
      return Decision.call("fragment_context", args("start_marker", task.substring(0, Math.min(40, question)),
          "end_marker", task.substring(Math.max(0, question - 40), question), "num_fragments", 10, "role", "user"));
    }
    if (!history.called("fold_fragment")) {
      List<String[]> folds = new ArrayList<>();
      for (String id : listedIds(history.resultOf("fragment_context"))) {
        folds.add(new String[] {"fold_fragment", args("fragment_id", id)});
      }
      if (!folds.isEmpty()) {
        return new Decision("Folding the text; I will search it.", folds);
      }
    }
    String current = youngest;
    for (String[] search : history.calls("search_context")) {
      if (!current.equals(argument(search[1], "query"))) {
        continue;
      }
      String parent = parentIn(search[2].replace("**", ""), current);
      if (parent == null) {
        return Decision.answer(current);
      }
      current = parent;
    }
    return Decision.call("search_context", args("query", current, "role", "user", "max_results", 20,
        "context_size", 300));
  }

  private static String eldestIn(String text, String youngest) {
    String current = youngest;
    for (int guard = 0; guard < 50; guard++) {
      String parent = parentIn(text, current);
      if (parent == null) {
        return current;
      }
      current = parent;
    }
    return current;
  }

  private static String parentIn(String text, String child) {
    Matcher forward = Pattern.compile("(\\p{L}+) is the (?:father|mother) of " + Pattern.quote(child) + "\\.")
        .matcher(text);
    if (forward.find()) {
      return forward.group(1);
    }
    Matcher backward = Pattern.compile(Pattern.quote(child) + "'s (?:father|mother) is (\\p{L}+)\\.").matcher(text);
    return backward.find() ? backward.group(1) : null;
  }

  private static Decision mrcr(List<Message> view, History history, boolean tools) {
    Matcher m = MRCR_REQUEST.matcher(lastUserRequest(view));
    if (!m.find()) {
      return Decision.answer("");
    }
    String prefix = m.group(1);
    int which = Integer.parseInt(m.group(2));
    String request = "Write a " + m.group(3) + " about " + m.group(4) + ".";
    if (!tools) {
      int seen = 0;
      for (int i = 0; i + 1 < view.size(); i++) {
        if (view.get(i).role() == Role.USER && view.get(i).content().equals(request) && ++seen == which) {
          return Decision.answer(prefix + view.get(i + 1).content());
        }
      }
      return Decision.answer(prefix);
    }
    if (!history.called("search_context")) {
      return Decision.call("search_context", args("query", request, "role", "user", "max_results", 50,
          "context_size", 50));
    }
    List<Integer> hits = new ArrayList<>();
    Matcher hit = HIT.matcher(history.resultOf("search_context"));
    while (hit.find()) {
      hits.add(Integer.parseInt(hit.group(1)));
    }
    if (hits.size() < which) {
      return Decision.answer(prefix);
    }
    int target = hits.get(which - 1) + 1;
    if (!history.called("fragment_context")) {
      String first = null;
      String lastAssistant = null;
      for (Message message : view) {
        if (message.role() == Role.ASSISTANT && message.toolCalls().isEmpty() && !message.content().isEmpty()) {
          first = first == null ? message.content() : first;
          lastAssistant = message.content();
        }
      }
      if (first == null) {
        return Decision.answer(prefix + view.get(target).content());
      }
      return Decision.call("fragment_context", args("start_marker", first.substring(0, Math.min(80, first.length())),
          "end_marker", lastAssistant.substring(Math.max(0, lastAssistant.length() - 80)), "num_fragments", 20,
          "role", "assistant"));
    }
    if (!history.called("fold_fragment")) {
      List<String[]> folds = new ArrayList<>();
      Matcher listed = LISTED.matcher(history.resultOf("fragment_context"));
      while (listed.find()) {
        int from = Integer.parseInt(listed.group(2));
        int to = listed.group(3) == null ? from : Integer.parseInt(listed.group(3));
        if (target < from || target > to) {
          folds.add(new String[] {"fold_fragment", args("fragment_id", listed.group(1))});
        }
      }
      if (!folds.isEmpty()) {
        return new Decision("Folding the turns I do not need.", folds);
      }
    }
    return Decision.answer(prefix + view.get(target).content());
  }

  private static String lastUserRequest(List<Message> view) {
    for (int i = view.size() - 1; i >= 0; i--) {
      if (view.get(i).role() == Role.USER && view.get(i).content().startsWith("Prepend ")) {
        return view.get(i).content();
      }
    }
    return "";
  }

  private JsonNode responseBody(Decision decision) {
    ObjectNode body = JSON.createObjectNode();
    int number = responses.incrementAndGet();
    body.put("id", "offline-" + number);
    body.put("object", "chat.completion");
    body.put("model", "sculptor-offline");
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    if (decision.calls().isEmpty()) {
      message.put("content", decision.text());
      choice.put("finish_reason", "stop");
    } else {
      if (decision.text().isEmpty()) {
        message.putNull("content");
      } else {
        message.put("content", decision.text());
      }
      ArrayNode calls = message.putArray("tool_calls");
      int n = 0;
      for (String[] call : decision.calls()) {
        ObjectNode c = calls.addObject().put("id", "call_" + number + "_" + (n++)).put("type", "function");
        c.putObject("function").put("name", call[0]).put("arguments", call[1]);
      }
      choice.put("finish_reason", "tool_calls");
    }
    body.putObject("usage").put("prompt_tokens", 0).put("completion_tokens", 0).put("total_tokens", 0);
    return body;
  }

  private static String firstUser(List<Message> view) {
    return view.stream().filter(m -> m.role() == Role.USER).findFirst().map(Message::content).orElse("");
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    int to = from < 0 ? -1 : text.indexOf(end, from + start.length());
    return from < 0 || to < 0 ? "" : text.substring(from + start.length(), to);
  }

  private static List<String> listedIds(String fragmentResult) {
    List<String> ids = new ArrayList<>();
    Matcher m = LISTED.matcher(fragmentResult);
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  /** The text of one field of a call's arguments, or empty when they are not a JSON object with it. */
  private static String argument(String arguments, String field) {
    try {
      return JSON.readTree(arguments).path(field).asText("");
    } catch (JsonProcessingException e) {
      return "";
    }
  }

  private static String args(Object... pairs) {
    ObjectNode node = JSON.createObjectNode();
    for (int i = 0; i < pairs.length; i += 2) {
      node.set((String) pairs[i], JSON.valueToTree(pairs[i + 1]));
    }
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The driver's own earlier tool calls and their results, read from the view. */
  private static final class History {
    private final List<String[]> calls = new ArrayList<>();

    History(List<Message> view) {
      Map<String, String> results = new HashMap<>();
      for (Message m : view) {
        m.toolCallId().ifPresent(id -> results.put(id, m.content()));
      }
      for (Message m : view) {
        for (ToolCall call : m.toolCalls()) {
          calls.add(new String[] {call.name(), call.arguments(), results.getOrDefault(call.id(), "")});
        }
      }
    }

    boolean called(String name) {
      return calls.stream().anyMatch(c -> c[0].equals(name));
    }

    String resultOf(String name) {
      return calls.stream().filter(c -> c[0].equals(name)).map(c -> c[2]).reduce((a, b) -> b).orElse("");
    }

    List<String[]> calls(String name) {
      return calls.stream().filter(c -> c[0].equals(name)).toList();
    }

    /** Fragments folded and not restored since, by the results of the calls. */
    List<String> folded() {
      Set<String> folded = new LinkedHashSet<>();
      for (String[] c : calls) {
        String id = argument(c[1], "fragment_id");
        if (c[0].equals("fold_fragment") && c[2].startsWith("Folded ")) {
          folded.add(id);
        } else if (c[0].equals("restore_fragment") && c[2].startsWith("Restored ")) {
          folded.remove(id);
        }
      }
      return new ArrayList<>(folded);
    }
  }
}
