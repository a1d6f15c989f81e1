package io.sculptor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.sculptor.core.ToolCall;
import io.sculptor.testing.LocalOpenAiServer.Reply;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scripts for {@link LocalOpenAiServer} that play a model through a whole exchange, so that an
 * integration's test can drive a real framework's tool loop over HTTP and assert on the requests
 * the server received. What a script answers depends only on the messages it is sent.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class TestScripts {
  private static final Pattern LISTED = Pattern.compile("^- (f[0-9a-z]{5}): ", Pattern.MULTILINE);
  private static final Pattern INSIDE = Pattern.compile("inside (f[0-9a-z]{5})");

  private TestScripts() {}

  /**
   * {@return a user message of 400 key updates between {@code UPDATES} and {@code END} lines,
   * ending with the question "What is the current value of key7?"}: the current value is
   * {@code value387}
   */
  public static String keyUpdateQuestion() {
    StringBuilder text = new StringBuilder("UPDATES\n");
    for (int i = 0; i < 400; i++) {
      text.append("key").append(i % 20).append(": value").append(i).append('\n');
    }
    return text.append("END\nWhat is the current value of key7?").toString();
  }

  /**
   * The model of the paper's strategy for {@link #keyUpdateQuestion()}: it fragments the updates
   * into four ({@code fragment_context}), folds the first two ({@code fold_fragment}), searches
   * for {@code key7: value7} while calling the application's {@code weather} tool for Oslo,
   * restores the fragment the search named, and answers "The current value of key7 is
   * value387.". To a user message "Hi" it answers "Hello, Bob.".
   *
   * @param request the chat completion request the server received
   * @return the reply
   */
  public static Reply foldSearchRestore(JsonNode request) {
    JsonNode messages = request.get("messages");
    JsonNode last = messages.get(messages.size() - 1);
    if (last.path("role").asText().equals("user")) {
      return last.path("content").asText().equals("Hi") ? Reply.answer("Hello, Bob.")
          : Reply.toolCalls(new ToolCall("c1", "fragment_context",
              "{\"start_marker\": \"UPDATES\", \"end_marker\": \"END\", \"num_fragments\": 4}"));
    }
    String lastTool = toolNameOf(messages, last.path("tool_call_id").asText());
    switch (lastTool) {
      case "fragment_context": {
        Matcher ids = LISTED.matcher(last.path("content").asText());
        List<String> listed = new ArrayList<>();
        while (ids.find()) {
          listed.add(ids.group(1));
        }
        return Reply.toolCalls(new ToolCall("c2", "fold_fragment", "{\"fragment_id\": \"" + listed.get(0) + "\"}"),
            new ToolCall("c3", "fold_fragment", "{\"fragment_id\": \"" + listed.get(1) + "\"}"));
      }
      case "fold_fragment":
        return Reply.toolCalls(new ToolCall("c4", "search_context", "{\"query\": \"key7: value7\\n\"}"),
            new ToolCall("c5", "weather", "{\"city\": \"Oslo\"}"));
      case "weather": {
        String found = resultOf(messages, "c4");
        Matcher inside = INSIDE.matcher(found);
        return inside.find()
            ? Reply.toolCalls(new ToolCall("c6", "restore_fragment", "{\"fragment_id\": \"" + inside.group(1) + "\"}"))
            : Reply.answer("The search found nothing folded: " + found);
      }
      case "restore_fragment":
        return Reply.answer("The current value of key7 is value387.");
      default:
        return Reply.answer("unexpected tool " + lastTool);
    }
  }

  /**
   * A model that folds a sub-task with the opt-in {@code branch} and {@code return} tools: to the
   * user's message it opens a branch ("check the weather"), in it calls the application's
   * {@code weather} tool for Oslo, returns with "Oslo: 14 °C and cloudy.", and then answers "It is
   * 14 °C and cloudy in Oslo.". The request after the return shows the branch's steps folded into
   * that message.
   *
   * @param request the chat completion request the server received
   * @return the reply
   */
  public static Reply branchWeatherReturn(JsonNode request) {
    JsonNode messages = request.get("messages");
    JsonNode last = messages.get(messages.size() - 1);
    if (last.path("role").asText().equals("user")) {
      return Reply.toolCalls(new ToolCall("b1", "branch",
          "{\"description\": \"check the weather\", \"prompt\": \"ask the weather tool about Oslo\"}"));
    }
    return switch (toolNameOf(messages, last.path("tool_call_id").asText())) {
      case "branch" -> Reply.toolCalls(new ToolCall("w1", "weather", "{\"city\": \"Oslo\"}"));
      case "weather" -> Reply.toolCalls(new ToolCall("r1", "return", "{\"message\": \"Oslo: 14 °C and cloudy.\"}"));
      case "return" -> Reply.answer("It is 14 °C and cloudy in Oslo.");
      default -> Reply.answer("unexpected message " + last);
    };
  }

  /**
   * {@return what is wrong with the requests a server running {@link #branchWeatherReturn} received},
   * empty when there were four, the first offered {@code branch}, {@code return} and
   * {@code weather}, and the last (after the return) had every call answered and showed the
   * branch's steps folded: the return message where the {@code branch} call is answered, a
   * "continues here" marker in the weather result, and the return's own result
   */
  public static List<String> branchWeatherReturnProblems(List<JsonNode> requests) {
    List<String> problems = new ArrayList<>();
    if (requests.size() != 4) {
      return List.of("expected 4 requests, got [" + requests.size() + "]");
    }
    List<String> offered = new ArrayList<>();
    requests.get(0).path("tools").forEach(t -> offered.add(t.path("function").path("name").asText()));
    if (!offered.containsAll(List.of("branch", "return", "weather"))) {
      problems.add("the first request offers " + offered + ", not branch, return and weather");
    }
    JsonNode messages = requests.get(3).path("messages");
    problems.addAll(toolPairProblems(messages));
    String summary = messages.path(2).path("content").asText();
    if (!summary.startsWith("[summary of fragment ") || !summary.contains("Oslo: 14 °C and cloudy.")) {
      problems.add("message 2 after the return is not the branch's summary: [" + summary + "]");
    }
    if (!messages.path(4).path("content").asText().contains("continues here")) {
      problems.add("message 4 after the return is not folded: [" + messages.path(4) + "]");
    }
    if (!messages.path(6).path("content").asText().startsWith("Returned from branch \"check the weather\"")) {
      problems.add("message 6 after the return is not its result: [" + messages.path(6) + "]");
    }
    return problems;
  }

  /**
   * {@return what is wrong with the tool-call pairs of a Chat Completions {@code messages} array},
   * empty when every tool message answers a call of an earlier assistant message and every call
   * is answered
   */
  public static List<String> toolPairProblems(JsonNode messages) {
    Set<String> open = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    for (JsonNode m : messages) {
      for (JsonNode c : m.path("tool_calls")) {
        open.add(c.path("id").asText());
      }
      if (m.path("role").asText().equals("tool") && !open.remove(m.path("tool_call_id").asText())) {
        problems.add("tool result [" + m.path("tool_call_id").asText() + "] answers no open call");
      }
    }
    open.forEach(id -> problems.add("call [" + id + "] is not answered"));
    return problems;
  }

  /** {@return the name of the tool the call {@code callId} named, or ""} */
  private static String toolNameOf(JsonNode messages, String callId) {
    for (JsonNode m : messages) {
      for (JsonNode c : m.path("tool_calls")) {
        if (c.path("id").asText().equals(callId)) {
          return c.path("function").path("name").asText();
        }
      }
    }
    return "";
  }

  /** {@return the content of the tool message answering {@code callId}, or ""} */
  private static String resultOf(JsonNode messages, String callId) {
    for (JsonNode m : messages) {
      if (m.path("tool_call_id").asText().equals(callId)) {
        return m.path("content").asText();
      }
    }
    return "";
  }
}
