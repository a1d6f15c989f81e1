package io.sculptor.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.anthropic.internal.Wire;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ToolChoice;
import io.sculptor.model.ToolSpec;
import io.sculptor.model.Usage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Translates between Sculptor messages and Anthropic's Messages API, losslessly.
 *
 * <p><b>Reading.</b> The {@code system} parameter (a string or an array of blocks) becomes one
 * system message, which Sculptor never folds. An assistant message becomes one assistant message
 * whose text is the text of its {@code text} blocks and whose tool calls are its {@code tool_use}
 * blocks (the {@code input} object as compact JSON). A user message becomes one tool message per
 * {@code tool_result} block (its text is the result's text; {@code is_error} and the block's other
 * fields are kept) and one user message per run of other blocks ({@code text}, {@code image},
 * {@code document}…), in the order of the blocks; the messages after the first carry a mark that
 * joins them into the same user message again when written. Every other block — {@code thinking}
 * with its {@code signature}, {@code redacted_thinking}, {@code server_tool_use},
 * {@code web_search_tool_result}, images, documents, block types this library has never heard of —
 * and every unknown field is kept in the message's extensions (keys {@code sculptor.anthropic.*})
 * and written back untouched. Texts of adjacent text blocks are concatenated; text blocks with
 * another block between them are joined by a line break.
 *
 * <p><b>Writing.</b> A message that was read and not changed is written as an equal JSON object.
 * When the view changed a message's text (a fold or a summary), its text blocks are replaced by one
 * text block holding the new text, in the place of the first one (without {@code citations}, which
 * described the old text); every other block stays as it was. <b>Thinking blocks and their
 * signatures are never altered</b>: a folded assistant turn keeps its {@code thinking} blocks
 * verbatim, as the API requires of signed blocks, so folding it hides its visible text and never its
 * reasoning. Consecutive tool messages become one user message of {@code tool_result} blocks, as the
 * API requires after an assistant message with several {@code tool_use} blocks (tool messages read
 * from separate user messages stay separate). System messages,
 * wherever they stand, go to the top-level {@code system} parameter in their order (the Messages API
 * has no system role); a message's participant name is not sent (the API has no such field).
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class MessagesFormat {
  /** Extension key: the blocks of a user or assistant message, as read. */
  static final String CONTENT = "sculptor.anthropic.content";
  /** Extension key: the {@code system} parameter when it was an array of blocks. */
  static final String SYSTEM = "sculptor.anthropic.system";
  /** Extension key: the {@code tool_result} block a tool message was read from. */
  static final String RESULT = "sculptor.anthropic.tool_result";
  /** Extension key: true on a message that continues the previous message's user message. */
  static final String JOINS = "sculptor.anthropic.joins";
  /** Extension key: the fields of a wire message other than role and content. */
  static final String FIELDS = "sculptor.anthropic.fields";

  /** Request fields the format writes itself; a parameter must not replace them. */
  static final Set<String> REQUEST_FIELDS = Set.of("model", "system", "messages", "tools", "tool_choice",
      "stream");

  private MessagesFormat() {}

  /**
   * {@return the messages of a Messages API request body}: the {@code system} parameter (if any) as
   * a system message, then the messages of its {@code messages} array
   *
   * @throws AnthropicFormatException if the body is not an object or a message has no known shape
   */
  public static List<Message> fromRequest(JsonNode body) {
    ObjectNode object = Wire.object(body, "a Messages API request");
    return toMessages(object.get("system"), object.get("messages"));
  }

  /**
   * {@return the Sculptor messages of a {@code system} parameter and a {@code messages} array}
   *
   * @param system a string, an array of text blocks, or null (or a JSON null) for none
   * @param messages the {@code messages} array
   * @throws AnthropicFormatException if a message has no known shape
   */
  public static List<Message> toMessages(JsonNode system, JsonNode messages) {
    if (messages == null || !messages.isArray()) {
      throw new AnthropicFormatException("messages must be a JSON array, got [" + Wire.shown(messages) + "]");
    }
    List<Message> result = new ArrayList<>(messages.size() + 1);
    if (system != null && !system.isNull() && !system.isMissingNode()) {
      result.add(systemMessage(system));
    }
    for (int i = 0; i < messages.size(); i++) {
      try {
        result.addAll(toMessages(messages.get(i)));
      } catch (AnthropicFormatException e) {
        throw new AnthropicFormatException("message [" + i + "]: " + e.getMessage());
      }
    }
    return result;
  }

  /**
   * {@return the Sculptor messages of one Messages API message}: one for an assistant message;
   * for a user message one per {@code tool_result} block and one per run of other blocks
   *
   * @throws AnthropicFormatException if it has no role {@code user} or {@code assistant}, no
   *     content, or a block lacks a field its type requires
   */
  public static List<Message> toMessages(JsonNode wireMessage) {
    ObjectNode object = Wire.object(wireMessage, "a message");
    String role = Wire.string(object, "role", "a message");
    if (!role.equals("user") && !role.equals("assistant")) {
      throw new AnthropicFormatException("unknown message role [" + role + "]; expected user or assistant");
    }
    JsonNode content = object.get("content");
    if (content == null || !(content.isTextual() || content.isArray())) {
      throw new AnthropicFormatException("content must be a string or an array of blocks, got ["
          + Wire.shown(content) + "]");
    }
    ObjectNode fields = Wire.object();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!field.getKey().equals("role") && !field.getKey().equals("content")) {
        fields.set(field.getKey(), field.getValue().deepCopy());
      }
    }
    List<Message> messages = new ArrayList<>();
    if (role.equals("assistant")) {
      messages.add(content.isTextual() ? Message.assistant(content.textValue())
          : Message.assistant(textOf(content), toolCallsOf(content)).withExtensions(Map.of(CONTENT, content.deepCopy())));
    } else if (content.isTextual() || content.isEmpty()) {
      messages.add(content.isTextual() ? Message.user(content.textValue())
          : Message.user("").withExtensions(Map.of(CONTENT, content.deepCopy())));
    } else {
      ArrayNode run = null;
      for (JsonNode block : content) {
        if ("tool_result".equals(block.path("type").asText(null))) {
          if (run != null) {
            messages.add(Message.user(textOf(run)).withExtensions(Map.of(CONTENT, run)));
            run = null;
          }
          messages.add(toolMessage(Wire.object(block, "a tool_result block")));
        } else {
          if (run == null) {
            run = Wire.array();
          }
          run.add(block.deepCopy());
        }
      }
      if (run != null) {
        messages.add(Message.user(textOf(run)).withExtensions(Map.of(CONTENT, run)));
      }
    }
    for (int i = 0; i < messages.size(); i++) {
      Map<String, Object> extensions = new LinkedHashMap<>(messages.get(i).extensions());
      if (i > 0) {
        extensions.put(JOINS, Wire.NODES.booleanNode(true));
      } else if (!fields.isEmpty()) {
        extensions.put(FIELDS, fields);
      }
      messages.set(i, messages.get(i).withExtensions(extensions));
    }
    return messages;
  }

  /**
   * {@return the {@code system} parameter for the system messages among {@code messages}}, in their
   * order: a string for one plain system message, its blocks as read for one read from an array,
   * an array of their blocks for several; {@code null} when there is none
   */
  public static JsonNode system(List<Message> messages) {
    List<Message> systems = messages.stream().filter(m -> m.role() == Role.SYSTEM).toList();
    if (systems.isEmpty()) {
      return null;
    }
    if (systems.size() == 1 && !(systems.get(0).extensions().get(SYSTEM) instanceof ArrayNode)) {
      return Wire.NODES.textNode(systems.get(0).content());
    }
    ArrayNode blocks = Wire.array();
    for (Message system : systems) {
      if (system.extensions().get(SYSTEM) instanceof ArrayNode original) {
        blocks.addAll(textOf(original).equals(system.content()) ? original.deepCopy()
            : withText(original, system.content(), List.of()));
      } else if (!system.content().isEmpty()) {
        blocks.add(textBlock(system.content()));
      }
    }
    return blocks;
  }

  /**
   * {@return the Messages API {@code messages} array for the non-system messages among
   * {@code messages}}: one message per assistant message; consecutive tool messages, and the
   * messages marked as read from the same user message, in one user message
   */
  public static ArrayNode messages(List<Message> messages) {
    ArrayNode array = Wire.array();
    ObjectNode current = null;
    Role previous = null;
    for (Message message : messages) {
      Role role = message.role();
      if (role == Role.SYSTEM) {
        continue;
      }
      boolean joins = current != null && current.path("role").asText().equals("user")
          && (message.extensions().get(JOINS) != null
              // A result the application made answers a call of the same turn; one read started its own message.
              || role == Role.TOOL && previous == Role.TOOL && message.extensions().get(RESULT) == null);
      if (joins) {
        ArrayNode blocks = asBlocks(current);
        if (role == Role.TOOL) {
          blocks.add(toolResultBlock(message));
        } else {
          JsonNode content = userContent(message);
          if (content.isArray()) {
            blocks.addAll((ArrayNode) content);
          } else if (!content.textValue().isEmpty()) {
            blocks.add(textBlock(content.textValue()));
          }
        }
      } else {
        ObjectNode started = array.addObject();
        started.put("role", role == Role.ASSISTANT ? "assistant" : "user");
        started.set("content", switch (role) {
          case ASSISTANT -> assistantContent(message);
          case TOOL -> Wire.array().add(toolResultBlock(message));
          default -> userContent(message);
        });
        if (message.extensions().get(FIELDS) instanceof ObjectNode fields) {
          fields.properties().forEach(field -> started.set(field.getKey(), field.getValue().deepCopy()));
        }
        current = started;
      }
      previous = role;
    }
    return array;
  }

  /**
   * {@return the Messages API {@code tools} array}: {@code {"name", "description",
   * "input_schema"}} per spec, with {@code "strict": true} for strict specs
   */
  public static ArrayNode tools(List<ToolSpec> specs) {
    ArrayNode tools = Wire.array();
    for (ToolSpec spec : specs) {
      ObjectNode tool = tools.addObject();
      tool.put("name", spec.name());
      tool.put("description", spec.description());
      try {
        tool.set("input_schema", Wire.read(spec.parametersJson()));
      } catch (JsonProcessingException e) {
        // ToolSpec.of accepted only a JSON object.
        throw new IllegalStateException("schema of tool [" + spec.name() + "] is not JSON", e);
      }
      if (spec.strict()) {
        tool.put("strict", true);
      }
    }
    return tools;
  }

  /**
   * {@return the Messages API {@code tool_choice}}: {@code auto}, {@code any} for
   * {@link ToolChoice#required()}, {@code none}, or {@code {"type": "tool", "name": …}}
   */
  public static ObjectNode toolChoice(ToolChoice choice) {
    ObjectNode node = Wire.object();
    if (choice instanceof ToolChoice.Function function) {
      return node.put("type", "tool").put("name", function.name());
    }
    return node.put("type", switch ((ToolChoice.Mode) choice) {
      case AUTO -> "auto";
      case REQUIRED -> "any";
      case NONE -> "none";
    });
  }

  /**
   * {@return the body of a Messages API request}: {@code model}, then every field of
   * {@code parameters} ({@code max_tokens}, {@code temperature}, {@code thinking}…), then
   * {@code system} when there are system messages, {@code messages}, and when tools are offered
   * {@code tools} and {@code tool_choice}
   *
   * @throws IllegalArgumentException if {@code parameters} sets a field the format writes itself
   *     ({@code model}, {@code system}, {@code messages}, {@code tools}, {@code tool_choice},
   *     {@code stream})
   */
  public static ObjectNode request(String model, ChatRequest request, ObjectNode parameters) {
    ObjectNode body = Wire.object();
    body.put("model", model);
    for (Iterator<Map.Entry<String, JsonNode>> it = parameters.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (REQUEST_FIELDS.contains(field.getKey())) {
        throw new IllegalArgumentException("parameter [" + field.getKey()
            + "] would replace a field the format writes itself");
      }
      body.set(field.getKey(), field.getValue().deepCopy());
    }
    JsonNode system = system(request.messages());
    if (system != null) {
      body.set("system", system);
    }
    body.set("messages", messages(request.messages()));
    if (!request.tools().isEmpty()) {
      body.set("tools", tools(request.tools()));
      body.set("tool_choice", toolChoice(request.toolChoice()));
    }
    return body;
  }

  /**
   * {@return a Messages API response (a {@code message} object) as a response}: the assistant
   * message with every block kept, the usage, {@code stop_reason} as the finish reason, the
   * response id and the model
   *
   * @throws AnthropicFormatException if the body is no assistant message with a content array
   */
  public static ChatResponse response(JsonNode body) {
    ObjectNode object = Wire.object(body, "a Messages API response");
    String type = Wire.stringOrNull(object.get("type"));
    if ("error".equals(type)) {
      throw new AnthropicFormatException("the response is an error, not a message: ["
          + Wire.shown(object.get("error")) + "]");
    }
    if (!"assistant".equals(Wire.stringOrNull(object.get("role")))) {
      throw new AnthropicFormatException("a response needs role [assistant], got [" + Wire.shown(object.get("role")) + "]");
    }
    JsonNode content = object.get("content");
    if (content == null || !content.isArray()) {
      throw new AnthropicFormatException("a response needs a content array, got [" + Wire.shown(content) + "]");
    }
    Message message = Message.assistant(textOf(content), toolCallsOf(content))
        .withExtensions(Map.of(CONTENT, content.deepCopy()));
    return ChatResponse.builder(message)
        .usage(usage(object.get("usage")))
        .finishReason(Optional.ofNullable(Wire.stringOrNull(object.get("stop_reason"))))
        .responseId(Wire.stringOrNull(object.get("id")))
        .model(Wire.stringOrNull(object.get("model")))
        .build();
  }

  /**
   * {@return the usage a Messages API {@code usage} object reports}, {@link Usage#UNKNOWN} for none.
   * Anthropic's {@code input_tokens} counts only the tokens after the last cache breakpoint, so
   * the prompt tokens are {@code input_tokens + cache_read_input_tokens +
   * cache_creation_input_tokens}: every token of the request. The cached prompt tokens are
   * {@code cache_read_input_tokens} and the cache writes {@code cache_creation_input_tokens}.
   */
  public static Usage usage(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return Usage.UNKNOWN;
    }
    long input = count(usage, "input_tokens");
    long read = count(usage, "cache_read_input_tokens");
    long written = count(usage, "cache_creation_input_tokens");
    return Usage.of(input + read + written, count(usage, "output_tokens"), read, written, 0);
  }

  private static long count(JsonNode usage, String field) {
    return Math.max(0, usage.path(field).asLong(0));
  }

  private static Message systemMessage(JsonNode system) {
    if (system.isTextual()) {
      return Message.system(system.textValue());
    }
    if (!system.isArray()) {
      throw new AnthropicFormatException("system must be a string or an array of blocks, got ["
          + Wire.shown(system) + "]");
    }
    return Message.system(textOf(system)).withExtensions(Map.of(SYSTEM, system.deepCopy()));
  }

  private static Message toolMessage(ObjectNode block) {
    String id = Wire.string(block, "tool_use_id", "a tool_result block");
    JsonNode content = block.get("content");
    if (content != null && !content.isTextual() && !content.isArray() && !content.isNull()) {
      throw new AnthropicFormatException("tool_result [" + id + "] content must be a string or an array of blocks, got ["
          + Wire.shown(content) + "]");
    }
    return Message.tool(id, resultText(content)).withExtensions(Map.of(RESULT, block.deepCopy()));
  }

  private static String resultText(JsonNode content) {
    return content == null || content.isNull() ? "" : content.isTextual() ? content.textValue() : textOf(content);
  }

  /** The text of the text blocks: adjacent ones concatenated, others joined by a line break. */
  static String textOf(JsonNode blocks) {
    StringBuilder text = new StringBuilder();
    boolean any = false;
    boolean adjacent = false;
    for (JsonNode block : blocks) {
      String value = textOfBlock(block);
      if (value != null) {
        if (any && !adjacent) {
          text.append('\n');
        }
        text.append(value);
        any = true;
        adjacent = true;
      } else {
        adjacent = false;
      }
    }
    return text.toString();
  }

  private static String textOfBlock(JsonNode block) {
    return block.isObject() && "text".equals(block.path("type").asText(null)) ? Wire.stringOrNull(block.get("text")) : null;
  }

  /** The {@code tool_use} blocks as tool calls, the input as compact JSON. */
  static List<ToolCall> toolCallsOf(JsonNode blocks) {
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode block : blocks) {
      if (block.isObject() && "tool_use".equals(block.path("type").asText(null))) {
        calls.add(toolCall(block));
      }
    }
    return calls;
  }

  private static ToolCall toolCall(JsonNode block) {
    String id = Wire.string(block, "id", "a tool_use block");
    String name = Wire.string(block, "name", "tool_use block [" + id + "]");
    JsonNode input = block.get("input");
    return new ToolCall(id, name, input == null ? "" : input.toString());
  }

  private static JsonNode assistantContent(Message message) {
    if (message.extensions().get(CONTENT) instanceof ArrayNode original) {
      boolean same = textOf(original).equals(message.content()) && toolCallsOf(original).equals(message.toolCalls());
      return same ? original.deepCopy() : withText(original, message.content(), message.toolCalls());
    }
    if (message.toolCalls().isEmpty()) {
      return Wire.NODES.textNode(message.content());
    }
    return withText(Wire.array(), message.content(), message.toolCalls());
  }

  private static JsonNode userContent(Message message) {
    if (message.extensions().get(CONTENT) instanceof ArrayNode original) {
      return textOf(original).equals(message.content()) ? original.deepCopy()
          : withText(original, message.content(), List.of());
    }
    return Wire.NODES.textNode(message.content());
  }

  private static ObjectNode toolResultBlock(Message message) {
    String id = message.toolCallId().orElseThrow();
    if (message.extensions().get(RESULT) instanceof ObjectNode original && id.equals(original.path("tool_use_id").asText(null))) {
      ObjectNode block = original.deepCopy();
      JsonNode content = original.get("content");
      if (!resultText(content).equals(message.content())) {
        ArrayNode replaced = content != null && content.isArray()
            ? withText((ArrayNode) content, message.content(), List.of()) : null;
        if (replaced != null && !replaced.isEmpty()) {
          block.set("content", replaced);
        } else {
          block.put("content", message.content());
        }
      }
      return block;
    }
    ObjectNode block = Wire.object().put("type", "tool_result").put("tool_use_id", id);
    if (!message.content().isEmpty()) {
      block.put("content", message.content());
    }
    return block;
  }

  /**
   * {@code blocks} with their text blocks replaced by one block holding {@code text} (none when it is
   * empty) in the first one's place, and their {@code tool_use} blocks by {@code calls}, in order
   * (an unchanged call keeps its block); every other block stays as it is, thinking blocks included.
   */
  private static ArrayNode withText(ArrayNode blocks, String text, List<ToolCall> calls) {
    Map<String, JsonNode> originalCalls = new HashMap<>();
    boolean hasText = false;
    for (JsonNode block : blocks) {
      if (block.isObject() && "tool_use".equals(block.path("type").asText(null)) && block.get("id") != null) {
        originalCalls.putIfAbsent(block.get("id").asText(), block);
      }
      hasText |= textOfBlock(block) != null;
    }
    ArrayNode result = Wire.array();
    boolean textWritten = text.isEmpty();
    int nextCall = 0;
    for (JsonNode block : blocks) {
      if (textOfBlock(block) != null) {
        if (!textWritten) {
          ObjectNode replaced = ((ObjectNode) block).deepCopy();
          replaced.remove("citations");
          result.add(replaced.put("text", text));
          textWritten = true;
        }
      } else if (block.isObject() && "tool_use".equals(block.path("type").asText(null))) {
        if (!textWritten && !hasText) {
          result.add(textBlock(text));
          textWritten = true;
        }
        if (nextCall < calls.size()) {
          result.add(toolUseBlock(calls.get(nextCall++), originalCalls));
        }
      } else {
        result.add(block.deepCopy());
      }
    }
    if (!textWritten) {
      result.add(textBlock(text));
    }
    while (nextCall < calls.size()) {
      result.add(toolUseBlock(calls.get(nextCall++), originalCalls));
    }
    return result;
  }

  private static ObjectNode toolUseBlock(ToolCall call, Map<String, JsonNode> originals) {
    JsonNode original = originals.get(call.id());
    if (original != null && toolCall(original).equals(call)) {
      return ((ObjectNode) original).deepCopy();
    }
    ObjectNode block = Wire.object().put("type", "tool_use").put("id", call.id()).put("name", call.name());
    JsonNode input;
    try {
      input = Wire.read(call.arguments());
    } catch (JsonProcessingException e) {
      input = null;
    }
    // The API takes only an object; arguments cut off mid-stream (max_tokens) are sent as {}.
    block.set("input", input != null && input.isObject() ? input : Wire.object());
    return block;
  }

  private static ObjectNode textBlock(String text) {
    return Wire.object().put("type", "text").put("text", text);
  }

  private static ArrayNode asBlocks(ObjectNode message) {
    JsonNode content = message.get("content");
    if (content.isArray()) {
      return (ArrayNode) content;
    }
    ArrayNode blocks = Wire.array();
    if (!content.textValue().isEmpty()) {
      blocks.add(textBlock(content.textValue()));
    }
    message.set("content", blocks);
    return blocks;
  }
}
