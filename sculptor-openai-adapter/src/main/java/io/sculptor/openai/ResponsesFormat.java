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
import io.sculptor.openai.internal.ContentParts;
import io.sculptor.openai.internal.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Translates between Sculptor messages and the items of the OpenAI Responses API.
 *
 * <p>A {@code message} item becomes a message of its role; a {@code function_call} item becomes an
 * assistant message with one tool call (its {@code call_id} is the call id), and so does a
 * {@code custom_tool_call} item (the call's {@code input} is its arguments); a
 * {@code function_call_output} or {@code custom_tool_call_output} item becomes a tool message. Any
 * other item (such as {@code reasoning}) becomes an assistant message with empty content that
 * carries the whole item, so that it goes back to the API untouched and never takes part in
 * fragments. Fields the library does not model ({@code id}, {@code status}, …) are kept in the
 * extensions. Writing the messages read from items gives back equal items, one for one, in the
 * normalized form described below.
 *
 * <p>Reading checks what the API would refuse when the items are sent back, and normalizes what
 * is unambiguous: an item with a role and no {@code type} is a {@code message} item (and is
 * written with its type), {@code function_call.arguments} sent as a JSON object becomes its JSON
 * text, an
 * {@code input_image} without {@code detail} gets {@code auto}, an {@code output_text} without
 * {@code annotations} gets {@code []}. Anything else — content that is null, a call without
 * {@code call_id}, a reasoning item without {@code id} or {@code summary}, a part the role does not
 * take — throws a {@link WireFormatException} naming the path, e.g. {@code [output[1].arguments]}.
 *
 * <p>{@link #response(JsonNode)} reads a whole response as one assistant message and keeps its
 * output items in order: written back, that message gives the same items — reasoning items (with
 * their {@code encrypted_content}), {@code fc_} ids, output messages — so that a reasoning model
 * gets its reasoning back, as the API asks.
 *
 * <p>Content parts and tool calls read from Chat Completions JSON are translated
 * ({@code text} → {@code input_text}, {@code image_url} → {@code input_image}, custom calls →
 * {@code custom_tool_call} items, their answers → {@code custom_tool_call_output}). An assistant
 * message that is not an output message of this API (it has no item id) is written with plain
 * text content, the form the API takes for earlier assistant turns.
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
  /** Extension key holding the output items of a whole response, in order. */
  static final String OUTPUT = "sculptor.openai.output";

  private static final Set<String> CALLS = Set.of("function_call", "custom_tool_call");
  private static final Set<String> OUTPUTS = Set.of("function_call_output", "custom_tool_call_output");

  private ResponsesFormat() {}

  /**
   * {@return the message that the Responses API item {@code json} describes}
   *
   * @throws WireFormatException if the item lacks the fields of its type, or has a value the API
   *     would not take back, naming the path
   */
  public static Message toMessage(JsonNode json) {
    return read(json, "item");
  }

  /**
   * {@return the messages of a Responses API {@code input} or {@code output} array}
   *
   * @throws WireFormatException if it is not an array, or an item is not one the API would take
   *     back, naming the path, e.g. {@code [items[2].output]}
   */
  public static List<Message> toMessages(JsonNode items) {
    return readAll(items, "items");
  }

  private static List<Message> readAll(JsonNode items, String path) {
    if (items == null || !items.isArray()) {
      throw new WireFormatException("[" + path + "] must be a JSON array, got [" + Json.describe(items) + "]");
    }
    List<Message> messages = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      messages.add(read(items.get(i), path + "[" + i + "]"));
    }
    return messages;
  }

  private static Message read(JsonNode json, String path) {
    ObjectNode item = Json.requireObject(json, "[" + path + "]");
    JsonNode typeNode = item.get("type");
    if (typeNode != null && !typeNode.isTextual()) {
      throw new WireFormatException("[" + path + ".type] must be a string, got [" + Json.describe(typeNode) + "]");
    }
    String type = typeNode == null ? null : typeNode.textValue();
    Map<String, Object> extensions = new LinkedHashMap<>();
    if (type == null || type.equals("message")) {
      String wireRole = ChatCompletionsFormat.requireText(item, "role", path);
      Role role = ChatCompletionsFormat.role(wireRole, path);
      if (role == Role.TOOL) {
        throw new WireFormatException("[" + path + ".role] is [tool]; a tool's answer is a function_call_output item");
      }
      if (!wireRole.equals(role.wireName())) {
        extensions.put(ChatCompletionsFormat.ORIGINAL_ROLE, Json.NODES.textNode(wireRole));
      }
      extensions.put(ITEM_TYPE, Json.NODES.textNode(type == null ? "" : type));
      String content = ChatCompletionsFormat.readContent(item.get("content"), path + ".content", role, false, extensions);
      keepOthers(item, Set.of("type", "role", "content"), extensions);
      Message message = switch (role) {
        case SYSTEM -> Message.system(content);
        case USER -> Message.user(content);
        default -> Message.assistant(content);
      };
      return message.withExtensions(extensions);
    }
    switch (type) {
      case "function_call", "custom_tool_call" -> {
        String callId = ChatCompletionsFormat.requireText(item, "call_id", path);
        String name = ChatCompletionsFormat.requireText(item, "name", path);
        String field = type.equals("function_call") ? "arguments" : "input";
        JsonNode value = item.get(field);
        String raw;
        if (value != null && value.isTextual()) {
          raw = value.textValue();
        } else if (value != null && value.isContainerNode() && type.equals("function_call")) {
          raw = Json.write(value);
        } else {
          throw new WireFormatException("[" + path + "." + field + "] must be a string"
              + (type.equals("function_call") ? " (a JSON object is read as its text)" : "") + ", got ["
              + Json.describe(value) + "]");
        }
        extensions.put(ITEM_TYPE, Json.NODES.textNode(type));
        keepOthers(item, Set.of("type", "call_id", "name", field), extensions);
        return Message.assistant("", List.of(new ToolCall(callId, name, raw))).withExtensions(extensions);
      }
      case "function_call_output", "custom_tool_call_output" -> {
        String callId = ChatCompletionsFormat.requireText(item, "call_id", path);
        extensions.put(ITEM_TYPE, Json.NODES.textNode(type));
        String output = ChatCompletionsFormat.readContent(item.get("output"), path + ".output", Role.TOOL, false,
            extensions);
        keepOthers(item, Set.of("type", "call_id", "output"), extensions);
        return Message.tool(callId, output).withExtensions(extensions);
      }
      case "reasoning" -> {
        ChatCompletionsFormat.requireText(item, "id", path);
        if (!item.path("summary").isArray()) {
          throw new WireFormatException("[" + path + ".summary] must be an array, got ["
              + Json.describe(item.get("summary")) + "]");
        }
      }
      default -> { }
    }
    extensions.put(OPAQUE_ITEM, item.deepCopy());
    return Message.assistant("").withExtensions(extensions);
  }

  /**
   * {@return the items for {@code message}}: usually one; an assistant message with text and tool
   * calls gives a {@code message} item followed by one call item per call; a message from
   * {@link #response(JsonNode)} gives the response's output items
   *
   * @throws WireFormatException if the message holds a content part or tool call that has no
   *     Responses form (a Chat Completions audio part, a call type this library does not know)
   */
  public static List<ObjectNode> toItems(Message message) {
    return toItems(message, Set.of());
  }

  /**
   * {@return the items for {@code messages}, in order}; a tool message that answers a custom call
   * of an earlier message becomes a {@code custom_tool_call_output} item
   *
   * @throws WireFormatException as {@link #toItems(Message)}
   */
  public static ArrayNode toItems(List<Message> messages) {
    ArrayNode array = Json.array();
    Set<String> customCalls = new HashSet<>();
    for (Message m : messages) {
      toItems(m, customCalls).forEach(array::add);
      callTypes(m).forEach((id, type) -> {
        if (type.equals("custom")) {
          customCalls.add(id);
        }
      });
    }
    return array;
  }

  private static List<ObjectNode> toItems(Message message, Set<String> customCalls) {
    Map<String, Object> extensions = message.extensions();
    if (extensions.get(OPAQUE_ITEM) instanceof JsonNode opaque) {
      return List.of(((ObjectNode) opaque).deepCopy());
    }
    if (extensions.get(OUTPUT) instanceof ArrayNode output) {
      List<ObjectNode> items = fromOutput(message, output);
      if (items != null) {
        return items;
      }
    }
    String type = extensions.get(ITEM_TYPE) instanceof JsonNode t ? t.asText() : null;
    if (message.role() == Role.TOOL) {
      String callId = message.toolCallId().orElseThrow();
      ObjectNode item = Json.object();
      item.put("type", type != null && OUTPUTS.contains(type) ? type
          : customCalls.contains(callId) ? "custom_tool_call_output" : "function_call_output");
      item.put("call_id", callId);
      item.set("output", ChatCompletionsFormat.writeContent(message.content(), extensions, ContentParts.Api.RESPONSES,
          Role.TOOL, false));
      if (type != null) {
        copyOthers(extensions, item);
      }
      return List.of(item);
    }
    List<ObjectNode> items = new ArrayList<>();
    boolean fromCallItem = type != null && CALLS.contains(type) && message.toolCalls().size() == 1
        && message.content().isEmpty();
    if (!fromCallItem && (!message.content().isEmpty() || message.toolCalls().isEmpty())) {
      items.add(messageItem(message, type));
    }
    Map<String, String> types = callTypes(message);
    for (ToolCall call : message.toolCalls()) {
      ObjectNode item = callItem(call, types.getOrDefault(call.id(), "function"));
      if (fromCallItem) {
        copyOthers(extensions, item);
      }
      items.add(item);
    }
    return items;
  }

  private static ObjectNode messageItem(Message message, String type) {
    Map<String, Object> extensions = message.extensions();
    ObjectNode item = Json.object();
    item.put("type", "message");
    JsonNode wireRole = extensions.get(ChatCompletionsFormat.ORIGINAL_ROLE) instanceof JsonNode r ? r : null;
    item.put("role", wireRole != null ? wireRole.asText() : message.role().wireName());
    boolean outputMessage = type != null && message.role() == Role.ASSISTANT
        && extensions.get("id") instanceof JsonNode id && id.isTextual();
    JsonNode content = ChatCompletionsFormat.writeContent(message.content(), extensions, ContentParts.Api.RESPONSES,
        message.role(), outputMessage);
    if (content.isArray() && message.role() == Role.ASSISTANT && !outputMessage) {
      // Output parts belong to output messages, which have an id; an earlier assistant turn is text.
      for (JsonNode part : content) {
        if (!part.path("type").asText().equals("output_text")) {
          throw new WireFormatException("the assistant message's content part [" + Json.describe(part)
              + "] has no Responses form outside an output message with an id");
        }
      }
      content = Json.NODES.textNode(ContentParts.textOf(content));
    }
    item.set("content", content);
    if (type != null) {
      copyOthers(extensions, item);
    }
    return item;
  }

  private static ObjectNode callItem(ToolCall call, String type) {
    ObjectNode item = Json.object();
    switch (type) {
      case "function" -> {
        item.put("type", "function_call");
        item.put("call_id", call.id());
        item.put("name", call.name());
        item.put("arguments", call.arguments());
      }
      case "custom" -> {
        item.put("type", "custom_tool_call");
        item.put("call_id", call.id());
        item.put("name", call.name());
        item.put("input", call.arguments());
      }
      default -> throw new WireFormatException("the tool call [" + call.id() + "] of type [" + type
          + "] has no Responses API form");
    }
    return item;
  }

  /**
   * {@return the output items of a whole response, for the message made of them}: as they came when
   * the message's text is theirs, else with the text of the first message item replaced by the
   * message's (later message items dropped, their text being part of it); null when the message's
   * calls are not the items' (then the message is written as any other)
   */
  private static List<ObjectNode> fromOutput(Message message, ArrayNode output) {
    List<Message> parts = readAll(output, "output");
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    for (Message part : parts) {
      if (!part.content().isEmpty()) {
        text.append(text.length() == 0 ? "" : "\n").append(part.content());
      }
      calls.addAll(part.toolCalls());
    }
    if (!calls.equals(message.toolCalls())) {
      return null;
    }
    List<ObjectNode> items = new ArrayList<>();
    if (text.toString().equals(message.content())) {
      output.forEach(item -> items.add(((ObjectNode) item).deepCopy()));
      return items;
    }
    boolean written = false;
    for (int i = 0; i < output.size(); i++) {
      Message part = parts.get(i);
      boolean messageItem = part.extensions().get(ITEM_TYPE) instanceof JsonNode t
          && (t.asText().equals("message") || t.asText().isEmpty());
      if (!messageItem) {
        if (!written && !part.toolCalls().isEmpty() && !message.content().isEmpty()) {
          items.add(messageItem(Message.assistant(message.content()), "message"));
          written = true;
        }
        items.add(((ObjectNode) output.get(i)).deepCopy());
      } else if (!written) {
        items.addAll(toItems(part.withContent(message.content()), Set.of()));
        written = true;
      }
    }
    if (!written && !message.content().isEmpty()) {
      items.add(messageItem(Message.assistant(message.content()), "message"));
    }
    return items;
  }

  /** {@return whether {@code message} was read from Responses API JSON} */
  static boolean isFromResponses(Message message) {
    Map<String, Object> extensions = message.extensions();
    return extensions.containsKey(ITEM_TYPE) || extensions.containsKey(OPAQUE_ITEM) || extensions.containsKey(OUTPUT);
  }

  /**
   * {@return the type of each tool call of {@code message} that is not a plain function call, by
   * call id}: {@code custom}, or for calls read from Chat Completions JSON a type this library
   * does not know; calls not named are function calls
   */
  static Map<String, String> callTypes(Message message) {
    Map<String, String> types = ChatCompletionsFormat.chatCallTypes(message);
    Map<String, Object> extensions = message.extensions();
    if (extensions.get(ITEM_TYPE) instanceof JsonNode t && t.asText().equals("custom_tool_call")) {
      message.toolCalls().forEach(c -> types.put(c.id(), "custom"));
    }
    if (extensions.get(OUTPUT) instanceof ArrayNode output) {
      output.forEach(item -> {
        if (item.path("type").asText().equals("custom_tool_call")) {
          types.put(item.path("call_id").asText(), "custom");
        }
      });
    }
    return types;
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
   * @throws WireFormatException if a message holds something without a Responses form (see
   *     {@link #toItems(Message)})
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
   * message items (joined by line breaks) and the calls of its {@code function_call} and
   * {@code custom_tool_call} items, keeping every output item, in order, for
   * {@link #toItems(Message)}; with the usage (cached input tokens from
   * {@code input_tokens_details}, reasoning tokens from {@code output_tokens_details}), the
   * response's {@code status} as its finish reason, its id and model
   *
   * @throws WireFormatException if the body has no {@code output} array, or an output item is not
   *     one the API would take back, naming the path
   */
  public static ChatResponse response(JsonNode body) {
    ObjectNode object = Json.requireObject(body, "a response");
    JsonNode output = object.get("output");
    if (output == null || !output.isArray()) {
      throw new WireFormatException("a response needs an [output] array, got [" + Json.describe(output) + "]");
    }
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    ArrayNode normalized = Json.array();
    for (Message m : readAll(output, "output")) {
      if (!m.content().isEmpty()) {
        text.append(text.length() == 0 ? "" : "\n").append(m.content());
      }
      calls.addAll(m.toolCalls());
      toItems(m, Set.of()).forEach(normalized::add);
    }
    Map<String, Object> extensions = new LinkedHashMap<>();
    extensions.put(OUTPUT, normalized);
    JsonNode status = object.get("status");
    return ChatResponse.builder(Message.assistant(text.toString(), calls).withExtensions(extensions))
        .usage(ChatCompletionsFormat.usage(object.get("usage"), "input_tokens", "output_tokens",
            "input_tokens_details", "output_tokens_details"))
        .finishReason(status != null && status.isTextual() ? Optional.of(status.textValue()) : Optional.empty())
        .responseId(ChatCompletionsFormat.textOrNull(object.get("id")))
        .model(ChatCompletionsFormat.textOrNull(object.get("model")))
        .build();
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
      if (!key.startsWith(ChatCompletionsFormat.SCULPTOR_KEYS) && value instanceof JsonNode json) {
        item.set(key, json.deepCopy());
      }
    });
  }
}
