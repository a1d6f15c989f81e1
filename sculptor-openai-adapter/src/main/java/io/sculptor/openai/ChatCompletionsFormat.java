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
import io.sculptor.openai.internal.ContentParts;
import io.sculptor.openai.internal.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Translates between Sculptor messages and the OpenAI Chat Completions wire format.
 *
 * <p><b>Reading</b> keeps every field the library does not model ({@code reasoning_content},
 * {@code refusal}, {@code audio}, {@code annotations}, anything unknown) in the message's
 * extensions, and remembers the original shape of the fields it does model when they are not
 * plain: {@code content: null} or absent on an assistant message, content-part arrays, the
 * {@code developer} role, and the exact {@code tool_calls} objects. Nothing is lost: the message
 * holds all the JSON it was read from. Writing sends those fields back, except extensions under
 * {@code sculptor.}, which adapters keep for themselves (a message read from Anthropic's API does
 * not carry its {@code sculptor.anthropic.*} blocks to OpenAI). Reading also checks the input, so that no request built
 * from it can be invalid: what is unambiguous is normalized (tool-call {@code arguments} sent as a
 * JSON object become its JSON text; a call without {@code type} that has a {@code function} is a
 * function call; an empty or null {@code tool_calls} is no calls), and anything else the API
 * would refuse — a message of another role without content, a call without an id, arguments that
 * are a number, a content part the role does not take — throws a {@link WireFormatException}
 * that names the JSON path, such as {@code [choices[0].message.tool_calls[0].function.arguments]}.
 *
 * <p>Tool calls of another type than {@code function} — {@code custom} calls
 * ({@code {"type": "custom", "custom": {"name", "input"}}}) and types this library does not know
 * yet — are read as {@link ToolCall}s whose name is the tool's and whose arguments are the
 * custom input (for an unknown type, the JSON text of its object); they are written back exactly
 * as they came, and answered by the application like any call (a {@code tool} message with the
 * call's id).
 *
 * <p><b>Writing</b> a message that was read and not changed gives back the same JSON, except the
 * fields that exist only in responses: {@code annotations} is left out of an assistant message,
 * and its {@code audio} is sent as {@code {"id"}}, the only field a request takes. When the view
 * changed the text of a message with content parts, its text parts are replaced by one text part
 * holding the view's text and the other parts (images, audio) are kept in place. Content parts
 * and tool calls read from the Responses API ({@link ResponsesFormat}) are translated
 * ({@code input_text} → {@code text}, {@code input_image} → {@code image_url}…); the item fields
 * of such messages ({@code id}, {@code status}) are not written.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class ChatCompletionsFormat {
  /**
   * The prefix of extension keys that adapters keep for themselves ({@code sculptor.openai.*},
   * {@code sculptor.anthropic.*}, …): never written as wire fields, so a message read from one
   * provider does not carry that provider's bookkeeping to another.
   */
  static final String SCULPTOR_KEYS = "sculptor.";
  /** Extension key holding the original {@code content} when it was null or an array. */
  static final String ORIGINAL_CONTENT = "sculptor.openai.content";
  /** Extension key marking a message that had no {@code content} field at all. */
  static final String NO_CONTENT = "sculptor.openai.no_content";
  /** Extension key holding the original {@code tool_calls} array, normalized. */
  static final String ORIGINAL_TOOL_CALLS = "sculptor.openai.tool_calls";
  /** Extension key holding the wire role when it is not the role's own name (e.g. developer). */
  static final String ORIGINAL_ROLE = "sculptor.openai.role";

  private static final Set<String> MODELED = Set.of("role", "content", "tool_calls", "tool_call_id", "name");
  /** Fields of an assistant message in a response that a request does not take. */
  private static final Set<String> RESPONSE_ONLY = Set.of("annotations");

  private ChatCompletionsFormat() {}

  /**
   * {@return the message that the Chat Completions message object {@code json} describes}
   *
   * @throws WireFormatException if it is not a message the API would take back (see the class
   *     description), naming the path of the first problem
   */
  public static Message toMessage(JsonNode json) {
    return read(json, "message");
  }

  /**
   * {@return the messages of a Chat Completions {@code messages} array}
   *
   * @throws WireFormatException if it is not an array, or a message is not one the API would take
   *     back, naming the path, e.g. {@code [messages[3].content]}
   */
  public static List<Message> toMessages(JsonNode array) {
    if (array == null || !array.isArray()) {
      throw new WireFormatException("[messages] must be a JSON array, got [" + Json.describe(array) + "]");
    }
    List<Message> messages = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      messages.add(read(array.get(i), "messages[" + i + "]"));
    }
    return messages;
  }

  static Message read(JsonNode json, String path) {
    ObjectNode object = Json.requireObject(json, "[" + path + "]");
    String wireRole = requireText(object, "role", path);
    Role role = role(wireRole, path);
    Map<String, Object> extensions = new LinkedHashMap<>();
    if (!wireRole.equals(role.wireName())) {
      extensions.put(ORIGINAL_ROLE, Json.NODES.textNode(wireRole));
    }
    String content = readContent(object.get("content"), path + ".content", role, role == Role.ASSISTANT, extensions);
    List<ToolCall> toolCalls = List.of();
    JsonNode calls = object.get("tool_calls");
    if (calls != null && !calls.isNull() && !(calls.isArray() && calls.isEmpty())) {
      if (role != Role.ASSISTANT) {
        throw new WireFormatException("[" + path + ".tool_calls]: only assistant messages have tool calls, got role ["
            + wireRole + "]");
      }
      ArrayNode normalized = Json.array();
      toolCalls = readToolCalls(calls, path + ".tool_calls", normalized);
      extensions.put(ORIGINAL_TOOL_CALLS, normalized);
    }
    String toolCallId = null;
    if (role == Role.TOOL) {
      toolCallId = requireText(object, "tool_call_id", path);
    } else if (object.has("tool_call_id")) {
      extensions.put("tool_call_id", object.get("tool_call_id").deepCopy());
    }
    String name = null;
    JsonNode nameNode = object.get("name");
    if (nameNode != null && !nameNode.isNull()) {
      if (!nameNode.isTextual()) {
        throw new WireFormatException("[" + path + ".name] must be a string, got [" + Json.describe(nameNode) + "]");
      }
      name = nameNode.textValue();
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

  /** {@return the Chat Completions message object for {@code message}} */
  public static ObjectNode toJson(Message message) {
    ObjectNode object = Json.object();
    Map<String, Object> extensions = message.extensions();
    JsonNode wireRole = node(extensions.get(ORIGINAL_ROLE));
    object.put("role", wireRole != null && roleOrNull(wireRole.asText()) == message.role()
        ? wireRole.asText() : message.role().wireName());
    JsonNode content = writeContent(message.content(), extensions, ContentParts.Api.CHAT, message.role(), false);
    if (content != null) {
      object.set("content", content);
    }
    message.name().ifPresent(n -> object.put("name", n));
    JsonNode originalCalls = node(extensions.get(ORIGINAL_TOOL_CALLS));
    if (originalCalls != null && readToolCalls(originalCalls, "tool_calls", Json.array()).equals(message.toolCalls())) {
      object.set("tool_calls", originalCalls.deepCopy());
    } else if (!message.toolCalls().isEmpty()) {
      object.set("tool_calls", writeToolCalls(message));
    }
    message.toolCallId().ifPresent(id -> object.put("tool_call_id", id));
    if (!ResponsesFormat.isFromResponses(message)) {
      boolean assistant = message.role() == Role.ASSISTANT;
      extensions.forEach((key, value) -> {
        if (key.startsWith(SCULPTOR_KEYS) || !(value instanceof JsonNode json)
            || assistant && RESPONSE_ONLY.contains(key)) {
          return;
        }
        if (assistant && key.equals("audio")) {
          // A response's audio holds the data and transcript; a request refers to it by id only.
          if (json.isNull()) {
            object.putNull("audio");
          } else if (json.path("id").isTextual()) {
            object.putObject("audio").set("id", json.get("id"));
          }
          return;
        }
        object.set(key, json.deepCopy());
      });
    }
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
   * @throws WireFormatException if a message holds a content part or tool call read from the
   *     Responses API that has no Chat Completions form (an image by file id, a file by URL)
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
   * the usage and the provider's metadata}: the response id, model, {@code system_fingerprint},
   * every choice's finish reason, and the usage's cached prompt tokens
   * ({@code prompt_tokens_details.cached_tokens}) and reasoning tokens
   * ({@code completion_tokens_details.reasoning_tokens})
   *
   * @throws WireFormatException if the body has no choice with an assistant message the API would
   *     take back, naming the path
   */
  public static ChatResponse response(JsonNode body) {
    ObjectNode object = Json.requireObject(body, "a chat completion");
    JsonNode choices = object.get("choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      throw new WireFormatException("a chat completion needs a non-empty [choices] array, got ["
          + Json.describe(choices) + "]");
    }
    JsonNode choice = Json.requireObject(choices.get(0), "[choices[0]]");
    Message message = read(choice.get("message"), "choices[0].message");
    if (message.role() != Role.ASSISTANT) {
      throw new WireFormatException("[choices[0].message.role] must be assistant, got ["
          + message.role().wireName() + "]");
    }
    List<String> finishReasons = new ArrayList<>();
    for (JsonNode each : choices) {
      JsonNode finish = each.get("finish_reason");
      if (finish != null && finish.isTextual()) {
        finishReasons.add(finish.textValue());
      }
    }
    JsonNode finish = choice.get("finish_reason");
    JsonNode usage = object.get("usage");
    return ChatResponse.builder(message)
        .usage(usage(usage, "prompt_tokens", "completion_tokens", "prompt_tokens_details", "completion_tokens_details"))
        .finishReason(finish != null && finish.isTextual() ? Optional.of(finish.textValue()) : Optional.empty())
        .finishReasons(finishReasons)
        .responseId(textOrNull(object.get("id")))
        .model(textOrNull(object.get("model")))
        .systemFingerprint(textOrNull(object.get("system_fingerprint")))
        .build();
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

  /**
   * {@return the usage object's counts}: prompt and completion tokens, and from the details
   * objects the cached prompt tokens and the reasoning tokens; what is missing or not a
   * non-negative number counts as 0
   */
  static Usage usage(JsonNode usage, String promptField, String completionField, String promptDetails,
      String completionDetails) {
    if (usage == null || !usage.isObject()) {
      return Usage.UNKNOWN;
    }
    return Usage.of(count(usage.path(promptField)), count(usage.path(completionField)),
        count(usage.path(promptDetails).path("cached_tokens")), 0,
        count(usage.path(completionDetails).path("reasoning_tokens")));
  }

  private static long count(JsonNode value) {
    return Math.max(0, value.asLong(0));
  }

  static String textOrNull(JsonNode node) {
    return node != null && node.isTextual() ? node.textValue() : null;
  }

  static String requireText(JsonNode object, String field, String path) {
    JsonNode value = object.get(field);
    if (value == null || !value.isTextual()) {
      throw new WireFormatException("[" + path + "." + field + "] must be a string, got [" + Json.describe(value) + "]");
    }
    return value.textValue();
  }

  static Role role(String wireRole, String path) {
    Role role = roleOrNull(wireRole);
    if (role == null) {
      throw new WireFormatException("[" + path + ".role] is [" + wireRole
          + "], an unknown message role; expected system, developer, user, assistant or tool");
    }
    return role;
  }

  private static Role roleOrNull(String wireRole) {
    return switch (wireRole) {
      case "system", "developer" -> Role.SYSTEM;
      case "user" -> Role.USER;
      case "assistant" -> Role.ASSISTANT;
      case "tool" -> Role.TOOL;
      default -> null;
    };
  }

  /**
   * Reads {@code content}: a string, or an array of parts the role takes; when {@code mayBeEmpty},
   * also null or absent.
   */
  static String readContent(JsonNode content, String path, Role role, boolean mayBeEmpty,
      Map<String, Object> extensions) {
    if (content == null || content.isNull()) {
      if (!mayBeEmpty) {
        throw new WireFormatException(String.format(java.util.Locale.ROOT, "[%s] is %s, but a %s message needs content: a string or an"
            + " array of parts", path, content == null ? "missing" : "null", role.wireName()));
      }
      if (content == null) {
        extensions.put(NO_CONTENT, Json.NODES.booleanNode(true));
      } else {
        extensions.put(ORIGINAL_CONTENT, Json.NODES.nullNode());
      }
      return "";
    }
    if (content.isTextual()) {
      return content.textValue();
    }
    if (content.isArray()) {
      ArrayNode parts = ContentParts.read(content, path, role);
      extensions.put(ORIGINAL_CONTENT, parts);
      return ContentParts.textOf(parts);
    }
    throw new WireFormatException("[" + path + "] must be a string or an array of parts, got ["
        + Json.describe(content) + "]");
  }

  /**
   * {@return the content of a message of {@code role} as {@code target} writes it}: in its
   * original shape when the text is unchanged (content parts translated to the target API), the
   * parts with the text replaced when it changed; null for no content field at all
   */
  static JsonNode writeContent(String text, Map<String, Object> extensions, ContentParts.Api target, Role role,
      boolean outputMessage) {
    JsonNode original = node(extensions.get(ORIGINAL_CONTENT));
    if (original == null || !original.isArray()) {
      if (target == ContentParts.Api.CHAT && text.isEmpty()) {
        if (extensions.containsKey(NO_CONTENT)) {
          return null;
        }
        if (original != null) {
          return original.deepCopy();
        }
      }
      return Json.NODES.textNode(text);
    }
    JsonNode parts = ContentParts.textOf(original).equals(text) ? original : ContentParts.withText(original, text);
    return ContentParts.translate(parts, target, role, outputMessage);
  }

  private static List<ToolCall> readToolCalls(JsonNode calls, String path, ArrayNode normalized) {
    if (!calls.isArray()) {
      throw new WireFormatException("[" + path + "] must be an array, got [" + Json.describe(calls) + "]");
    }
    List<ToolCall> result = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      String at = path + "[" + i + "]";
      ObjectNode call = Json.requireObject(calls.get(i), "[" + at + "]").deepCopy();
      String id = requireText(call, "id", at);
      JsonNode typeNode = call.get("type");
      String type;
      if (typeNode == null || typeNode.isNull()) {
        if (!call.path("function").isObject()) {
          throw new WireFormatException("[" + at + ".type] is missing, and the call has no function object that"
              + " would make it a function call");
        }
        type = "function";
        call.put("type", type);
      } else if (typeNode.isTextual()) {
        type = typeNode.textValue();
      } else {
        throw new WireFormatException("[" + at + ".type] must be a string, got [" + Json.describe(typeNode) + "]");
      }
      switch (type) {
        case "function" -> {
          ObjectNode function = Json.requireObject(call.get("function"), "[" + at + ".function]");
          String name = requireText(function, "name", at + ".function");
          JsonNode arguments = function.get("arguments");
          String raw;
          if (arguments != null && arguments.isTextual()) {
            raw = arguments.textValue();
          } else if (arguments != null && arguments.isContainerNode()) {
            raw = Json.write(arguments);
            function.put("arguments", raw);
          } else {
            throw new WireFormatException("[" + at + ".function.arguments] must be a string (a JSON object is read as"
                + " its text), got [" + Json.describe(arguments) + "]");
          }
          result.add(new ToolCall(id, name, raw));
        }
        case "custom" -> {
          ObjectNode custom = Json.requireObject(call.get("custom"), "[" + at + ".custom]");
          result.add(new ToolCall(id, requireText(custom, "name", at + ".custom"),
              requireText(custom, "input", at + ".custom")));
        }
        default -> {
          // A call type this library does not know yet: carried through untouched, for the application.
          JsonNode payload = call.get(type);
          String name = payload != null && payload.path("name").isTextual() ? payload.get("name").textValue() : type;
          String raw = payload == null ? "" : payload.path("input").isTextual() ? payload.get("input").textValue()
              : payload.path("arguments").isTextual() ? payload.get("arguments").textValue() : Json.write(payload);
          result.add(new ToolCall(id, name, raw));
        }
      }
      normalized.add(call);
    }
    return result;
  }

  private static ArrayNode writeToolCalls(Message message) {
    Map<String, String> types = ResponsesFormat.callTypes(message);
    ArrayNode array = Json.array();
    for (ToolCall call : message.toolCalls()) {
      ObjectNode object = array.addObject();
      object.put("id", call.id());
      String type = types.getOrDefault(call.id(), "function");
      if (type.equals("custom")) {
        object.put("type", "custom");
        object.putObject("custom").put("name", call.name()).put("input", call.arguments());
      } else {
        object.put("type", "function");
        ObjectNode function = object.putObject("function");
        function.put("name", call.name());
        function.put("arguments", call.arguments());
      }
    }
    return array;
  }

  /**
   * {@return the type of each tool call of a message read from Chat Completions JSON, by call
   * id}: {@code function}, {@code custom} or a type this library does not know; empty for a message
   * made otherwise
   */
  static Map<String, String> chatCallTypes(Message message) {
    JsonNode calls = node(message.extensions().get(ORIGINAL_TOOL_CALLS));
    Map<String, String> types = new LinkedHashMap<>();
    if (calls != null) {
      calls.forEach(c -> types.put(c.path("id").asText(), c.path("type").asText("function")));
    }
    return types;
  }

  static JsonNode node(Object value) {
    return value instanceof JsonNode json ? json : null;
  }
}
