package io.sculptor.openai.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.RequestOptions;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.services.blocking.ResponseService;
import io.sculptor.openai.WireFormatException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One streamed Responses API turn of a wrapped client, shown to the application as one response:
 * the events of each model call pass as they arrive, except those of Sculptor's own
 * {@code function_call} items; the output items of every call are numbered on from the previous
 * call's ({@code output_index}), the events are numbered again ({@code sequence_number}), and only
 * the first call's {@code response.created} and {@code response.in_progress} pass. A call's
 * terminal event ({@code response.completed}, {@code .incomplete}, {@code .failed}) is held until
 * it is known whether another call follows; the last one passes with the output items the
 * application was shown, of every call, in their order. An {@code error} event passes as the SDK
 * hands it out and ends the turn; the state keeps what the calls that finished did.
 *
 * <p>Read on one thread, which should also close it; the turn ends when the stream ends, fails or
 * is closed, or when a stream dropped unclosed is collected.
 */
final class WrappedResponseStream extends TurnStream<ResponseStreamEvent> {
  private static final Set<String> STARTS = Set.of("response.created", "response.in_progress", "response.queued");
  private static final Set<String> ENDS = Set.of("response.completed", "response.incomplete", "response.failed");

  private final WrappedConversation conversation;
  private final ResponseService real;
  private final ResponseCreateParams params;
  private final ObjectNode body;
  private final ArrayNode applicationTools;
  private final RequestOptions options;
  private final int maxSculptorRounds;
  /** The output items shown to the application, by their index in the stream, as they were done. */
  private final TreeMap<Integer, JsonNode> shownItems = new TreeMap<>();

  private int round;
  private boolean last;
  private int sequence;
  /** The index in the stream of the next output item shown. */
  private int nextShown;
  private ObjectNode terminal;
  /** Output indexes of the call under way: Sculptor's items, and the others with their index in the stream. */
  private Set<Integer> sculptorItems;
  private Map<Integer, Integer> shownIndex;

  WrappedResponseStream(WrappedConversation conversation, ResponseService real, ResponseCreateParams params,
      ObjectNode body, ArrayNode applicationTools, RequestOptions options, int maxSculptorRounds, Runnable endTurn) {
    super(endTurn);
    this.conversation = conversation;
    this.real = real;
    this.params = params;
    this.body = body;
    this.applicationTools = applicationTools;
    this.options = options;
    this.maxSculptorRounds = maxSculptorRounds;
  }

  @Override
  StreamResponse<ResponseStreamEvent> startCall() {
    round++;
    last = round > maxSculptorRounds;
    terminal = null;
    sculptorItems = new HashSet<>();
    shownIndex = new HashMap<>();
    return real.createStreaming(conversation.responsesRequest(params, body, applicationTools, last), options);
  }

  @Override
  void take(ResponseStreamEvent event) {
    ObjectNode json = (ObjectNode) SdkJson.toTree(event);
    String type = json.path("type").asText("");
    if (ENDS.contains(type)) {
      terminal = json;
      return;
    }
    if (type.equals("error")) {
      // The SDK hands an error event on as an event, and the stream ends: so does the turn, with
      // the state as the calls that finished made it.
      pass(json);
      close();
      return;
    }
    if (STARTS.contains(type)) {
      if (round == 1) {
        pass(json);
      }
      return;
    }
    if (!json.path("output_index").canConvertToInt()) {
      pass(json);
      return;
    }
    int index = json.get("output_index").intValue();
    if (type.equals("response.output_item.added") && !sculptorItems.contains(index)
        && !shownIndex.containsKey(index)) {
      if (conversation.isSculptorCall(json.path("item"))) {
        sculptorItems.add(index);
      } else {
        shownIndex.put(index, nextShown++);
      }
    }
    if (sculptorItems.contains(index)) {
      return;
    }
    Integer shown = shownIndex.get(index);
    if (shown == null) {
      // An event of an item whose output_item.added never came: the application's, in its place.
      shown = nextShown++;
      shownIndex.put(index, shown);
    }
    json.put("output_index", shown);
    if (type.equals("response.output_item.done") && json.has("item")) {
      shownItems.put(shown, json.get("item").deepCopy());
    }
    pass(json);
  }

  private void pass(ObjectNode json) {
    if (json.has("sequence_number")) {
      json.put("sequence_number", sequence);
    }
    sequence++;
    pass(SdkJson.fromTree(json, ResponseStreamEvent.class));
  }

  @Override
  void endCall() {
    if (terminal == null || !(terminal.get("response") instanceof ObjectNode response)) {
      throw new WireFormatException("the stream of a model call ended without response.completed,"
          + " response.incomplete or response.failed");
    }
    WrappedConversation.ResponsesRound done = conversation.takeResponse(response.deepCopy());
    if (!done.endsTurn(last)) {
      return;
    }
    ArrayNode output = response.arrayNode();
    shownItems.values().forEach(output::add);
    response.set("output", output);
    pass(terminal);
    finish();
  }
}
