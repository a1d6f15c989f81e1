package io.sculptor.openai.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.RequestOptions;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.services.blocking.chat.ChatCompletionService;
import io.sculptor.model.ChatStreamListener;
import io.sculptor.openai.ChatCompletionsBridge;
import io.sculptor.openai.internal.ChatCompletionChunks;
import io.sculptor.tools.ContextSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One streamed Chat Completions turn of a wrapped client: the chunks of each model call are
 * passed on as they arrive, except the deltas of Sculptor's own tool calls; when a call ends with
 * Sculptor calls only, they run and the next call streams on in the same stream. What a call ends
 * with (its finish reason, its usage) is held back until the call's answer is whole and it is
 * known whether another call follows.
 *
 * <p>Its chunks are read on the thread that reads the stream, which should also close it (a close
 * from another thread waits until the reader's next chunk arrives, as the SDK's own streams do).
 * The conversation's turn ends when the stream ends, fails or is closed, or, for a stream the
 * application dropped without closing, when the garbage collector finds it unreachable.
 */
final class WrappedChatStream extends TurnStream<ChatCompletionChunk> {
  private final ContextSession session;
  private final ChatCompletionService real;
  private final ChatCompletionCreateParams params;
  private final ObjectNode body;
  private final RequestOptions options;
  private final int maxSculptorRounds;
  private final ChatCompletionsBridge bridge;

  private int round;
  private boolean last;
  private ChatCompletionChunks assembler;
  private int received;
  /** The chunks from the call's first finish reason or usage on, held until the call is whole. */
  private List<ObjectNode> held;
  /** Tool-call indexes of the first choice: Sculptor's, and the application's with their new index. */
  private Set<Integer> sculptorCalls;
  private Map<Integer, Integer> applicationCalls;
  /** Whether the call's first choice has its finish reason. */
  private boolean finished;

  WrappedChatStream(ContextSession session, ChatCompletionService real, ChatCompletionCreateParams params,
      ObjectNode body, RequestOptions options, int maxSculptorRounds, Runnable endTurn) {
    super(endTurn);
    this.session = session;
    this.real = real;
    this.params = params;
    this.body = body;
    this.options = options;
    this.maxSculptorRounds = maxSculptorRounds;
    this.bridge = ChatCompletionsBridge.of(session.toolkit());
  }

  @Override
  StreamResponse<ChatCompletionChunk> startCall() {
    round++;
    last = round > maxSculptorRounds;
    ObjectNode request = bridge.prepareRequest(body, session.state());
    if (last) {
      request.put("tool_choice", "none");
    }
    ChatCompletionCreateParams sent = params.toBuilder()
        .body(SdkJson.fromTree(request, ChatCompletionCreateParams.Body.class)).build();
    assembler = new ChatCompletionChunks(ChatStreamListener.NONE, SdkJson::streamError);
    received = 0;
    held = new ArrayList<>();
    finished = false;
    sculptorCalls = new HashSet<>();
    applicationCalls = new HashMap<>();
    return real.createStreaming(sent, options);
  }

  @Override
  void take(ChatCompletionChunk chunk) {
    ObjectNode json = (ObjectNode) SdkJson.toTree(chunk);
    assembler.accept(json, received++);
    JsonNode choices = json.path("choices");
    // A chunk without choices is the usage when it has one, or comes after the end; one before the
    // answer (a provider's prompt filter results) passes on.
    boolean finishing = (!choices.isArray() || choices.isEmpty()) && (json.hasNonNull("usage") || finished);
    boolean changed = false;
    boolean empty = false;
    for (int position = 0; position < choices.size(); position++) {
      JsonNode choice = choices.get(position);
      if (index(choice, position) != 0) {
        continue;
      }
      if (choice.hasNonNull("finish_reason")) {
        finishing = true;
        finished = true;
      }
      if (choice.path("delta").get("tool_calls") instanceof ArrayNode calls) {
        ArrayNode kept = calls.arrayNode();
        for (int callPosition = 0; callPosition < calls.size(); callPosition++) {
          JsonNode delta = calls.get(callPosition);
          // Without an index, a delta is the call at its position, as the assembler reads it.
          int index = index(delta, callPosition);
          if (!sculptorCalls.contains(index) && !applicationCalls.containsKey(index)) {
            if (session.toolkit().handles(delta.path("function").path("name").asText(""))) {
              sculptorCalls.add(index);
            } else {
              applicationCalls.put(index, applicationCalls.size());
            }
          }
          if (sculptorCalls.contains(index)) {
            changed = true;
          } else {
            int renumbered = applicationCalls.get(index);
            changed |= renumbered != index || !delta.has("index");
            kept.add(((ObjectNode) delta.deepCopy()).put("index", renumbered));
          }
        }
        ObjectNode delta = (ObjectNode) choice.get("delta");
        if (kept.isEmpty()) {
          delta.remove("tool_calls");
          empty = delta.isEmpty() && !choice.hasNonNull("finish_reason") && choices.size() == 1;
        } else {
          delta.set("tool_calls", kept);
        }
      }
    }
    if (finishing || !held.isEmpty()) {
      held.add(json);
    } else if (!empty) {
      pass(changed ? SdkJson.fromTree(json, ChatCompletionChunk.class) : chunk);
    }
  }

  private static int index(JsonNode node, int position) {
    return node.path("index").canConvertToInt() ? node.path("index").intValue() : position;
  }

  @Override
  void endCall() {
    assembler.end();
    ObjectNode completion = assembler.completion();
    ChatCompletionsBridge.Turn[] turn = new ChatCompletionsBridge.Turn[1];
    session.update(state -> {
      turn[0] = bridge.handleResponse(completion, state);
      return turn[0].state();
    });
    if (!turn[0].results().isEmpty() && !turn[0].needsApplication() && !last) {
      return;
    }
    for (ObjectNode json : held) {
      if (!turn[0].results().isEmpty() && applicationCalls.isEmpty()) {
        // Sculptor answered every call of this answer: to the application it ends as an answer.
        for (JsonNode choice : json.path("choices")) {
          if (choice.path("index").asInt(0) == 0 && choice.path("finish_reason").asText("").equals("tool_calls")) {
            ((ObjectNode) choice).put("finish_reason", "stop");
          }
        }
      }
      pass(SdkJson.fromTree(json, ChatCompletionChunk.class));
    }
    finish();
  }
}
