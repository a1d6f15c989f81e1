package io.sculptor.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.Role;
import io.sculptor.openai.WireFormatException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Content parts of both OpenAI APIs: which ones a message of each role may hold, their required
 * fields, and their translation from one API to the other.
 *
 * <table>
 *   <caption>Parts and their counterparts</caption>
 *   <tr><th>Chat Completions</th><th>Responses</th></tr>
 *   <tr><td>{@code text}</td><td>{@code input_text}; {@code output_text} in an assistant's output
 *       message</td></tr>
 *   <tr><td>{@code image_url {url, detail}}</td><td>{@code input_image {image_url, detail}}
 *       ({@code detail} defaults to {@code auto} in both)</td></tr>
 *   <tr><td>{@code file {file_id, file_data, filename}}</td><td>{@code input_file} with the same
 *       fields</td></tr>
 *   <tr><td>{@code refusal}</td><td>{@code refusal}</td></tr>
 *   <tr><td>{@code input_audio}</td><td>none</td></tr>
 *   <tr><td>none</td><td>{@code input_image} by {@code file_id}, {@code input_file} by
 *       {@code file_url}</td></tr>
 * </table>
 *
 * <p>Reading accepts the parts of either API (a message read as Chat Completions JSON may carry
 * Responses parts, and the other way round), checks their fields, and refuses a part of a kind
 * the role does not take or of an unknown kind. Writing translates each part to the target API and
 * refuses, with a {@link WireFormatException}, a part that has no counterpart there. Stateless.
 */
public final class ContentParts {
  /** The two APIs. */
  public enum Api {
    /** Chat Completions. */
    CHAT,
    /** Responses. */
    RESPONSES
  }

  private static final Set<String> TEXT = Set.of("text", "input_text", "output_text");
  private static final Map<Role, Set<String>> ALLOWED = Map.of(
      Role.SYSTEM, TEXT,
      Role.USER, Set.of("text", "input_text", "output_text", "image_url", "input_image", "input_audio", "file", "input_file"),
      Role.ASSISTANT, Set.of("text", "input_text", "output_text", "refusal"),
      Role.TOOL, Set.of("text", "input_text", "output_text", "input_image", "input_file"));

  private ContentParts() {}

  /** {@return whether {@code part} carries text that is the message's content} */
  public static boolean isText(JsonNode part) {
    return part.isObject() && TEXT.contains(part.path("type").asText("")) && part.path("text").isTextual();
  }

  /**
   * {@return the parts, each checked, with what is unambiguous made explicit}: an
   * {@code input_image} without {@code detail} gets {@code "auto"}, an {@code output_text} without
   * {@code annotations} gets {@code []}
   *
   * @param parts the array read
   * @param path where the array is, for messages, e.g. {@code messages[2].content}
   * @param role the role of the message, {@link Role#TOOL} for a tool's output
   * @throws WireFormatException naming the path of the first part that is not one the role takes
   */
  public static ArrayNode read(JsonNode parts, String path, Role role) {
    ArrayNode checked = Json.array();
    for (int i = 0; i < parts.size(); i++) {
      String at = path + "[" + i + "]";
      ObjectNode part = Json.requireObject(parts.get(i), "[" + at + "]");
      JsonNode typeNode = part.get("type");
      if (typeNode == null || !typeNode.isTextual()) {
        throw new WireFormatException("[" + at + ".type] must be a string, got [" + Json.describe(typeNode) + "]");
      }
      String type = typeNode.textValue();
      if (!ALLOWED.get(role).contains(type)) {
        throw new WireFormatException(String.format(Locale.ROOT, "[%s.type] is [%s], which a%s %s message does not take;"
            + " it takes %s", at, type, role == Role.ASSISTANT ? "n" : "", role.wireName(), ALLOWED.get(role)));
      }
      ObjectNode copy = part.deepCopy();
      switch (type) {
        case "text", "input_text", "output_text" -> requireText(part, "text", at);
        case "refusal" -> requireText(part, "refusal", at);
        case "image_url" -> requireText(Json.requireObject(part.get("image_url"), "[" + at + ".image_url]"), "url",
            at + ".image_url");
        case "input_audio" -> {
          JsonNode audio = Json.requireObject(part.get("input_audio"), "[" + at + ".input_audio]");
          requireText(audio, "data", at + ".input_audio");
          requireText(audio, "format", at + ".input_audio");
        }
        case "file" -> Json.requireObject(part.get("file"), "[" + at + ".file]");
        case "input_image" -> {
          if (!part.path("image_url").isTextual() && !part.path("file_id").isTextual()) {
            throw new WireFormatException("[" + at + "] needs a string image_url or file_id, got ["
                + Json.describe(part) + "]");
          }
          if (!part.has("detail")) {
            copy.put("detail", "auto");
          }
        }
        default -> { }
      }
      if (type.equals("output_text") && !part.has("annotations")) {
        copy.putArray("annotations");
      }
      checked.add(copy);
    }
    return checked;
  }

