package io.sculptor.report;

import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.agent.ContextPolicy;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.TokenCounter;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ToolChoice;
import io.sculptor.model.ToolSpec;
import io.sculptor.testing.ScriptedChatModel;
import io.sculptor.testing.TestConversations;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted run of the paper's strategy through the real agent loop: fragment the updates, fold
 * two fragments, search for an early update of key7 (found inside a folded fragment) while calling
 * an application tool, restore the fragment the search named, answer. A budget policy folds stale
 * tool results on the way, and the user message and the answer carry hostile HTML.
 */
final class ScriptedRuns {
  static final String HOSTILE = "</script><script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\"> & 'q'";
  private static final Pattern LISTED = Pattern.compile("^- (f[0-9a-z]{5}): ", Pattern.MULTILINE);
  private static final Pattern INSIDE = Pattern.compile("inside (f[0-9a-z]{5})");

  private ScriptedRuns() {}

  /** The result of a scripted run: the model (with the requests it received), the run and its recording. */
  record Scripted(ScriptedChatModel model, AgentRun run, RunRecording recording, String stream) {}

  static Scripted foldSearchRestore() {
    return foldSearchRestore(true);
  }

  /** The run; with {@code hostile}, the user message and the answer carry {@link #HOSTILE}. */
  static Scripted foldSearchRestore(boolean hostile) {
    String note = hostile ? "Note: " + HOSTILE + "\n" : "";
    String stream = TestConversations.keyValueStream(6_000, 3);
    String firstKey7 = stream.substring(stream.indexOf("key7: "), stream.indexOf('\n', stream.indexOf("key7: ")) + 1);
    ScriptedChatModel model = ScriptedChatModel.create()
        .thenCall("fragment_context", "{\"start_marker\": \"UPDATES BEGIN\", \"end_marker\": \"UPDATES END\","
            + " \"num_fragments\": 4}")
        .then(request -> {
          List<String> ids = new ArrayList<>();
          Matcher m = LISTED.matcher(lastContent(request.messages()));
          while (m.find()) {
            ids.add(m.group(1));
          }
          return Message.assistant("Folding the two oldest fragments.", List.of(
              new ToolCall("call_fold_1", "fold_fragment", "{\"fragment_id\": \"" + ids.get(0) + "\"}"),
              new ToolCall("call_fold_2", "fold_fragment", "{\"fragment_id\": \"" + ids.get(1) + "\"}")));
        })
        .then(request -> Message.assistant("", List.of(
            new ToolCall("call_search", "search_context", "{\"query\": " + quote(firstKey7) + "}"),
            new ToolCall("call_weather", "get_weather", "{\"city\": \"Oslo\"}"))))
        .then(request -> {
          String search = request.messages().get(request.messages().size() - 2).content();
          Matcher inside = INSIDE.matcher(search);
          if (!inside.find()) {
            throw new IllegalStateException("the search found nothing folded: " + search);
          }
          return Message.assistant("", List.of(
              new ToolCall("call_restore", "restore_fragment", "{\"fragment_id\": \"" + inside.group(1) + "\"}")));
        })
        .thenAnswer("key7 is " + TestConversations.latestValue(stream, "key7") + "." + (hostile ? " " + HOSTILE : ""));
    RunRecorder recorder = RunRecorder.create();
    ContextAgent agent = ContextAgent.builder(model)
        .tool(ToolSpec.of("get_weather", "Current weather in a city.",
            "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}}"), arguments -> "4 °C, rain")
        .firstStepToolChoice(ToolChoice.required())
        .policy(ContextPolicy.foldStaleToolResults(2))
        .listener(recorder)
        .build();
    ContextState state = ContextState.of(Conversation.of(
        Message.system("You track key-value updates. Only the latest value of each key counts."),
        Message.user(note + TestConversations.UPDATES_BEGIN + "\n" + stream
            + TestConversations.UPDATES_END + "\nWhat is the current value of key7?")), 11, TokenCounter.estimator());
    AgentRun run = agent.run(state);
    return new Scripted(model, run, recorder.latest().orElseThrow(), stream);
  }

  private static String lastContent(List<Message> messages) {
    return messages.get(messages.size() - 1).content();
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
