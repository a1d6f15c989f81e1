package io.sculptor.openai.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.RequestOptions;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.services.blocking.ResponseService;
import com.openai.services.blocking.chat.ChatCompletionService;
import io.sculptor.core.ContextState;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.ToolCall;
import io.sculptor.openai.ChatCompletionsBridge;
import io.sculptor.openai.ChatCompletionsFormat;
import io.sculptor.openai.ResponsesFormat;
import io.sculptor.openai.WireFormatException;
import io.sculptor.tools.ContextSession;
import io.sculptor.tools.SculptorToolkit;
import io.sculptor.tools.ToolResult;
import java.lang.ref.Cleaner;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One conversation behind a wrapped client: it turns the application's requests into requests
 * for the view of the session's state, runs the Sculptor calls of the answers, and hands the
 * rest back. Calls are serialized: a conversation has one turn at a time (a streamed turn lasts
 * until its stream ends or is closed).
 */
public final class WrappedConversation {
  /** The API a conversation was started on; one conversation never mixes the two. */
  private enum Api {
    CHAT_COMPLETIONS, RESPONSES
  }

  /** Ends the turns of streams dropped unclosed; its one daemon thread serves every conversation. */
  private static final Cleaner ABANDONED = Cleaner.create();

  private final ContextSession session;
  private final int maxSculptorRounds;
  /** One turn at a time; a permit, not a monitor, since a streamed turn ends on the reader's thread. */
  private final Semaphore turn = new Semaphore(1);
  /** The thread that opened the streamed turn under way, if one is; it would wait for itself. */
  private volatile Thread streamOpener;
  private Api api;
  /** How many of the application's own messages (anything but model output) the state holds. */
  private int applicationMessages;

  /**
   * Creates the conversation.
   *
   * @param session the state and toolkit
   * @param maxSculptorRounds the model calls in one turn that may be answered by Sculptor alone
   */
  public WrappedConversation(ContextSession session, int maxSculptorRounds) {
    this.session = Objects.requireNonNull(session, "session");
    if (maxSculptorRounds < 1) {
      throw new IllegalArgumentException("maxSculptorRounds must be at least 1, got [" + maxSculptorRounds + "]");
    }
    this.maxSculptorRounds = maxSculptorRounds;
  }

  /** {@return the session this conversation keeps its state in} */
  public ContextSession session() {
    return session;
  }

  /** Waits for the turn under way to end; refuses a thread that left its own streamed turn open. */
  private void beginTurn() {
    if (streamOpener == Thread.currentThread()) {
      throw new IllegalStateException("a streamed turn of this conversation is still open on this thread:"
          + " read its stream to the end or close it (try-with-resources) before the next call");
    }
    turn.acquireUninterruptibly();
  }

  /** One Chat Completions turn through {@code real}. */
  public ChatCompletion create(ChatCompletionService real, ChatCompletionCreateParams params, RequestOptions options) {
    beginTurn();
    try {
      ObjectNode body = (ObjectNode) SdkJson.toTree(params._body());
      JsonNode messages = body.get("messages");
      appendNew(Api.CHAT_COMPLETIONS, messages == null || messages.isNull() ? List.of()
          : ChatCompletionsFormat.toMessages(messages));
      ChatCompletionsBridge bridge = ChatCompletionsBridge.of(session.toolkit());
      for (int round = 1; ; round++) {
        ObjectNode request = bridge.prepareRequest(body, session.state());
        boolean last = round > maxSculptorRounds;
        if (last) {
          request.put("tool_choice", "none");
        }
        ChatCompletionCreateParams sent = params.toBuilder()
            .body(SdkJson.fromTree(request, ChatCompletionCreateParams.Body.class)).build();
        ChatCompletion completion = real.create(sent, options);
        ObjectNode json = (ObjectNode) SdkJson.toTree(completion);
        ChatCompletionsBridge.Turn[] turn = new ChatCompletionsBridge.Turn[1];
        session.update(state -> {
          turn[0] = bridge.handleResponse(json, state);
          return turn[0].state();
        });
        if (turn[0].results().isEmpty() || turn[0].needsApplication() || last) {
          return turn[0].results().isEmpty() ? completion : withoutSculptorCalls(json, session.toolkit());
        }
      }
    } finally {
      turn.release();
    }
  }

