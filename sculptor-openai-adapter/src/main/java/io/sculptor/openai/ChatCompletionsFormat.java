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
import io.sculptor.model.Usage;
import io.sculptor.openai.internal.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Translates between Sculptor messages and the OpenAI Chat Completions wire format, losslessly.
 *
 * <p>Reading keeps every field the library does not model ({@code reasoning_content},
 * {@code refusal}, {@code audio}, anything unknown) in the message's extensions, and remembers the
 * original shape of the fields it does model when they are not plain: {@code content: null},
 * content-part arrays, the {@code developer} role, and the exact {@code tool_calls} objects. Writing
 * a message that was read and not changed gives back an equal JSON object. When the view changed
 * the text of a message with content parts, its text parts are replaced by one text part holding
 * the view's text and the other parts (images, audio) are kept in place.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class ChatCompletionsFormat {
  /** Extension key holding the original {@code content} when it was null or an array. */
  static final String ORIGINAL_CONTENT = "sculptor.openai.content";
  /** Extension key marking a message that had no {@code content} field at all. */
  static final String NO_CONTENT = "sculptor.openai.no_content";
  /** Extension key holding the original {@code tool_calls} array. */
  static final String ORIGINAL_TOOL_CALLS = "sculptor.openai.tool_calls";
  /** Extension key holding the wire role when it is not the role's own name (e.g. developer). */
  static final String ORIGINAL_ROLE = "sculptor.openai.role";

  private static final Set<String> MODELED = Set.of("role", "content", "tool_calls", "tool_call_id", "name");

  private ChatCompletionsFormat() {}

  /**
   * {@return the message that the Chat Completions message object {@code json} describes}
   *
   * @throws WireFormatException if it is not an object, has no known role, or a tool message
   *     lacks {@code tool_call_id}
   */
  public static Message toMessage(JsonNode json) {
    ObjectNode object = Json.requireObject(json, "a chat message");
    String wireRole = Json.requireText(object, "role", "a chat message");
    Role role = role(wireRole);
    Map<String, Object> extensions = new LinkedHashMap<>();
    if (!wireRole.equals(role.wireName())) {
      extensions.put(ORIGINAL_ROLE, Json.NODES.textNode(wireRole));
    }
    String content = readContent(object.get("content"), extensions);
    List<ToolCall> toolCalls = List.of();
    JsonNode calls = object.get("tool_calls");
    if (calls != null) {
      if (role != Role.ASSISTANT && !calls.isNull()) {
        throw new WireFormatException("only assistant messages have tool_calls, got role [" + wireRole + "]");
      }
      toolCalls = readToolCalls(calls);
      extensions.put(ORIGINAL_TOOL_CALLS, calls.deepCopy());
    }
    String toolCallId = null;
    if (role == Role.TOOL) {
      toolCallId = Json.requireText(object, "tool_call_id", "a tool message");
    } else if (object.has("tool_call_id")) {
      extensions.put("tool_call_id", object.get("tool_call_id").deepCopy());
    }
    String name = null;
    JsonNode nameNode = object.get("name");
    if (nameNode != null) {
      if (nameNode.isTextual()) {
        name = nameNode.textValue();
      } else {
        extensions.put("name", nameNode.deepCopy());
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!MODELED.contains(field.getKey())) {
        extensions.put(field.getKey(), field.getValue().deepCopy());
      }
    }
    Message message = switch (role) {
      case SYSTEM -> Message.system(content);
      case USER -> Message.user(content);
      case ASSISTANT -> Message.assistant(content, toolCalls);
      case TOOL -> Message.tool(toolCallId, content);
    };
    return message.withName(name).withExtensions(extensions);
  }

  /** {@return the messages of a Chat Completions {@code messages} array} */
  public static List<Message> toMessages(JsonNode array) {
    if (array == null || !array.isArray()) {
      throw new WireFormatException("messages must be a JSON array, got [" + Json.describe(array) + "]");
    }
    List<Message> messages = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      try {
        messages.add(toMessage(array.get(i)));
      } catch (WireFormatException e) {
        throw new WireFormatException("message [" + i + "]: " + e.getMessage());
      }
    }
    return messages;
  }

  /** {@return the Chat Completions message object for {@code message}} */
  public static ObjectNode toJson(Message message) {
    ObjectNode object = Json.object();
    Map<String, Object> extensions = message.extensions();
    JsonNode wireRole = node(extensions.get(ORIGINAL_ROLE));
    object.put("role", wireRole != null && role(wireRole.asText()) == message.role()
        ? wireRole.asText() : message.role().wireName());
    JsonNode content = writeContent(message.content(), extensions);
    if (content != null) {
      object.set("content", content);
    }
    message.name().ifPresent(n -> object.put("name", n));
    JsonNode originalCalls = node(extensions.get(ORIGINAL_TOOL_CALLS));
    if (originalCalls != null && readToolCalls(originalCalls).equals(message.toolCalls())) {
      object.set("tool_calls", originalCalls.deepCopy());
    } else if (!message.toolCalls().isEmpty()) {
      object.set("tool_calls", writeToolCalls(message.toolCalls()));
    }
    message.toolCallId().ifPresent(id -> object.put("tool_call_id", id));
    extensions.forEach((key, value) -> {
      if (!key.startsWith("sculptor.openai.") && value instanceof JsonNode json) {
        object.set(key, json.deepCopy());
      }
    });
    return object;
  }

  /** {@return a Chat Completions {@code messages} array} */
  public static ArrayNode toJson(List<Message> messages) {
    ArrayNode array = Json.array();
    messages.forEach(m -> array.add(toJson(m)));
    return array;
  }

  /**
   * {@return the Chat Completions {@code tools} array}: {@code {"type": "function", "function":
   * {"name", "description", "parameters"}}}, with {@code "strict": true} for strict specs
   */
  public static ArrayNode tools(List<ToolSpec> specs) {
    ArrayNode tools = Json.array();
    for (ToolSpec spec : specs) {
      ObjectNode tool = tools.addObject();
      tool.put("type", "function");
      ObjectNode function = tool.putObject("function");
      function.put("name", spec.name());
      function.put("description", spec.description());
      function.set("parameters", Json.schema(spec));
      if (spec.strict()) {
        function.put("strict", true);
      }
    }
    return tools;
  }

  /** {@return the Chat Completions {@code tool_choice} value} */
  public static JsonNode toolChoice(ToolChoice choice) {
    if (choice instanceof ToolChoice.Mode mode) {
      return Json.NODES.textNode(mode.wireName());
    }
    ObjectNode named = Json.object();
    named.put("type", "function");
    named.putObject("function").put("name", ((ToolChoice.Function) choice).name());
    return named;
  }

  /**
   * {@return the body of a Chat Completions request}: {@code model}, {@code messages}, and when
   * tools are offered {@code tools} and {@code tool_choice}; then every field of
   * {@code extraBody} (temperature, max tokens…), which may not replace those
   *
   * @throws IllegalArgumentException if {@code extraBody} sets model, messages, tools or tool_choice
   */
  public static ObjectNode request(String model, ChatRequest request, ObjectNode extraBody) {
    ObjectNode body = Json.object();
    body.put("model", model);
    body.set("messages", toJson(request.messages()));
    if (!request.tools().isEmpty()) {
      body.set("tools", tools(request.tools()));
      body.set("tool_choice", toolChoice(request.toolChoice()));
    }
    addExtraBody(body, extraBody, Set.of("model", "messages", "tools", "tool_choice"));
    return body;
  }

  /**
   * {@return the first choice of a Chat Completions response body as an assistant message, with
   * the usage and finish reason}
   *
   * @throws WireFormatException if the body has no choice with an assistant message
   */
  public static ChatResponse response(JsonNode body) {
    ObjectNode object = Json.requireObject(body, "a chat completion");
    JsonNode choices = object.get("choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      throw new WireFormatException("a chat completion needs a non-empty \"choices\" array, got ["
          + Json.describe(choices) + "]");
    }
    JsonNode choice = Json.requireObject(choices.get(0), "choices[0]");
    Message message = toMessage(Json.requireObject(choice.get("message"), "choices[0].message"));
    if (message.role() != Role.ASSISTANT) {
      throw new WireFormatException("choices[0].message must have role assistant, got ["
          + message.role().wireName() + "]");
    }
    JsonNode finish = choice.get("finish_reason");
    return ChatResponse.of(message, usage(object.get("usage"), "prompt_tokens", "completion_tokens"),
        finish != null && finish.isTextual() ? Optional.of(finish.textValue()) : Optional.empty());
  }

  /**
   * Copies every field of {@code extraBody} into {@code body}.
   *
   * @throws IllegalArgumentException if a field is one of {@code reserved}
   */
  static void addExtraBody(ObjectNode body, ObjectNode extraBody, Set<String> reserved) {
    for (Iterator<Map.Entry<String, JsonNode>> it = extraBody.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (reserved.contains(field.getKey())) {
        throw new IllegalArgumentException("extra body parameter [" + field.getKey()
            + "] would replace a field the model sets itself");
      }
      body.set(field.getKey(), field.getValue().deepCopy());
    }
  }

  static Usage usage(JsonNode usage, String promptField, String completionField) {
    if (usage == null || !usage.isObject()) {
      return Usage.UNKNOWN;
    }
    return Usage.of(Math.max(0, usage.path(promptField).asLong(0)),
        Math.max(0, usage.path(completionField).asLong(0)));
  }

  static Role role(String wireRole) {
    return switch (wireRole) {
      case "system", "developer" -> Role.SYSTEM;
      case "user" -> Role.USER;
      case "assistant" -> Role.ASSISTANT;
      case "tool" -> Role.TOOL;
      default -> throw new WireFormatException("unknown message role [" + wireRole
          + "]; expected system, developer, user, assistant or tool");
    };
  }

  /** Reads {@code content}: a string, null, absent, or an array of parts. */
  static String readContent(JsonNode content, Map<String, Object> extensions) {
    if (content == null) {
      extensions.put(NO_CONTENT, Json.NODES.booleanNode(true));
      return "";
    }
    if (content.isTextual()) {
      return content.textValue();
    }
    if (content.isNull() || content.isArray()) {
      extensions.put(ORIGINAL_CONTENT, content.deepCopy());
      return content.isNull() ? "" : textOfParts(content);
    }
    throw new WireFormatException("content must be a string, null or an array of parts, got ["
        + Json.describe(content) + "]");
  }

  /** Writes content back in its original shape when the text is unchanged. */
  static JsonNode writeContent(String text, Map<String, Object> extensions) {
    JsonNode original = node(extensions.get(ORIGINAL_CONTENT));
    if (extensions.containsKey(NO_CONTENT) && text.isEmpty()) {
      return null;
    }
    if (original != null && original.isNull() && text.isEmpty()) {
      return original.deepCopy();
    }
    if (original != null && original.isArray()) {
      return textOfParts(original).equals(text) ? original.deepCopy() : replaceText(original, text);
    }
    return Json.NODES.textNode(text);
  }

  /** The text of the text-bearing parts, joined by line breaks. */
  static String textOfParts(JsonNode parts) {
    StringBuilder text = new StringBuilder();
    boolean first = true;
    for (JsonNode part : parts) {
      JsonNode value = part.isObject() ? part.get("text") : null;
      if (value != null && value.isTextual()) {
        text.append(first ? "" : "\n").append(value.textValue());
        first = false;
      }
    }
    return text.toString();
  }

  /** The parts with every text part replaced by one part holding {@code text}, in the first one's place. */
  private static ArrayNode replaceText(JsonNode parts, String text) {
    ArrayNode replaced = Json.array();
    boolean written = false;
    for (JsonNode part : parts) {
      JsonNode value = part.isObject() ? part.get("text") : null;
      if (value != null && value.isTextual()) {
        if (!written) {
          ObjectNode textPart = ((ObjectNode) part).deepCopy();
          textPart.put("text", text);
          replaced.add(textPart);
          written = true;
        }
      } else {
        replaced.add(part.deepCopy());
      }
    }
    if (!written) {
      replaced.addObject().put("type", "text").put("text", text);
    }
    return replaced;
  }

  private static List<ToolCall> readToolCalls(JsonNode calls) {
    if (calls.isNull()) {
      return List.of();
    }
    if (!calls.isArray()) {
      throw new WireFormatException("tool_calls must be an array, got [" + Json.describe(calls) + "]");
    }
    List<ToolCall> result = new ArrayList<>(calls.size());
    for (JsonNode call : calls) {
      Json.requireObject(call, "a tool call");
      String id = Json.requireText(call, "id", "a tool call");
      JsonNode function = Json.requireObject(call.get("function"), "tool call [" + id + "] function");
      String name = Json.requireText(function, "name", "tool call [" + id + "] function");
      JsonNode arguments = function.get("arguments");
      String raw = arguments == null || arguments.isNull() ? ""
          : arguments.isTextual() ? arguments.textValue() : arguments.toString();
      result.add(new ToolCall(id, name, raw));
    }
    return result;
  }

  private static ArrayNode writeToolCalls(List<ToolCall> calls) {
    ArrayNode array = Json.array();
    for (ToolCall call : calls) {
      ObjectNode object = array.addObject();
      object.put("id", call.id());
      object.put("type", "function");
      ObjectNode function = object.putObject("function");
      function.put("name", call.name());
      function.put("arguments", call.arguments());
    }
    return array;
  }

  private static JsonNode node(Object value) {
    return value instanceof JsonNode json ? json : null;
  }
}
