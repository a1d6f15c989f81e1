package io.sculptor.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ToolChoice;
import io.sculptor.model.ToolSpec;
import io.sculptor.openai.internal.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Translates between Sculptor messages and the items of the OpenAI Responses API, losslessly.
 *
 * <p>A {@code message} item becomes a message of its role; a {@code function_call} item becomes an
 * assistant message with one tool call (its {@code call_id} is the call id); a
 * {@code function_call_output} item becomes a tool message. Any other item (such as
 * {@code reasoning}) becomes an assistant message with empty content that carries the whole item,
 * so that it goes back to the API untouched and never takes part in fragments. Fields the library
 * does not model ({@code id}, {@code status}, …) are kept in the extensions. Writing the messages
 * read from items gives back equal items, one for one.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class ResponsesFormat {
  /** Extension key holding a whole item of a type the library does not model. */
  static final String OPAQUE_ITEM = "sculptor.openai.item";
  /** Extension key holding the item type the message was read from. */
  static final String ITEM_TYPE = "sculptor.openai.item_type";

  private ResponsesFormat() {}

  /**
   * {@return the message that the Responses API item {@code json} describes}
   *
   * @throws WireFormatException if the item lacks the fields of its type
   */
  public static Message toMessage(JsonNode json) {
    ObjectNode item = Json.requireObject(json, "a Responses API item");
    JsonNode typeNode = item.get("type");
    String type = typeNode == null ? null : typeNode.asText();
    Map<String, Object> extensions = new LinkedHashMap<>();
    if (type == null || type.equals("message")) {
      String wireRole = Json.requireText(item, "role", "a message item");
      Role role = ChatCompletionsFormat.role(wireRole);
      if (role == Role.TOOL) {
        throw new WireFormatException("a message item cannot have role [tool]; use function_call_output");
      }
      if (!wireRole.equals(role.wireName())) {
        extensions.put(ChatCompletionsFormat.ORIGINAL_ROLE, Json.NODES.textNode(wireRole));
      }
      extensions.put(ITEM_TYPE, Json.NODES.textNode(type == null ? "" : type));
      String content = ChatCompletionsFormat.readContent(item.get("content"), extensions);
      keepOthers(item, Set.of("type", "role", "content"), extensions);
      Message message = switch (role) {
        case SYSTEM -> Message.system(content);
        case USER -> Message.user(content);
        default -> Message.assistant(content);
      };
      return message.withExtensions(extensions);
    }
    if (type.equals("function_call")) {
      String callId = Json.requireText(item, "call_id", "a function_call item");
      String name = Json.requireText(item, "name", "a function_call item");
      JsonNode arguments = item.get("arguments");
      String raw = arguments == null || arguments.isNull() ? ""
          : arguments.isTextual() ? arguments.textValue() : arguments.toString();
      if (arguments != null && !arguments.isTextual()) {
        extensions.put("sculptor.openai.arguments", arguments.deepCopy());
      }
      extensions.put(ITEM_TYPE, Json.NODES.textNode(type));
      keepOthers(item, Set.of("type", "call_id", "name", "arguments"), extensions);
      return Message.assistant("", List.of(new ToolCall(callId, name, raw))).withExtensions(extensions);
    }
    if (type.equals("function_call_output")) {
      String callId = Json.requireText(item, "call_id", "a function_call_output item");
      extensions.put(ITEM_TYPE, Json.NODES.textNode(type));
      String output = ChatCompletionsFormat.readContent(item.get("output"), extensions);
      keepOthers(item, Set.of("type", "call_id", "output"), extensions);
      return Message.tool(callId, output).withExtensions(extensions);
    }
    extensions.put(OPAQUE_ITEM, item.deepCopy());
    return Message.assistant("").withExtensions(extensions);
  }

  /** {@return the messages of a Responses API {@code input} or {@code output} array} */
  public static List<Message> toMessages(JsonNode items) {
    if (items == null || !items.isArray()) {
      throw new WireFormatException("items must be a JSON array, got [" + Json.describe(items) + "]");
    }
    List<Message> messages = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      try {
        messages.add(toMessage(items.get(i)));
      } catch (WireFormatException e) {
        throw new WireFormatException("item [" + i + "]: " + e.getMessage());
      }
    }
    return messages;
  }

  /**
   * {@return the items for {@code message}}: usually one; an assistant message with text and tool
   * calls gives a {@code message} item followed by one {@code function_call} item per call
   */
  public static List<ObjectNode> toItems(Message message) {
    Map<String, Object> extensions = message.extensions();
    if (extensions.get(OPAQUE_ITEM) instanceof JsonNode opaque) {
      return List.of(((ObjectNode) opaque).deepCopy());
    }
    String type = extensions.get(ITEM_TYPE) instanceof JsonNode t ? t.asText() : null;
    List<ObjectNode> items = new ArrayList<>();
    if (message.role() == Role.TOOL) {
      ObjectNode item = Json.object();
      item.put("type", "function_call_output");
      item.put("call_id", message.toolCallId().orElseThrow());
      item.set("output", ChatCompletionsFormat.writeContent(message.content(), extensions));
      copyOthers(extensions, item);
      return List.of(item);
    }
    boolean fromFunctionCall = "function_call".equals(type) && message.toolCalls().size() == 1
        && message.content().isEmpty();
    if (!fromFunctionCall && (!message.content().isEmpty() || message.toolCalls().isEmpty())) {
      ObjectNode item = Json.object();
      if (!"".equals(type)) {
        item.put("type", "message");
      }
      JsonNode wireRole = extensions.get(ChatCompletionsFormat.ORIGINAL_ROLE) instanceof JsonNode r ? r : null;
      item.put("role", wireRole != null ? wireRole.asText() : message.role().wireName());
      JsonNode content = ChatCompletionsFormat.writeContent(message.content(), extensions);
      if (content != null) {
        item.set("content", content);
      }
      if (type != null) {
        copyOthers(extensions, item);
      }
      items.add(item);
    }
    for (ToolCall call : message.toolCalls()) {
      ObjectNode item = Json.object();
      item.put("type", "function_call");
      item.put("call_id", call.id());
      item.put("name", call.name());
      JsonNode originalArguments = extensions.get("sculptor.openai.arguments") instanceof JsonNode a ? a : null;
      if (fromFunctionCall && originalArguments != null && originalArguments.toString().equals(call.arguments())) {
        item.set("arguments", originalArguments.deepCopy());
      } else {
        item.put("arguments", call.arguments());
      }
      if (fromFunctionCall) {
        copyOthers(extensions, item);
      }
      items.add(item);
    }
    return items;
  }

  /** {@return the items for {@code messages}, in order} */
  public static ArrayNode toItems(List<Message> messages) {
    ArrayNode array = Json.array();
    messages.forEach(m -> toItems(m).forEach(array::add));
    return array;
  }

  /**
   * {@return the Responses API {@code tools} array}: flat
   * {@code {"type": "function", "name", "description", "parameters", "strict"}}; {@code strict}
   * is always written because the Responses API assumes {@code true} when it is absent
   */
  public static ArrayNode tools(List<ToolSpec> specs) {
    ArrayNode tools = Json.array();
    for (ToolSpec spec : specs) {
      ObjectNode tool = tools.addObject();
      tool.put("type", "function");
      tool.put("name", spec.name());
      tool.put("description", spec.description());
      tool.set("parameters", Json.schema(spec));
      tool.put("strict", spec.strict());
    }
    return tools;
  }

  /** {@return the Responses API {@code tool_choice} value} */
  public static JsonNode toolChoice(ToolChoice choice) {
    if (choice instanceof ToolChoice.Mode mode) {
      return Json.NODES.textNode(mode.wireName());
    }
    ObjectNode named = Json.object();
    named.put("type", "function");
    named.put("name", ((ToolChoice.Function) choice).name());
    return named;
  }

  /**
   * {@return the body of a Responses API request}: {@code model}, {@code input} and, when tools
   * are offered, {@code tools} and {@code tool_choice}, then {@code extraBody}
   *
   * @throws IllegalArgumentException if {@code extraBody} sets one of those fields
   */
  public static ObjectNode request(String model, ChatRequest request, ObjectNode extraBody) {
    ObjectNode body = Json.object();
    body.put("model", model);
    body.set("input", toItems(request.messages()));
    if (!request.tools().isEmpty()) {
      body.set("tools", tools(request.tools()));
      body.set("tool_choice", toolChoice(request.toolChoice()));
    }
    ChatCompletionsFormat.addExtraBody(body, extraBody, Set.of("model", "input", "tools", "tool_choice"));
    return body;
  }

  /**
   * {@return the output of a Responses API response as one assistant message}: the text of its
   * message items and the calls of its function_call items, with usage; other output items are
   * kept in the message's extensions under {@code output}
   *
   * @throws WireFormatException if the body has no {@code output} array
   */
  public static ChatResponse response(JsonNode body) {
    ObjectNode object = Json.requireObject(body, "a response");
    JsonNode output = object.get("output");
    if (output == null || !output.isArray()) {
      throw new WireFormatException("a response needs an \"output\" array, got [" + Json.describe(output) + "]");
    }
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    for (Message m : toMessages(output)) {
      if (!m.content().isEmpty()) {
        text.append(text.length() == 0 ? "" : "\n").append(m.content());
      }
      calls.addAll(m.toolCalls());
    }
    Map<String, Object> extensions = new LinkedHashMap<>();
    extensions.put("output", output.deepCopy());
    JsonNode status = object.get("status");
    return ChatResponse.of(Message.assistant(text.toString(), calls).withExtensions(extensions),
        ChatCompletionsFormat.usage(object.get("usage"), "input_tokens", "output_tokens"),
        status != null && status.isTextual() ? Optional.of(status.textValue()) : Optional.empty());
  }

  private static void keepOthers(ObjectNode item, Set<String> modeled, Map<String, Object> extensions) {
    for (Iterator<Map.Entry<String, JsonNode>> it = item.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!modeled.contains(field.getKey())) {
        extensions.put(field.getKey(), field.getValue().deepCopy());
      }
    }
  }

  private static void copyOthers(Map<String, Object> extensions, ObjectNode item) {
    extensions.forEach((key, value) -> {
      if (!key.startsWith("sculptor.openai.") && value instanceof JsonNode json) {
        item.set(key, json.deepCopy());
      }
    });
  }
}