  /**
   * One streamed Chat Completions turn through {@code real}: the turn holds the conversation until
   * the returned stream ends, fails or is closed.
   */
  public StreamResponse<ChatCompletionChunk> createStreaming(ChatCompletionService real,
      ChatCompletionCreateParams params, RequestOptions options) {
    beginTurn();
    Runnable endTurn = streamedTurn();
    try {
      ObjectNode body = (ObjectNode) SdkJson.toTree(params._body());
      JsonNode messages = body.get("messages");
      appendNew(Api.CHAT_COMPLETIONS, messages == null || messages.isNull() ? List.of()
          : ChatCompletionsFormat.toMessages(messages));
      WrappedChatStream stream = new WrappedChatStream(session, real, params, body, options, maxSculptorRounds,
          endTurn);
      // A stream the application drops without closing must not hold the conversation forever.
      ABANDONED.register(stream, endTurn);
      return stream;
    } catch (RuntimeException | Error e) {
      endTurn.run();
      throw e;
    }
  }

  /** One Responses API turn through {@code real}. */
  public Response create(ResponseService real, ResponseCreateParams params, RequestOptions options) {
    beginTurn();
    try {
      ObjectNode body = (ObjectNode) SdkJson.toTree(params._body());
      ArrayNode applicationTools = startResponsesTurn(body);
      for (int round = 1; ; round++) {
        boolean last = round > maxSculptorRounds;
        ResponseCreateParams sent = responsesRequest(params, body, applicationTools, last);
        Response response = real.create(sent, options);
        ObjectNode json = (ObjectNode) SdkJson.toTree(response);
        ResponsesRound done = takeResponse(json);
        if (done.endsTurn(last)) {
          return done.ranSculptor() ? withoutSculptorItems(json, session.toolkit()) : response;
        }
      }
    } finally {
      turn.release();
    }
  }

  /**
   * One streamed Responses API turn through {@code real}: the turn holds the conversation until
   * the returned stream ends, fails or is closed.
   */
  public StreamResponse<ResponseStreamEvent> createStreaming(ResponseService real, ResponseCreateParams params,
      RequestOptions options) {
    beginTurn();
    Runnable endTurn = streamedTurn();
    try {
      ObjectNode body = (ObjectNode) SdkJson.toTree(params._body());
      ArrayNode applicationTools = startResponsesTurn(body);
      WrappedResponseStream stream = new WrappedResponseStream(this, real, params, body, applicationTools, options,
          maxSculptorRounds, endTurn);
      ABANDONED.register(stream, endTurn);
      return stream;
    } catch (RuntimeException | Error e) {
      endTurn.run();
      throw e;
    }
  }

  /** {@return the action that ends the streamed turn begun on this thread, once} */
  private Runnable streamedTurn() {
    AtomicBoolean open = new AtomicBoolean(true);
    streamOpener = Thread.currentThread();
    return () -> {
      if (open.getAndSet(false)) {
        streamOpener = null;
        turn.release();
      }
    };
  }

  /** Checks a Responses request and appends what is new in it; {@return the application's tools} */
  private ArrayNode startResponsesTurn(ObjectNode body) {
    for (String serverState : List.of("previous_response_id", "conversation")) {
      JsonNode value = body.get(serverState);
      if (value != null && !value.isNull()) {
        throw new IllegalArgumentException("a wrapped client sends the whole view each time, so "
            + serverState + " must not be set, got [" + value + "]");
      }
    }
    ArrayNode applicationTools = body.has("tools") && !body.get("tools").isNull()
        ? (ArrayNode) body.get("tools") : body.arrayNode();
    for (JsonNode tool : applicationTools) {
      if (session.toolkit().handles(tool.path("name").asText(""))) {
        throw new WireFormatException("the request already defines a tool named ["
            + tool.path("name").asText() + "], which is a Sculptor tool");
      }
    }
    appendNew(Api.RESPONSES, ResponsesFormat.toMessages(inputItems(body.get("input"))));
    return applicationTools;
  }

  /** {@return the params of one model call: the state's view and Sculptor's tools after the application's} */
  ResponseCreateParams responsesRequest(ResponseCreateParams params, ObjectNode body, ArrayNode applicationTools,
      boolean last) {
    ObjectNode request = body.deepCopy();
    request.set("input", ResponsesFormat.toItems(session.state().view().messages()));
    ArrayNode tools = applicationTools.deepCopy();
    tools.addAll(ResponsesFormat.tools(session.toolkit().specs()));
    request.set("tools", tools);
    if (last) {
      request.put("tool_choice", "none");
    }
    return params.toBuilder().body(SdkJson.fromTree(request, ResponseCreateParams.Body.class)).build();
  }

  /** What one model call of a Responses turn did. */
  record ResponsesRound(boolean ranSculptor, boolean applicationCalls) {
    /** {@return whether the turn ends with this call} */
    boolean endsTurn(boolean last) {
      return !ranSculptor || applicationCalls || last;
    }
  }

