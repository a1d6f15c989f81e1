package io.sculptor.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.ContextState;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.openai.internal.Json;
import io.sculptor.tools.SculptorToolkit;
import io.sculptor.tools.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sculptor for applications that keep their own HTTP stack (or an SDK): it edits Chat Completions
 * request bodies and handles response bodies, and leaves sending them to the application.
 *
 * <p>{@link #prepareRequest(JsonNode, ContextState)} puts the state's view in {@code messages} and
 * adds the Sculptor tools to the request's own tools: the six, and {@code branch} and
 * {@code return} when the toolkit {@link SculptorToolkit#withBranchTools() has them}. {@link #handleResponse(JsonNode,
 * ContextState)} appends the assistant message to the state, executes the Sculptor tool calls in
 * it, and returns the tool messages to send back, with the calls of the application's own tools,
 * which are left for the application to answer: its function tools, and every call of another
 * type ({@code custom} tools, and types this library does not know), passed on untouched.
 *
 * <p>Immutable, thread-safe.
 *
 * @since 0.1
 */
public final class ChatCompletionsBridge {
  private final SculptorToolkit toolkit;
  private final boolean strict;

  private ChatCompletionsBridge(SculptorToolkit toolkit, boolean strict) {
    this.toolkit = toolkit;
    this.strict = strict;
  }

  /** {@return a bridge that executes Sculptor calls with {@code toolkit} and offers the paper's schemas} */
  public static ChatCompletionsBridge of(SculptorToolkit toolkit) {
    return new ChatCompletionsBridge(Objects.requireNonNull(toolkit, "toolkit"), false);
  }

  /** {@return a copy that offers the strict variant of the schemas} */
  public ChatCompletionsBridge withStrictSchemas() {
    return new ChatCompletionsBridge(toolkit, true);
  }

  /**
   * {@return a copy of {@code requestBody} whose {@code messages} are the view of {@code state} and
   * whose {@code tools} are its own tools followed by the Sculptor tools its toolkit runs}; every other field
   * is kept
   *
   * @throws WireFormatException if the body is not an object, or its {@code tools} is not an array
   *     or already defines a tool (of any type) with the name of a tool the toolkit runs
   */
  public ObjectNode prepareRequest(JsonNode requestBody, ContextState state) {
    ObjectNode body = Json.requireObject(requestBody, "a chat completion request").deepCopy();
    body.set("messages", ChatCompletionsFormat.toJson(state.view().messages()));
    JsonNode existing = body.get("tools");
    ArrayNode tools = Json.array();
    if (existing != null && !existing.isNull()) {
      if (!existing.isArray()) {
        throw new WireFormatException("tools must be an array, got [" + Json.describe(existing) + "]");
      }
      for (JsonNode tool : existing) {
        String type = tool.path("type").asText("function");
        String name = tool.path(type).path("name").asText(tool.path("name").asText(""));
        if (toolkit.handles(name)) {
          throw new WireFormatException("the request already defines a tool named [" + name
              + "], which is a Sculptor tool");
        }
        tools.add(tool.deepCopy());
      }
    }
    tools.addAll(ChatCompletionsFormat.tools(strict ? toolkit.strictSpecs() : toolkit.specs()));
    body.set("tools", tools);
    return body;
  }

  /**
   * Appends the assistant message of {@code responseBody}'s first choice to {@code state}, executes
   * its Sculptor tool calls in order, and appends their results.
   *
   * @return the new state, the tool messages to send back (as Chat Completions JSON), the results
   *     of the Sculptor calls, and the calls left for the application
   * @throws WireFormatException if the body is not a chat completion the API would take back (see
   *     {@link ChatCompletionsFormat}), naming the path
   */
  public Turn handleResponse(JsonNode responseBody, ContextState state) {
    Message assistant = ChatCompletionsFormat.response(responseBody).message();
    ContextState next = state.append(assistant);
    List<ObjectNode> toolMessages = new ArrayList<>();
    List<ToolResult> results = new ArrayList<>();
    List<ToolCall> applicationCalls = new ArrayList<>();
    Map<String, String> types = ResponsesFormat.callTypes(assistant);
    for (ToolCall call : assistant.toolCalls()) {
      // Sculptor's tools are function tools: a custom call (or a type yet unknown) is the application's.
      boolean function = types.getOrDefault(call.id(), "function").equals("function");
      if (!function || !toolkit.handles(call.name())) {
        applicationCalls.add(call);
        continue;
      }
      ToolResult result = toolkit.execute(next, call.name(), call.arguments());
      Message reply = Message.tool(call.id(), result.text());
      next = result.state().append(reply);
      results.add(result);
      toolMessages.add(ChatCompletionsFormat.toJson(reply));
    }
    return new Turn(next, toolMessages, results, applicationCalls);
  }

  /**
   * What {@link #handleResponse(JsonNode, ContextState)} did.
   *
   * @param state the state with the assistant message and the Sculptor tool messages appended
   * @param toolMessages the tool messages answering the Sculptor calls, as Chat Completions JSON
   * @param results the results of the Sculptor calls, in order
   * @param applicationCalls the calls of other tools, for the application to answer
   */
  public record Turn(ContextState state, List<ObjectNode> toolMessages, List<ToolResult> results,
      List<ToolCall> applicationCalls) {
    /** Copies the lists. */
    public Turn {
      Objects.requireNonNull(state, "state");
      toolMessages = List.copyOf(toolMessages);
      results = List.copyOf(results);
      applicationCalls = List.copyOf(applicationCalls);
    }

    /** {@return whether the application must answer tool calls before the next request} */
    public boolean needsApplication() {
      return !applicationCalls.isEmpty();
    }
  }
}