  private static void requireText(JsonNode object, String field, String at) {
    JsonNode value = object.get(field);
    if (value == null || !value.isTextual()) {
      throw new WireFormatException("[" + at + "." + field + "] must be a string, got [" + Json.describe(value) + "]");
    }
  }

  /** {@return the text of the text parts, joined by line breaks} */
  public static String textOf(JsonNode parts) {
    StringBuilder text = new StringBuilder();
    boolean first = true;
    for (JsonNode part : parts) {
      if (isText(part)) {
        text.append(first ? "" : "\n").append(part.get("text").textValue());
        first = false;
      }
    }
    return text.toString();
  }

  /**
   * {@return the parts with every text part replaced by one part holding {@code text}}, in the
   * first one's place (or first, when there was none); the other parts stay
   */
  public static ArrayNode withText(JsonNode parts, String text) {
    ArrayNode replaced = Json.array();
    boolean written = false;
    for (JsonNode part : parts) {
      if (isText(part)) {
        if (!written) {
          ObjectNode textPart = Json.object();
          textPart.put("type", part.get("type").textValue());
          textPart.put("text", text);
          if (part.has("annotations")) {
            // The old annotations point into the old text.
            textPart.putArray("annotations");
          }
          replaced.add(textPart);
          written = true;
        }
      } else {
        replaced.add(part.deepCopy());
      }
    }
    if (!written) {
      replaced.insertObject(0).put("type", "text").put("text", text);
    }
    return replaced;
  }

  /**
   * {@return the parts as the {@code target} API writes them for a message of {@code role}}
   *
   * @param outputMessage whether the message is a Responses output message (an assistant message
   *     with an id), whose text parts are {@code output_text}
   * @throws WireFormatException if a part has no counterpart in the target API
   */
  public static ArrayNode translate(JsonNode parts, Api target, Role role, boolean outputMessage) {
    ArrayNode written = Json.array();
    for (JsonNode part : parts) {
      written.add(target == Api.CHAT ? toChat((ObjectNode) part) : toResponses((ObjectNode) part, role, outputMessage));
    }
    return written;
  }

  private static ObjectNode toChat(ObjectNode part) {
    String type = part.get("type").textValue();
    switch (type) {
      case "input_text", "output_text" -> {
        ObjectNode text = Json.object();
        text.put("type", "text");
        text.set("text", part.get("text"));
        return text;
      }
      case "input_image" -> {
        if (!part.path("image_url").isTextual()) {
          throw noCounterpart(part, "Chat Completions", "an image_url part needs a URL, and this image is a file_id");
        }
        ObjectNode image = Json.object();
        image.put("type", "image_url");
        ObjectNode url = image.putObject("image_url");
        url.set("url", part.get("image_url"));
        if (part.has("detail")) {
          url.set("detail", part.get("detail"));
        }
        return image;
      }
      case "input_file" -> {
        if (part.has("file_url")) {
          throw noCounterpart(part, "Chat Completions", "a file part takes a file_id or file_data, not a file_url");
        }
        ObjectNode file = Json.object();
        file.put("type", "file");
        ObjectNode fields = file.putObject("file");
        for (String field : new String[] {"file_id", "file_data", "filename"}) {
          if (part.has(field)) {
            fields.set(field, part.get(field));
          }
        }
        return file;
      }
      default -> {
        return part.deepCopy();
      }
    }
  }

  private static ObjectNode toResponses(ObjectNode part, Role role, boolean outputMessage) {
    String type = part.get("type").textValue();
    switch (type) {
      case "text", "input_text", "output_text" -> {
        ObjectNode text = Json.object();
        boolean output = role == Role.ASSISTANT;
        text.put("type", output ? "output_text" : "input_text");
        text.set("text", part.get("text"));
        if (output) {
          text.set("annotations", part.has("annotations") ? part.get("annotations").deepCopy() : Json.array());
          if (part.has("logprobs") && outputMessage) {
            text.set("logprobs", part.get("logprobs").deepCopy());
          }
        }
        return text;
      }
      case "image_url" -> {
        ObjectNode image = Json.object();
        image.put("type", "input_image");
        JsonNode url = part.get("image_url");
        image.set("image_url", url.get("url"));
        image.put("detail", url.path("detail").asText("auto"));
        return image;
      }
      case "file" -> {
        ObjectNode file = Json.object();
        file.put("type", "input_file");
        part.get("file").properties().forEach(field -> file.set(field.getKey(), field.getValue().deepCopy()));
        return file;
      }
      case "input_audio" -> throw noCounterpart(part, "Responses", "the Responses API takes no audio input part");
      default -> {
        return part.deepCopy();
      }
    }
  }

  private static WireFormatException noCounterpart(JsonNode part, String api, String why) {
    return new WireFormatException("the content part [" + Json.describe(part) + "] has no " + api + " form: " + why);
  }
}