  /** Appends a model call's output to the state and runs its Sculptor calls. */
  ResponsesRound takeResponse(ObjectNode response) {
    JsonNode output = response.get("output");
    if (output == null || !output.isArray()) {
      throw new WireFormatException("a response needs an \"output\" array, got [" + output + "]");
    }
    boolean[] ranSculptor = {false};
    boolean[] applicationCalls = {false};
    session.update(state -> {
      ContextState next = state;
      List<Message> produced = ResponsesFormat.toMessages(output);
      for (int i = 0; i < produced.size(); i++) {
        next = next.append(produced.get(i));
        // Sculptor's tools are function tools: a custom_tool_call is the application's, whatever its name.
        boolean function = output.get(i).path("type").asText("").equals("function_call");
        for (ToolCall call : produced.get(i).toolCalls()) {
          if (function && session.toolkit().handles(call.name())) {
            ToolResult result = session.toolkit().execute(next, call.name(), call.arguments());
            next = result.state().append(Message.tool(call.id(), result.text()));
            ranSculptor[0] = true;
          } else {
            applicationCalls[0] = true;
          }
        }
      }
      return next;
    });
    return new ResponsesRound(ranSculptor[0], applicationCalls[0]);
  }

  /** {@return whether {@code item} is a call of one of Sculptor's tools} */
  boolean isSculptorCall(JsonNode item) {
    return item.path("type").asText("").equals("function_call")
        && session.toolkit().handles(item.path("name").asText(""));
  }

  /**
   * Appends the messages of a request that the state does not hold yet. The first request
   * starts the conversation: all its messages are new. Later requests carry the conversation as
   * the application keeps it; what the model wrote (assistant messages, calls, reasoning) is
   * already in the state, in full, so only the application's own messages after those counted
   * before are new.
   */
  private void appendNew(Api requested, List<Message> incoming) {
    if (api != null && api != requested) {
      throw new IllegalStateException("this wrapped client holds a conversation of the ["
          + api.name().toLowerCase(Locale.ROOT) + "] API; wrap the client again for a conversation of the ["
          + requested.name().toLowerCase(Locale.ROOT) + "] API");
    }
    List<Message> own = incoming.stream().filter(m -> m.role() != Role.ASSISTANT).toList();
    if (api == null) {
      api = requested;
      applicationMessages = own.size();
      session.update(state -> appendAll(state, incoming));
      return;
    }
    if (own.size() < applicationMessages) {
      throw new IllegalStateException(String.format(Locale.ROOT, "the request carries [%d] messages of the"
          + " application (not written by the model) but the conversation already holds [%d]: a wrapped"
          + " client holds one conversation, so send it whole each time with the new messages at the end,"
          + " or wrap the client again for a new conversation", own.size(), applicationMessages));
    }
    List<Message> fresh = own.subList(applicationMessages, own.size());
    applicationMessages = own.size();
    session.update(state -> appendAll(state, fresh));
  }

  private static ContextState appendAll(ContextState state, List<Message> messages) {
    ContextState next = state;
    for (Message m : messages) {
      next = next.append(m);
    }
    return next;
  }

  private static JsonNode inputItems(JsonNode input) {
    if (input == null || input.isNull()) {
      return SdkJson.object().arrayNode();
    }
    if (input.isTextual()) {
      ArrayNode items = SdkJson.object().arrayNode();
      items.addObject().put("role", "user").put("content", input.textValue());
      return items;
    }
    return input;
  }

  /** The completion with the Sculptor calls of its first choice taken out; the state has them. */
  private static ChatCompletion withoutSculptorCalls(ObjectNode completion, SculptorToolkit toolkit) {
    JsonNode message = completion.path("choices").path(0).path("message");
    if (message instanceof ObjectNode object && object.get("tool_calls") instanceof ArrayNode calls) {
      ArrayNode kept = calls.arrayNode();
      calls.forEach(c -> {
        if (!toolkit.handles(c.path("function").path("name").asText(""))) {
          kept.add(c);
        }
      });
      if (kept.isEmpty()) {
        object.remove("tool_calls");
        ObjectNode choice = (ObjectNode) completion.path("choices").path(0);
        if (choice.path("finish_reason").asText("").equals("tool_calls")) {
          choice.put("finish_reason", "stop");
        }
      } else {
        object.set("tool_calls", kept);
      }
    }
    return SdkJson.fromTree(completion, ChatCompletion.class);
  }

  /** The response with its Sculptor function_call items taken out; the state has them. */
  private static Response withoutSculptorItems(ObjectNode response, SculptorToolkit toolkit) {
    ArrayNode kept = response.arrayNode();
    for (JsonNode item : response.get("output")) {
      boolean sculptorCall = item.path("type").asText("").equals("function_call")
          && toolkit.handles(item.path("name").asText(""));
      if (!sculptorCall) {
        kept.add(item);
      }
    }
    response.set("output", kept);
    return SdkJson.fromTree(response, Response.class);
  }
}
