package io.sculptor.store.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.FragmentId;
import io.sculptor.core.FragmentStatus;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.Span;
import io.sculptor.core.StateSnapshot;
import io.sculptor.core.Summary;
import io.sculptor.core.ToolCall;
import io.sculptor.store.SnapshotException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON of the parts of a state — one message, one fragment — shared by
 * {@link io.sculptor.store.ContextSnapshots}, which writes them into one document, and the JDBC
 * store, which writes them into one row each. Reading refuses, with a {@link SnapshotException}
 * that names the field and {@code where} it was, anything that does not describe such a part.
 *
 * <p>Stateless and thread-safe. Not an API.
 */
public final class StateJson {
  /** Strict: duplicate keys and trailing text are refused. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private StateJson() {}

  /** {@return the JSON text of {@code message}, its extensions untouched} */
  public static String messageText(Message message) {
    return write(messageNode(message));
  }

  /**
   * {@return the message written as {@link #messageText(Message)}}
   *
   * @param where names the message in an error, such as {@code messages[3]}
   * @throws SnapshotException if the text is not such a message
   */
  public static Message messageFromText(String json, String where) {
    return message(read(json, where), where);
  }

  /** {@return the JSON of one fragment: {@code {"id": ..., "spans": [[message, start, end], ...], "status": ..., "summary": {...}}}, the summary only when summarized} */
  public static ObjectNode fragmentNode(StateSnapshot.FragmentRecord f) {
    ObjectNode fragment = MAPPER.createObjectNode();
    fragment.put("id", f.id().value());
    ArrayNode spans = fragment.putArray("spans");
    for (Span s : f.spans()) {
      spans.addArray().add(s.messageIndex()).add(s.start()).add(s.end());
    }
    fragment.put("status", f.status() instanceof FragmentStatus.Summarized ? "summarized" : f.status().toString());
    if (f.status() instanceof FragmentStatus.Summarized summarized) {
      fragment.putObject("summary").put("text", summarized.summary().text()).put("focus", summarized.summary().focus());
    }
    return fragment;
  }

