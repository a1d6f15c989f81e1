package io.sculptor.report.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.agent.AgentEvent;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ToolUsage;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.SearchResultId;
import io.sculptor.core.StateSnapshot;
import io.sculptor.core.TokenCounter;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ToolChoice;
import io.sculptor.model.ToolSpec;
import io.sculptor.model.Usage;
import io.sculptor.report.RecordedStep;
import io.sculptor.report.RecordingException;
import io.sculptor.report.RunRecording;
import io.sculptor.store.SnapshotException;
import io.sculptor.store.internal.StateJson;
import io.sculptor.tools.ToolErrorCode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a {@link RunRecording} as JSON and reads it back strictly. Messages and fragments have
 * the JSON of a state snapshot ({@link StateJson}); see {@link RunRecording} for the document.
 *
 * <p>Stateless and thread-safe. Not an API.
 */
public final class RecordingJson {
  private static final ObjectMapper MAPPER = StateJson.MAPPER;

  private RecordingJson() {}

  /** {@return {@code recording} as a JSON document} */
  public static String write(RunRecording recording) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", RunRecording.FORMAT);
    root.put("version", RunRecording.VERSION);
    recording.encoding().ifPresent(e -> root.put("encoding", e));
    root.put("seed", recording.seed());
    ArrayNode tools = root.putArray("tools");
    for (ToolSpec spec : recording.tools()) {
      tools.addObject().put("name", spec.name()).put("description", spec.description())
          .put("parameters", spec.parametersJson()).put("strict", spec.strict());
    }
    ArrayNode original = root.putArray("original");
    recording.original().forEach(m -> original.add(StateJson.messageNode(m)));
    ArrayNode steps = root.putArray("steps");
    List<Message> previousView = List.of();
    for (RecordedStep step : recording.steps()) {
      steps.add(stepNode(step, previousView));
      previousView = step.view();
    }
    root.put("answer", recording.answer());
    root.put("stopReason", recording.stopReason().name());
    root.set("usage", usageNode(recording.usage()));
    ObjectNode toolUsage = root.putObject("toolUsage");
    recording.toolUsage().counts().forEach(toolUsage::put);
    return StateJson.write(root);
  }

  private static ObjectNode stepNode(RecordedStep step, List<Message> previousView) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("step", step.step());
    ToolChoice choice = step.toolChoice();
    if (choice instanceof ToolChoice.Mode mode) {
      node.put("toolChoice", mode.wireName());
    } else {
      node.putObject("toolChoice").put("function", ((ToolChoice.Function) choice).name());
    }
    step.policy().ifPresent(p -> node.putObject("policy").put("viewTokensBefore", p.viewTokensBefore())
        .put("viewTokensAfter", p.viewTokensAfter()).put("foldedFragments", p.foldedFragments())
        .put("summarizedFragments", p.summarizedFragments()));
    StateSnapshot state = step.state();
    ObjectNode stateNode = node.putObject("state");
    stateNode.put("messages", state.conversation().size());
    stateNode.put("idsDrawn", state.idsDrawn());
    ArrayNode fragments = stateNode.putArray("fragments");
    state.fragments().forEach(f -> fragments.add(StateJson.fragmentNode(f)));
    ArrayNode hits = stateNode.putArray("searchHits");
    for (StateSnapshot.SearchHitRecord h : state.searchHits()) {
      hits.addObject().put("id", h.id().value()).put("query", h.query()).put("message", h.messageIndex())
          .put("offset", h.offset());
    }
    ArrayNode pinned = stateNode.putArray("pinned");
    state.pinned().forEach(pinned::add);
    int shared = sharedMessages(previousView, step.view());
    ObjectNode view = node.putObject("view");
    view.put("shared", shared);
    ArrayNode messages = view.putArray("messages");
    step.view().subList(shared, step.view().size()).forEach(m -> messages.add(StateJson.messageNode(m)));
    node.putObject("tokens").put("view", step.viewTokens()).put("original", step.originalTokens())
        .put("prompt", step.promptTokens()).put("uncachedPrompt", step.uncachedPromptTokens());
    node.set("response", StateJson.messageNode(step.response()));
    node.set("usage", usageNode(step.usage()));
    ArrayNode calls = node.putArray("toolCalls");
    for (AgentEvent.ToolExecuted t : step.toolCalls()) {
      ObjectNode call = calls.addObject().put("id", t.call().id()).put("result", t.result());
      t.error().ifPresent(e -> call.put("error", e.name()));
      call.put("failed", t.failed()).put("sculptorTool", t.sculptorTool())
          .put("latencyNanos", t.latency().toNanos());
      putIfPositive(call, "foldedFragments", t.foldedFragments());
      putIfPositive(call, "summarizedFragments", t.summarizedFragments());
      putIfPositive(call, "restoredFragments", t.restoredFragments());
    }
    return node;
  }

  /** {@return how many leading messages {@code current} shares with {@code previous}} */
  private static int sharedMessages(List<Message> previous, List<Message> current) {
    int shared = 0;
    while (shared < previous.size() && shared < current.size() && previous.get(shared).equals(current.get(shared))) {
      shared++;
    }
    return shared;
  }

  private static ObjectNode usageNode(Usage usage) {
    return MAPPER.createObjectNode().put("prompt", usage.promptTokens()).put("completion", usage.completionTokens())
        .put("cachedPrompt", usage.cachedPromptTokens()).put("cacheWrite", usage.cacheWriteTokens())
        .put("reasoning", usage.reasoningTokens());
  }

  // ---------------------------------------------------------------- reading

  /**
   * {@return the recording written in {@code json}}
   *
   * @throws RecordingException if it is not one; the message is one line and names the field
   */
  public static RunRecording read(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new RecordingException(String.format(Locale.ROOT,
          "run recording is not valid JSON (%s at line %d, column %d); the file may be truncated or corrupted",
          e.getOriginalMessage().split("\n")[0].strip(), e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          e.getLocation() == null ? 0 : e.getLocation().getColumnNr()), e);
    }
    if (root == null || !root.isObject()) {
      throw new RecordingException("run recording must be a JSON object, got [" + StateJson.describe(root) + "]", null);
    }
    if (!RunRecording.FORMAT.equals(root.path("format").asText(null))) {
      throw new RecordingException("not a run recording: field [format] is [" + StateJson.describe(root.get("format"))
          + "], expected [" + RunRecording.FORMAT + "]", null);
    }
    JsonNode version = root.get("version");
    if (version == null || !version.isIntegralNumber()) {
      throw new RecordingException("run recording field [version] must be an integer, got ["
          + StateJson.describe(version) + "]", null);
    }
    if (!version.bigIntegerValue().equals(BigInteger.valueOf(RunRecording.VERSION))) {
      throw new RecordingException("run recording version [" + version.bigIntegerValue() + "] is not supported;"
          + " this library reads version [" + RunRecording.VERSION + "]", null);
    }
    String where = "";
    try {
      where = "encoding";
      Optional<String> encoding = root.has("encoding") ? Optional.of(text(root, "encoding")) : Optional.empty();
      where = "seed";
      long seed = longValue(root, "seed");
      List<ToolSpec> tools = new ArrayList<>();
      where = "tools";
      int i = 0;
      for (JsonNode t : array(root, "tools")) {
        where = "tools[" + i++ + "]";
        ToolSpec spec = ToolSpec.of(text(t, "name"), text(t, "description"), text(t, "parameters"));
        tools.add(spec.withStrict(bool(t, "strict")));
      }
      List<Message> originalMessages = new ArrayList<>();
      where = "original";
      i = 0;
      for (JsonNode m : array(root, "original")) {
        where = "original[" + i + "]";
        originalMessages.add(StateJson.message(m, "original[" + i++ + "]"));
      }
      Conversation original = Conversation.of(originalMessages);
      List<RecordedStep> steps = new ArrayList<>();
      List<Message> previousView = List.of();
      where = "steps";
      i = 0;
      for (JsonNode s : array(root, "steps")) {
        where = "steps[" + i + "]";
        RecordedStep step = step(s, where, original, seed, previousView);
        steps.add(step);
        previousView = step.view();
        i++;
      }
      where = "answer";
      String answer = text(root, "answer");
      where = "stopReason";
      AgentRun.StopReason stopReason = enumValue(AgentRun.StopReason.class, text(root, "stopReason"), "stopReason");
      where = "usage";
      Usage usage = usage(object(root, "usage"));
      where = "toolUsage";
      ToolUsage toolUsage = ToolUsage.none();
      for (Iterator<Map.Entry<String, JsonNode>> it = object(root, "toolUsage").properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode count = e.getValue();
        if (!count.isInt() || count.intValue() < 1) {
          throw new IllegalArgumentException("the count of tool [" + e.getKey() + "] must be a positive integer, got ["
              + StateJson.describe(count) + "]");
        }
        for (int c = 0; c < count.intValue(); c++) {
          toolUsage = toolUsage.plus(e.getKey());
        }
      }
      where = "";
      return RunRecording.of(original, seed, encoding, tools, steps, answer, stopReason, usage, toolUsage);
    } catch (SnapshotException | IllegalArgumentException | IllegalStateException e) {
      // One line that names where: the message of a snapshot helper names the field inside it.
      throw new RecordingException(("run recording " + (where.isEmpty() ? "" : "[" + where + "]: ")
          + e.getMessage().replaceFirst("^snapshot ", "")).replace('\n', ' ').replace("\r", ""), e);
    }
  }

  private static RecordedStep step(JsonNode node, String where, Conversation original, long seed,
      List<Message> previousView) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("a step must be a JSON object, got [" + StateJson.describe(node) + "]");
    }
    int number = intValue(node, "step");
    JsonNode stateNode = object(node, "state");
    int messages = intValue(stateNode, "messages");
    if (messages < 0 || messages > original.size()) {
      throw new IllegalArgumentException("field [state.messages] must be from 0 to the run's [" + original.size()
          + "] messages, got [" + messages + "]");
    }
    List<StateSnapshot.FragmentRecord> fragments = new ArrayList<>();
    int i = 0;
    for (JsonNode f : array(stateNode, "fragments")) {
      fragments.add(StateJson.fragment(f, where + ".state.fragments[" + i++ + "]"));
    }
    List<StateSnapshot.SearchHitRecord> hits = new ArrayList<>();
    i = 0;
    for (JsonNode h : array(stateNode, "searchHits")) {
      String at = where + ".state.searchHits[" + i++ + "]";
      hits.add(StateSnapshot.SearchHitRecord.of(SearchResultId.of(StateJson.text(h, "id", at)),
          StateJson.text(h, "query", at), StateJson.integer(h, "message", at), StateJson.integer(h, "offset", at)));
    }
    Set<Integer> pinned = new LinkedHashSet<>();
    for (JsonNode p : array(stateNode, "pinned")) {
      if (!p.isInt()) {
        throw new IllegalArgumentException("field [state.pinned] must hold integers, got [" + StateJson.describe(p) + "]");
      }
      pinned.add(p.intValue());
    }
    StateSnapshot state = StateSnapshot.of(Conversation.of(original.messages().subList(0, messages)), seed,
        longValue(stateNode, "idsDrawn"), fragments, hits, pinned);
    // Loading the snapshot runs every consistency check of the core: spans inside their messages,
    // nesting, summaries shorter than their fragments, hits where they claim. The counter is only
    // needed to build the state, which is then dropped.
    ContextState.fromSnapshot(state, TokenCounter.estimator());

    JsonNode viewNode = object(node, "view");
    int shared = intValue(viewNode, "shared");
    if (shared < 0 || shared > previousView.size()) {
      throw new IllegalArgumentException("field [view.shared] must be from 0 to the previous view's ["
          + previousView.size() + "] messages, got [" + shared + "]");
    }
    List<Message> view = new ArrayList<>(previousView.subList(0, shared));
    i = 0;
    for (JsonNode m : array(viewNode, "messages")) {
      view.add(StateJson.message(m, where + ".view.messages[" + i++ + "]"));
    }
    Message response = StateJson.message(object(node, "response"), where + ".response");
    RecordedStep.Builder step = RecordedStep.builder(number, state, view, response)
        .toolChoice(toolChoice(node.get("toolChoice")))
        .usage(usage(object(node, "usage")));
    if (node.has("policy")) {
      JsonNode policy = object(node, "policy");
      step.policy(AgentEvent.PolicyApplied.of(number, longValue(policy, "viewTokensBefore"),
          longValue(policy, "viewTokensAfter"), intValue(policy, "foldedFragments"),
          intValue(policy, "summarizedFragments")));
    }
    JsonNode tokens = object(node, "tokens");
    step.tokens(longValue(tokens, "view"), longValue(tokens, "original"), longValue(tokens, "prompt"),
        longValue(tokens, "uncachedPrompt"));
    i = 0;
    for (JsonNode c : array(node, "toolCalls")) {
      String id = text(c, "id");
      if (i >= response.toolCalls().size() || !response.toolCalls().get(i).id().equals(id)) {
        throw new IllegalArgumentException("field [toolCalls[" + i + "].id] is [" + id
            + "], which is not the id of call [" + i + "] of the response");
      }
      ToolCall call = response.toolCalls().get(i);
      Optional<ToolErrorCode> error = c.has("error")
          ? Optional.of(enumValue(ToolErrorCode.class, text(c, "error"), "toolCalls[" + i + "].error"))
          : Optional.empty();
      long latency = longValue(c, "latencyNanos");
      if (latency < 0) {
        throw new IllegalArgumentException("field [toolCalls[" + i + "].latencyNanos] must be >= 0, got ["
            + latency + "]");
      }
      step.toolCall(AgentEvent.ToolExecuted.of(number, call, text(c, "result"), error, bool(c, "failed"),
          bool(c, "sculptorTool"), Duration.ofNanos(latency)).withFragmentChanges(count(c, "foldedFragments", i),
          count(c, "summarizedFragments", i), count(c, "restoredFragments", i)));
      i++;
    }
    return step.build();
  }

  private static ToolChoice toolChoice(JsonNode node) {
    if (node != null && node.isTextual()) {
      return switch (node.textValue()) {
        case "auto" -> ToolChoice.auto();
        case "required" -> ToolChoice.required();
        case "none" -> ToolChoice.none();
        default -> throw new IllegalArgumentException("field [toolChoice] must be auto, required, none or"
            + " {\"function\": name}, got [" + StateJson.describe(node) + "]");
      };
    }
    if (node != null && node.isObject() && node.size() == 1 && node.path("function").isTextual()) {
      return ToolChoice.function(node.get("function").textValue());
    }
    throw new IllegalArgumentException("field [toolChoice] must be auto, required, none or {\"function\": name},"
        + " got [" + StateJson.describe(node) + "]");
  }

  private static Usage usage(JsonNode node) {
    return Usage.of(longValue(node, "prompt"), longValue(node, "completion"), longValue(node, "cachedPrompt"),
        longValue(node, "cacheWrite"), longValue(node, "reasoning"));
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String name, String field) {
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field [" + field + "] has unknown value [" + name + "]", e);
    }
  }

  private static JsonNode array(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isArray()) {
      throw new IllegalArgumentException("field [" + field + "] must be an array, got [" + StateJson.describe(value) + "]");
    }
    return value;
  }

  private static JsonNode object(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isObject()) {
      throw new IllegalArgumentException("field [" + field + "] must be an object, got [" + StateJson.describe(value) + "]");
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("field [" + field + "] must be a string, got [" + StateJson.describe(value) + "]");
    }
    return value.textValue();
  }

  private static boolean bool(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isBoolean()) {
      throw new IllegalArgumentException("field [" + field + "] must be true or false, got ["
          + StateJson.describe(value) + "]");
    }
    return value.booleanValue();
  }

  private static void putIfPositive(ObjectNode node, String field, int value) {
    if (value > 0) {
      node.put(field, value);
    }
  }

  /** {@return the fragment count {@code field} of tool call {@code i}; 0 when it is absent} */
  private static int count(JsonNode call, String field, int i) {
    if (!call.has(field)) {
      return 0;
    }
    int value = intValue(call, field);
    if (value < 1) {
      throw new IllegalArgumentException("field [toolCalls[" + i + "]." + field + "] must be >= 1 when present, got ["
          + value + "]");
    }
    return value;
  }

  private static int intValue(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isInt()) {
      throw new IllegalArgumentException("field [" + field + "] must be an integer, got [" + StateJson.describe(value) + "]");
    }
    return value.intValue();
  }

  private static long longValue(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new IllegalArgumentException("field [" + field + "] must be an integer, got [" + StateJson.describe(value) + "]");
    }
    return value.longValue();
  }

}
