package io.sculptor.openai.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatStreamListener;
import io.sculptor.openai.WireFormatException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Assembles a streamed Chat Completion ({@code chat.completion.chunk} events ending with
 * {@code [DONE]}) into the {@code chat.completion} object the same answer would have been without
 * streaming, and hands the first choice's text, reasoning and tool-call starts to a listener as
 * they arrive.
 *
 * <p>Each delta field is merged into the choice's message: strings are appended (content,
 * {@code reasoning_content}, refusal, a vendor's text), other values replace the earlier one, and a
 * field sent as {@code null} is kept as {@code null} until a value comes. Tool calls are merged by
 * their {@code index}: the id, type and name arrive in the first delta, the arguments (or a custom
 * call's input) in pieces. The usage comes in the last chunk, with
 * {@code stream_options.include_usage}. An {@code error} object in a chunk ends the stream with
 * the provider's failure.
 *
 * <p>One stream, one thread.
 */
public final class ChatCompletionChunks {
  /** Fields of a chunk that belong to the chunk, not to the completion. */
  private static final Set<String> CHUNK_ONLY = Set.of("object", "choices", "usage", "obfuscation");

  private final ChatStreamListener listener;
  private final Function<JsonNode, ChatModelException> errors;
  private final ObjectNode completion = Json.object();
  private final TreeMap<Integer, ObjectNode> choices = new TreeMap<>();
  private final TreeMap<Integer, TreeMap<Integer, ObjectNode>> calls = new TreeMap<>();
  private final Set<Integer> announced = new java.util.HashSet<>();
  private JsonNode usage;
  private boolean done;

  /**
   * Creates an assembler.
   *
   * @param listener receives the first choice's pieces
   * @param errors makes the failure for an {@code error} object in the stream
   */
  public ChatCompletionChunks(ChatStreamListener listener, Function<JsonNode, ChatModelException> errors) {
    this.listener = listener;
    this.errors = errors;
  }

  /**
   * Reads {@code events} up to {@code [DONE]}.
   *
   * @throws WireFormatException if an event is not a chunk, or the stream ends before {@code [DONE]}
   * @throws ChatModelException if the provider sends an error in the stream, or the stream fails
   */
  public void read(SseEvents events) {
    int number = 0;
    for (SseEvent event = events.next(); event != null; event = events.next()) {
      if (accept(event, number++)) {
        return;
      }
    }
    throw new WireFormatException("the stream ended after [" + number + "] events, before [data: [DONE]]");
  }

  /**
   * Takes one event.
   *
   * @param event the event
   * @param number its position in the stream, from 0, for messages
   * @return whether it was {@code [DONE]}, the end
   */
  public boolean accept(SseEvent event, int number) {
    String data = event.data().strip();
    if (data.equals("[DONE]")) {
      done = true;
      return true;
    }
    JsonNode chunk;
    try {
      chunk = Json.read(data);
    } catch (JsonProcessingException e) {
      throw new WireFormatException("event [" + number + "] is not JSON: " + e.getOriginalMessage());
    }
    JsonNode error = chunk.get("error");
    if (event.type().equals("error") && (error == null || error.isNull())) {
      throw errors.apply(chunk);
    }
    accept(chunk, number);
    return false;
  }

  /**
   * Takes one chunk that a client library has read from its event already (the openai-java SDK's
   * streams hand out chunks and keep {@code [DONE]} to themselves); {@link #end()} then ends the
   * stream.
   *
   * @param chunk the {@code chat.completion.chunk} object
   * @param number its position in the stream, from 0, for messages
   * @throws WireFormatException if it is not a chunk
   * @throws ChatModelException if it carries the provider's {@code error}
   */
  public void accept(JsonNode chunk, int number) {
    JsonNode error = chunk.get("error");
    if (error != null && !error.isNull()) {
      throw errors.apply(error);
    }
    ObjectNode object = Json.requireObject(chunk, "event [" + number + "]");
    for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!CHUNK_ONLY.contains(field.getKey()) && !field.getValue().isNull()) {
        completion.set(field.getKey(), field.getValue().deepCopy());
      }
    }
    JsonNode chunkUsage = object.get("usage");
    if (chunkUsage != null && !chunkUsage.isNull()) {
      usage = chunkUsage.deepCopy();
    }
    JsonNode chunkChoices = object.get("choices");
    if (chunkChoices != null && !chunkChoices.isNull()) {
      if (!chunkChoices.isArray()) {
        throw new WireFormatException("event [" + number + "] choices must be an array, got ["
            + Json.describe(chunkChoices) + "]");
      }
      for (int i = 0; i < chunkChoices.size(); i++) {
        choice(Json.requireObject(chunkChoices.get(i), "event [" + number + "] choices[" + i + "]"), i, number);
      }
    }
  }

  /**
   * Ends a stream whose {@code [DONE]} a client library consumed: that library ends a stream cut
   * short just as quietly, so the answer counts as whole only when every choice has its finish
   * reason.
   *
   * @throws WireFormatException if no choice came, or one has no finish reason
   */
  public void end() {
    if (choices.isEmpty()) {
      throw new WireFormatException("the stream ended without a choice");
    }
    choices.forEach((index, choice) -> {
      if (!choice.hasNonNull("finish_reason")) {
        throw new WireFormatException("the stream ended before choice [" + index + "] had a finish_reason");
      }
    });
    done = true;
  }

  private void choice(ObjectNode delta, int position, int number) {
    int index = delta.path("index").canConvertToInt() ? delta.path("index").intValue() : position;
    ObjectNode choice = choices.computeIfAbsent(index, i -> {
      ObjectNode c = Json.object();
      c.put("index", i);
      c.putObject("message");
      return c;
    });
    ObjectNode message = (ObjectNode) choice.get("message");
    JsonNode changes = delta.get("delta");
    if (changes != null && changes.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = changes.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String name = field.getKey();
        JsonNode value = field.getValue();
        if (name.equals("tool_calls")) {
          toolCalls(index, value, number);
          continue;
        }
        merge(message, name, value);
        if (index == 0 && value.isTextual() && !value.textValue().isEmpty()) {
          if (name.equals("content")) {
            listener.onText(value.textValue());
          } else if (name.equals("reasoning_content") || name.equals("reasoning")) {
            listener.onReasoning(value.textValue());
          }
        }
      }
    }
    JsonNode logprobs = delta.get("logprobs");
    if (logprobs != null && !logprobs.isNull()) {
      mergeLogprobs(choice, logprobs);
    } else if (!choice.has("logprobs")) {
      choice.putNull("logprobs");
    }
    JsonNode finish = delta.get("finish_reason");
    if (finish != null && !finish.isNull()) {
      choice.set("finish_reason", finish.deepCopy());
    }
  }

  private void toolCalls(int choice, JsonNode deltas, int number) {
    if (deltas.isNull()) {
      return;
    }
    if (!deltas.isArray()) {
      throw new WireFormatException("event [" + number + "] tool_calls must be an array, got ["
          + Json.describe(deltas) + "]");
    }
    TreeMap<Integer, ObjectNode> byIndex = calls.computeIfAbsent(choice, c -> new TreeMap<>());
    for (int i = 0; i < deltas.size(); i++) {
      ObjectNode delta = Json.requireObject(deltas.get(i), "event [" + number + "] tool_calls[" + i + "]");
      int index = delta.path("index").canConvertToInt() ? delta.path("index").intValue() : i;
      ObjectNode call = byIndex.computeIfAbsent(index, k -> Json.object());
      for (Iterator<Map.Entry<String, JsonNode>> it = delta.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getKey().equals("index")) {
          continue;
        }
        if (field.getValue().isObject()) {
          // function {name, arguments} or custom {name, input}: their strings come in pieces.
          JsonNode into = call.get(field.getKey());
          ObjectNode target = into instanceof ObjectNode o ? o : call.putObject(field.getKey());
          field.getValue().properties().forEach(part -> merge(target, part.getKey(), part.getValue()));
        } else {
          merge(call, field.getKey(), field.getValue());
        }
      }
      if (choice == 0 && !announced.contains(index)) {
        String id = call.path("id").asText("");
        String type = call.path("type").asText("function");
        String name = call.path(type).path("name").asText(call.path("function").path("name").asText(""));
        if (!id.isEmpty() && !name.isEmpty()) {
          announced.add(index);
          listener.onToolCall(id, name);
        }
      }
    }
  }

  /** Strings append; anything else replaces; null is kept only where nothing came yet. */
  private static void merge(ObjectNode target, String name, JsonNode value) {
    JsonNode earlier = target.get(name);
    if (value.isTextual() && earlier != null && earlier.isTextual()) {
      target.put(name, earlier.textValue() + value.textValue());
    } else if (!value.isNull() || earlier == null) {
      target.set(name, value.deepCopy());
    }
  }

  private static void mergeLogprobs(ObjectNode choice, JsonNode logprobs) {
    JsonNode earlier = choice.get("logprobs");
    if (!(earlier instanceof ObjectNode merged)) {
      choice.set("logprobs", logprobs.deepCopy());
      return;
    }
    logprobs.properties().forEach(field -> {
      JsonNode before = merged.get(field.getKey());
      if (before instanceof ArrayNode array && field.getValue().isArray()) {
        array.addAll((ArrayNode) field.getValue().deepCopy());
      } else {
        merged.set(field.getKey(), field.getValue().deepCopy());
      }
    });
  }

  /**
   * {@return the assembled {@code chat.completion}}
   *
   * @throws WireFormatException if {@code [DONE]} has not come, or no choice did
   */
  public ObjectNode completion() {
    if (!done) {
      throw new WireFormatException("the stream has not ended with [data: [DONE]]");
    }
    ObjectNode result = Json.object();
    JsonNode id = completion.get("id");
    if (id != null) {
      result.set("id", id);
    }
    result.put("object", "chat.completion");
    completion.properties().forEach(field -> {
      if (!field.getKey().equals("id")) {
        result.set(field.getKey(), field.getValue());
      }
    });
    ArrayNode array = result.putArray("choices");
    choices.forEach((index, choice) -> {
      TreeMap<Integer, ObjectNode> made = calls.get(index);
      if (made != null && !made.isEmpty()) {
        ArrayNode toolCalls = ((ObjectNode) choice.get("message")).putArray("tool_calls");
        made.values().forEach(toolCalls::add);
      }
      if (!choice.has("finish_reason")) {
        choice.putNull("finish_reason");
      }
      array.add(choice);
    });
    if (usage != null) {
      result.set("usage", usage);
    }
    return result;
  }
}