  /** {@return the JSON text of {@code node}} */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new SnapshotException("state could not be written: " + e.getMessage(), e);
    }
  }

  /**
   * {@return the JSON tree of {@code json}}
   *
   * @throws SnapshotException naming {@code where} if the text is not valid JSON
   */
  public static JsonNode read(String json, String where) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new SnapshotException(String.format(Locale.ROOT, "%s is not valid JSON (%s)", where,
          e.getOriginalMessage().split("\n")[0]), e);
    }
  }

  public static ObjectNode messageNode(Message m) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("role", m.role().wireName());
    node.put("content", m.content());
    if (!m.toolCalls().isEmpty()) {
      ArrayNode calls = node.putArray("toolCalls");
      for (ToolCall c : m.toolCalls()) {
        calls.addObject().put("id", c.id()).put("name", c.name()).put("arguments", c.arguments());
      }
    }
    m.toolCallId().ifPresent(id -> node.put("toolCallId", id));
    m.name().ifPresent(n -> node.put("name", n));
    if (!m.extensions().isEmpty()) {
      ObjectNode extensions = node.putObject("extensions");
      m.extensions().forEach((k, v) -> extensions.set(k, v instanceof JsonNode j ? j.deepCopy() : MAPPER.valueToTree(v)));
    }
    return node;
  }

  public static Message message(JsonNode node, String where) {
    String roleName = text(node, "role", where);
    Role role;
    try {
      role = Role.valueOf(roleName.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new SnapshotException("snapshot " + where + " has unknown role [" + roleName + "]", e);
    }
    String content = text(node, "content", where);
    List<ToolCall> calls = new ArrayList<>();
    JsonNode callNodes = node.get("toolCalls");
    if (callNodes != null) {
      onlyFor(role == Role.ASSISTANT, "toolCalls", "assistant messages", "role", role.wireName(), where);
      if (!callNodes.isArray()) {
        throw new SnapshotException("snapshot " + where + " field [toolCalls] must be an array, got ["
            + describe(callNodes) + "]", null);
      }
      int i = 0;
      for (JsonNode c : callNodes) {
        String at = where + ".toolCalls[" + i++ + "]";
        calls.add(new ToolCall(text(c, "id", at), text(c, "name", at), text(c, "arguments", at)));
      }
    }
    if (node.has("toolCallId")) {
      onlyFor(role == Role.TOOL, "toolCallId", "tool messages", "role", role.wireName(), where);
    }
    Message message = switch (role) {
      case SYSTEM -> Message.system(content);
      case USER -> Message.user(content);
      case ASSISTANT -> Message.assistant(content, calls);
      case TOOL -> Message.tool(text(node, "toolCallId", where), content);
    };
    if (node.has("name")) {
      message = message.withName(text(node, "name", where));
    }
    JsonNode extensions = node.get("extensions");
    if (extensions != null) {
      if (!extensions.isObject()) {
        throw new SnapshotException("snapshot " + where + " field [extensions] must be an object, got ["
            + describe(extensions) + "]", null);
      }
      Map<String, Object> map = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = extensions.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        map.put(e.getKey(), e.getValue());
      }
      message = message.withExtensions(map);
    }
    return message;
  }

  public static StateSnapshot.FragmentRecord fragment(JsonNode node, String where) {
    FragmentId id = FragmentId.of(text(node, "id", where));
    List<Span> spans = new ArrayList<>();
    for (JsonNode s : array(node, "spans")) {
      if (!s.isArray() || s.size() != 3 || !s.get(0).isInt() || !s.get(1).isInt() || !s.get(2).isInt()) {
        throw new SnapshotException("snapshot " + where + ".spans must hold [message, start, end] triples, got ["
            + describe(s) + "]", null);
      }
      spans.add(new Span(s.get(0).intValue(), s.get(1).intValue(), s.get(2).intValue()));
    }
    String status = text(node, "status", where);
    if (node.has("summary")) {
      onlyFor(status.equals("summarized"), "summary", "summarized fragments", "status", status, where);
    }
    FragmentStatus parsed = switch (status) {
      case "visible" -> FragmentStatus.visible();
      case "folded" -> FragmentStatus.folded();
      case "summarized" -> {
        JsonNode summary = node.get("summary");
        if (summary == null || !summary.isObject()) {
          throw new SnapshotException("snapshot " + where + " is summarized but has no [summary]", null);
        }
        yield FragmentStatus.summarized(new Summary(text(summary, "text", where + ".summary"),
            text(summary, "focus", where + ".summary")));
      }
      default -> throw new SnapshotException("snapshot " + where + " has unknown status [" + status + "]", null);
    };
    return StateSnapshot.FragmentRecord.of(id, spans, parsed);
  }

  /** Refuses field {@code field} of {@code where} unless {@code allowed}. */
  public static void onlyFor(boolean allowed, String field, String owners, String property, String value,
      String where) {
    if (!allowed) {
      throw new SnapshotException(String.format(Locale.ROOT, "snapshot %s field [%s] is only allowed on %s, got %s [%s]",
          where, field, owners, property, value), null);
    }
  }

  public static JsonNode array(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isArray()) {
      throw new SnapshotException("snapshot field [" + field + "] must be an array, got [" + describe(value) + "]", null);
    }
    return value;
  }

  public static String text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new SnapshotException("snapshot " + where + " field [" + field + "] must be a string, got ["
          + describe(value) + "]", null);
    }
    return value.textValue();
  }

  public static int integer(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isInt()) {
      throw new SnapshotException("snapshot " + where + " field [" + field + "] must be an integer, got ["
          + describe(value) + "]", null);
    }
    return value.intValue();
  }

  public static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "missing";
    }
    String text = node.toString();
    return text.length() <= 50 ? text : text.substring(0, 47) + "...";
  }
}
