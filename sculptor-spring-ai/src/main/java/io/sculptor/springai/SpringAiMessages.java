package io.sculptor.springai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.Role;
import io.sculptor.core.ToolCall;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.ai.chat.messages.AbstractMessage;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.util.MimeType;

/**
 * Converts Spring AI chat messages to Sculptor messages and back, losslessly.
 *
 * <p>{@code SystemMessage}, {@code UserMessage} and {@code AssistantMessage} become one Sculptor
 * message each, with the text as content and an assistant's tool calls as tool calls (id, name,
 * arguments). A {@code ToolResponseMessage} becomes one tool message per response, in order, each
 * answering its call id and named after its tool, because Sculptor (like the OpenAI wire format)
 * has one message per tool result; converting a list back joins them into one
 * {@code ToolResponseMessage} again.
 *
 * <p>What the plain fields do not hold — metadata, media (images, audio, files: bytes, URLs or
 * strings, with MIME type, id and name), a null text, a tool call type other than
 * {@code function}, and where one {@code ToolResponseMessage} ends and the next begins — is kept
 * in the extension {@value #EXTRAS} as a small JSON document, written only when there is
 * something to keep. Metadata values come back as their JSON form (strings, numbers, booleans,
 * lists and maps come back equal). The view may change a message's text (a folded or summarized
 * fragment); everything else comes back unchanged.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class SpringAiMessages {
  /** The extension key holding what a Spring AI message has beyond text, tool calls, ids and names. */
  public static final String EXTRAS = "spring-ai.message";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private SpringAiMessages() {}

  /**
   * {@return {@code message} as Sculptor messages}: one, or for a {@code ToolResponseMessage} one
   * per response
   *
   * @throws IllegalArgumentException for a message type Sculptor has no role for; the message
   *     names the type
   */
  public static List<io.sculptor.core.Message> toSculptor(Message message) {
    Objects.requireNonNull(message, "message");
    if (message instanceof ToolResponseMessage responses) {
      List<io.sculptor.core.Message> converted = new ArrayList<>();
      List<ToolResponseMessage.ToolResponse> list = responses.getResponses();
      for (int i = 0; i < list.size(); i++) {
        ToolResponseMessage.ToolResponse r = list.get(i);
        io.sculptor.core.Message tool = io.sculptor.core.Message.tool(r.id(), nullToEmpty(r.responseData()));
        if (r.name() != null) {
          tool = tool.withName(r.name());
        }
        ObjectNode extras = JSON.createObjectNode();
        if (i == 0) {
          // Marks where this ToolResponseMessage begins and how many responses it has.
          extras.put("responses", list.size());
          putMetadata(extras, responses.getMetadata());
        }
        if (r.responseData() == null) {
          extras.put("nullText", true);
        }
        converted.add(withExtras(tool, extras));
      }
      return converted;
    }
    ObjectNode extras = JSON.createObjectNode();
    io.sculptor.core.Message converted;
    if (message instanceof SystemMessage system) {
      converted = io.sculptor.core.Message.system(nullToEmpty(system.getText()));
    } else if (message instanceof UserMessage user) {
      converted = io.sculptor.core.Message.user(nullToEmpty(user.getText()));
      putMedia(extras, user.getMedia());
    } else if (message instanceof AssistantMessage assistant) {
      List<ToolCall> calls = new ArrayList<>();
      ArrayNode types = JSON.createArrayNode();
      boolean otherType = false;
      for (AssistantMessage.ToolCall call : assistant.getToolCalls()) {
        calls.add(new ToolCall(call.id(), call.name(), nullToEmpty(call.arguments())));
        types.add(call.type());
        otherType |= !"function".equals(call.type());
      }
      converted = io.sculptor.core.Message.assistant(assistant.getText(), calls);
      if (otherType) {
        extras.set("toolCallTypes", types);
      }
      putMedia(extras, assistant.getMedia());
    } else {
      throw new IllegalArgumentException("Sculptor has no role for Spring AI message type ["
          + message.getMessageType() + "] (" + message.getClass().getName() + ")");
    }
    if (message.getText() == null) {
      extras.put("nullText", true);
    }
    putMetadata(extras, message.getMetadata());
    return List.of(withExtras(converted, extras));
  }

  /** {@return {@code messages} as Sculptor messages, in order} */
  public static List<io.sculptor.core.Message> toSculptor(List<? extends Message> messages) {
    List<io.sculptor.core.Message> converted = new ArrayList<>(messages.size());
    messages.forEach(m -> converted.addAll(toSculptor(m)));
    return converted;
  }

  /**
   * {@return {@code messages} as Spring AI messages}: each Sculptor message as one, except that
   * tool messages that came from one {@code ToolResponseMessage} (and consecutive tool messages
   * from elsewhere) join into one {@code ToolResponseMessage} again
   */
  public static List<Message> toSpringAi(List<io.sculptor.core.Message> messages) {
    Objects.requireNonNull(messages, "messages");
    List<Message> converted = new ArrayList<>();
    List<ToolResponseMessage.ToolResponse> responses = new ArrayList<>();
    Map<String, Object> responsesMetadata = Map.of();
    int expected = 0;
    for (io.sculptor.core.Message m : messages) {
      if (m.role() != Role.TOOL) {
        flush(converted, responses, responsesMetadata);
        expected = 0;
        converted.add(toSpringAi(m));
        continue;
      }
      JsonNode extras = extras(m);
      boolean starts = extras.has("responses");
      if (!responses.isEmpty() && (starts || (expected > 0 && responses.size() >= expected))) {
        flush(converted, responses, responsesMetadata);
      }
      if (responses.isEmpty()) {
        expected = extras.path("responses").asInt(0);
        responsesMetadata = metadata(extras);
      }
      String data = extras.path("nullText").asBoolean(false) ? null : m.content();
      responses.add(new ToolResponseMessage.ToolResponse(m.toolCallId().orElseThrow(), m.name().orElse(null), data));
    }
    flush(converted, responses, responsesMetadata);
    return converted;
  }

  /**
   * {@return {@code message} as a Spring AI message}; a tool message becomes a
   * {@code ToolResponseMessage} with its one response
   */
  public static Message toSpringAi(io.sculptor.core.Message message) {
    Objects.requireNonNull(message, "message");
    JsonNode extras = extras(message);
    String text = extras.path("nullText").asBoolean(false) && message.content().isEmpty() ? null : message.content();
    Map<String, Object> metadata = metadata(extras);
    switch (message.role()) {
      case SYSTEM:
        return SystemMessage.builder().text(nullToEmpty(text)).metadata(metadata).build();
      case USER: {
        UserMessage.Builder user = UserMessage.builder().media(media(extras)).metadata(metadata);
        return user.text(nullToEmpty(text)).build();
      }
      case ASSISTANT: {
        List<AssistantMessage.ToolCall> calls = new ArrayList<>();
        JsonNode types = extras.path("toolCallTypes");
        for (int i = 0; i < message.toolCalls().size(); i++) {
          ToolCall call = message.toolCalls().get(i);
          String type = types.has(i) ? types.get(i).asText() : "function";
          calls.add(new AssistantMessage.ToolCall(call.id(), type, call.name(), call.arguments()));
        }
        return AssistantMessage.builder().content(text).toolCalls(calls).media(media(extras)).properties(metadata)
            .build();
      }
      case TOOL:
        return ToolResponseMessage.builder().responses(List.of(new ToolResponseMessage.ToolResponse(
            message.toolCallId().orElseThrow(), message.name().orElse(null), text))).metadata(metadata).build();
      default:
        throw new IllegalArgumentException("unknown role [" + message.role() + "]");
    }
  }

  private static void flush(List<Message> converted, List<ToolResponseMessage.ToolResponse> responses,
      Map<String, Object> metadata) {
    if (!responses.isEmpty()) {
      converted.add(ToolResponseMessage.builder().responses(List.copyOf(responses)).metadata(metadata).build());
      responses.clear();
    }
  }

  private static io.sculptor.core.Message withExtras(io.sculptor.core.Message message, ObjectNode extras) {
    if (extras.isEmpty()) {
      return message;
    }
    Map<String, Object> extensions = new LinkedHashMap<>(message.extensions());
    // A JSON text node, so that the message is equal to itself after a snapshot or a store reads it back.
    extensions.put(EXTRAS, com.fasterxml.jackson.databind.node.TextNode.valueOf(extras.toString()));
    return message.withExtensions(extensions);
  }

  /** The extras of {@code message}; after a store round trip the value is a JSON text node, before it a string. */
  private static JsonNode extras(io.sculptor.core.Message message) {
    Object value = message.extensions().get(EXTRAS);
    if (value == null) {
      return JSON.createObjectNode();
    }
    String text = value instanceof JsonNode node ? (node.isTextual() ? node.textValue() : node.toString())
        : value.toString();
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("extension [" + EXTRAS + "] is not JSON: " + text, e);
    }
  }

  private static void putMetadata(ObjectNode extras, Map<String, Object> metadata) {
    Map<String, Object> kept = new LinkedHashMap<>(metadata);
    // Every Spring AI message puts its own type here; the constructor adds it back.
    kept.remove(AbstractMessage.MESSAGE_TYPE);
    if (!kept.isEmpty()) {
      extras.set("metadata", JSON.valueToTree(kept));
    }
  }

  private static Map<String, Object> metadata(JsonNode extras) {
    JsonNode metadata = extras.get("metadata");
    return metadata == null ? Map.of() : JSON.convertValue(metadata, MAP);
  }

  private static void putMedia(ObjectNode extras, List<Media> media) {
    if (media.isEmpty()) {
      return;
    }
    ArrayNode list = extras.putArray("media");
    for (Media m : media) {
      ObjectNode item = list.addObject().put("mimeType", m.getMimeType().toString()).put("name", m.getName());
      if (m.getId() != null) {
        item.put("id", m.getId());
      }
      Object data = m.getData();
      if (data instanceof byte[] bytes) {
        item.put("bytes", Base64.getEncoder().encodeToString(bytes));
      } else if (data instanceof URL url) {
        item.put("url", url.toString());
      } else {
        item.put("data", String.valueOf(data));
      }
    }
  }

  private static List<Media> media(JsonNode extras) {
    List<Media> media = new ArrayList<>();
    for (JsonNode item : extras.path("media")) {
      Media.Builder m = Media.builder().mimeType(MimeType.valueOf(item.path("mimeType").asText()))
          .name(item.path("name").asText());
      if (item.has("id")) {
        m.id(item.get("id").asText());
      }
      if (item.has("bytes")) {
        m.data(Base64.getDecoder().decode(item.get("bytes").asText()));
      } else if (item.has("url")) {
        try {
          m.data(URI.create(item.get("url").asText()).toURL());
        } catch (MalformedURLException e) {
          throw new IllegalArgumentException("media URL [" + item.get("url").asText() + "] is not a URL", e);
        }
      } else {
        m.data(item.path("data").asText());
      }
      media.add(m.build());
    }
    return media;
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
