package io.sculptor.openai.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ToolChoice;
import io.sculptor.openai.ChatCompletionsBridge;
import io.sculptor.openai.ChatCompletionsFormat;
import io.sculptor.openai.ResponsesFormat;
import io.sculptor.openai.sdk.internal.SdkJson;
import io.sculptor.tools.SculptorToolkit;
import io.sculptor.tools.SculptorTools;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Every request the adapter builds from a response it accepted is valid for the official SDK: the
 * SDK's own mapper reads it into its typed request body, whose {@code validate()} passes, and
 * writes it back unchanged. The responses are generated in OpenAI's shapes and with the deviations
 * the adapter normalizes (arguments sent as a JSON object, a call without {@code type}), in
 * conversations that also carry the application's parts, custom tool calls, reasoning items, a
 * view that changed the answer's text, and the other API's messages.
 */
class SdkValidationProperties {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static void assertValidChatRequest(ObjectNode body) {
    ChatCompletionCreateParams.Body parsed = SdkJson.fromTree(body, ChatCompletionCreateParams.Body.class);
    parsed.validate();
    assertThat(SdkJson.toTree(parsed)).as("the SDK writes the request it read").isEqualTo(body);
  }

  private static void assertValidResponsesRequest(ObjectNode body) {
    ResponseCreateParams.Body parsed = SdkJson.fromTree(body, ResponseCreateParams.Body.class);
    parsed.validate();
    assertThat(SdkJson.toTree(parsed)).as("the SDK writes the request it read").isEqualTo(body);
  }

  /** The application's side of a conversation: instructions, a question with an image. */
  private static List<Message> opening() {
    return ChatCompletionsFormat.toMessages(NODES.arrayNode()
        .add(NODES.objectNode().put("role", "developer").put("content", "Be brief."))
        .add(NODES.objectNode().put("role", "user").set("content", NODES.arrayNode()
            .add(NODES.objectNode().put("type", "text").put("text", "What is in this image, and the weather?"))
            .add(NODES.objectNode().put("type", "image_url").set("image_url",
                NODES.objectNode().put("url", "https://example.com/cat.png"))))));
  }

  /** The conversation after {@code answer}: its calls answered (text or text parts), the view changed. */
  private static List<Message> after(Message answer, boolean partsAnswer) {
    List<Message> messages = new ArrayList<>(opening());
    messages.add(answer);
    for (ToolCall call : answer.toolCalls()) {
      messages.add(partsAnswer ? ChatCompletionsFormat.toMessage(NODES.objectNode().put("role", "tool")
          .put("tool_call_id", call.id()).set("content", NODES.arrayNode()
              .add(NODES.objectNode().put("type", "text").put("text", "14 °C")))) : Message.tool(call.id(), "14 °C"));
    }
    if (!answer.content().isEmpty()) {
      messages.add(answer.withContent("[fragment f1a2b3 folded: 40 characters hidden]"));
    }
    messages.add(Message.user("Thanks."));
    return messages;
  }

  private static ChatRequest request(List<Message> messages, boolean strict) {
    return ChatRequest.of(messages, strict ? SculptorTools.strictSpecs() : SculptorTools.specs(),
        strict ? ToolChoice.required() : ToolChoice.function("fold_fragment"));
  }

  @Property(tries = 300)
  void chatCompletions_requestsFromAcceptedResponses_areValid(@ForAll("completions") ObjectNode completion,
      @ForAll boolean strict, @ForAll boolean partsAnswer) {
    Message answer = ChatCompletionsFormat.response(completion).message();
    List<Message> messages = after(answer, partsAnswer);

    assertValidChatRequest(ChatCompletionsFormat.request("gpt-4o", request(messages, strict), NODES.objectNode()));
    assertValidResponsesRequest(ResponsesFormat.request("gpt-4.1", request(messages, strict), NODES.objectNode()));

    JsonNode calls = completion.get("choices").get(0).get("message").path("tool_calls");
    for (JsonNode call : calls) {
      Statistics.label("call").collect(!call.has("type") ? "no type" : call.get("type").asText()
          + (call.path("function").path("arguments").isObject() ? " with object arguments" : ""));
    }
    Statistics.label("call").coverage(c -> {
      for (String kind : List.of("no type", "function", "function with object arguments", "custom")) {
        c.check(kind).percentage(p -> p > 3);
      }
    });
  }

  @Property(tries = 200)
  void bridge_requestsAfterAnAcceptedResponse_areValid(@ForAll("completions") ObjectNode completion) {
    ChatCompletionsBridge bridge = ChatCompletionsBridge.of(SculptorToolkit.create());
    ContextState state = ContextState.of(Conversation.of(opening()));
    ChatCompletionsBridge.Turn turn = bridge.handleResponse(completion, state);
    ContextState next = turn.state();
    for (ToolCall call : turn.applicationCalls()) {
      next = next.append(Message.tool(call.id(), "done"));
    }
    ObjectNode own = NODES.objectNode().put("model", "gpt-4o");
    ArrayNode tools = own.putArray("tools");
    tools.addObject().put("type", "function").putObject("function").put("name", "get_weather")
        .putObject("parameters").put("type", "object");
    tools.addObject().put("type", "custom").putObject("custom").put("name", "run_sql");

    assertValidChatRequest(bridge.prepareRequest(own, next));
  }

  @Property(tries = 300)
  void responses_requestsFromAcceptedResponses_areValid(@ForAll("responses") ObjectNode response,
      @ForAll boolean strict, @ForAll boolean partsAnswer) {
    Message answer = ResponsesFormat.response(response).message();
    List<Message> messages = after(answer, partsAnswer);

    assertValidResponsesRequest(ResponsesFormat.request("o4-mini", request(messages, strict), NODES.objectNode()));
    assertValidChatRequest(ChatCompletionsFormat.request("gpt-4o", request(messages, strict), NODES.objectNode()));
    List<Message> items = new ArrayList<>(opening());
    items.addAll(ResponsesFormat.toMessages(response.get("output")));
    assertValidResponsesRequest(ResponsesFormat.request("o4-mini", request(items, strict), NODES.objectNode()));

    for (JsonNode item : response.get("output")) {
      Statistics.label("item").collect(item.get("type").asText()
          + (item.path("arguments").isObject() ? " with object arguments" : ""));
    }
    Statistics.label("item").coverage(c -> {
      for (String kind : List.of("reasoning", "message", "function_call", "function_call with object arguments",
          "custom_tool_call")) {
        c.check(kind).percentage(p -> p > 3);
      }
    });
  }

  @Example
  void specExampleResponses_areValidForTheSdk_andTheirRequestsToo() {
    ObjectNode completion = SdkJson.fromTree(completion(NODES.objectNode().put("role", "assistant").putNull("content")
        .putNull("refusal").set("annotations", NODES.arrayNode()), "tool_calls"), ObjectNode.class);
    ((ObjectNode) completion.get("choices").get(0).get("message")).putArray("tool_calls").addObject()
        .put("id", "call_abc123").put("type", "function").putObject("function").put("name", "get_current_weather")
        .put("arguments", "{\"location\": \"Boston, MA\"}");
    SdkJson.fromTree(completion, ChatCompletion.class).validate();
    ObjectNode response = response(List.of(reasoning("The user wants Boston."),
        functionCall(NODES.textNode("{\"location\":\"Boston, MA\",\"unit\":\"celsius\"}"))));
    SdkJson.fromTree(response, Response.class).validate();

    assertValidChatRequest(ChatCompletionsFormat.request("gpt-4o-mini",
        request(after(ChatCompletionsFormat.response(completion).message(), false), false), NODES.objectNode()));
    assertValidResponsesRequest(ResponsesFormat.request("gpt-4o",
        request(after(ResponsesFormat.response(response).message(), false), false), NODES.objectNode()));
  }

  @Example
  void theSdksCheck_refusesWhatTheAdapterNeverSends() {
    ObjectNode objectArguments = NODES.objectNode().put("model", "gpt-4o");
    objectArguments.putArray("messages").addObject().put("role", "assistant").putNull("content").putArray("tool_calls")
        .addObject().put("id", "c1").put("type", "function").putObject("function").put("name", "f")
        .putObject("arguments").put("a", 1);
    ObjectNode outputTextWithoutId = NODES.objectNode().put("model", "gpt-4o");
    outputTextWithoutId.putArray("input").addObject().put("role", "assistant").putArray("content").addObject()
        .put("type", "output_text").put("text", "x").putArray("annotations");

    assertThatThrownBy(() -> assertValidChatRequest(objectArguments)).isInstanceOf(OpenAIInvalidDataException.class);
    assertThatThrownBy(() -> assertValidResponsesRequest(outputTextWithoutId))
        .isInstanceOf(OpenAIInvalidDataException.class);
    ObjectNode sent = ChatCompletionsFormat.request("gpt-4o", ChatRequest.of(ChatCompletionsFormat.toMessages(
        objectArguments.get("messages")), List.of(), ToolChoice.auto()), NODES.objectNode());
    assertValidChatRequest(sent);
    assertValidResponsesRequest(ResponsesFormat.request("gpt-4o", ChatRequest.of(ResponsesFormat.toMessages(
        outputTextWithoutId.get("input")), List.of(), ToolChoice.auto()), NODES.objectNode()));
  }

  private static Arbitrary<String> text() {
    return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20), Arbitraries.of("Grüße 👍🏽", "{\"a\": 1}", ""));
  }

  private static ObjectNode completion(ObjectNode message, String finishReason) {
    ObjectNode completion = NODES.objectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
        .put("created", 1741569952).put("model", "gpt-4o-mini");
    ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
    choice.set("message", message);
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason);
    completion.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5).put("total_tokens", 15);
    return completion;
  }

  @Provide
  Arbitrary<ObjectNode> completions() {
    Arbitrary<ObjectNode> call = Combinators.combine(Arbitraries.integers().between(0, 3), text(),
        Arbitraries.of("get_weather", "fold_fragment", "search_context")).as((kind, args, name) -> {
          ObjectNode c = NODES.objectNode().put("id", "call_" + Math.abs((args + name).hashCode()));
          switch (kind) {
            case 0 -> c.put("type", "function").putObject("function").put("name", name).put("arguments", args);
            case 1 -> c.put("type", "function").putObject("function").put("name", name)
                .putObject("arguments").put("fragment_id", args);
            case 2 -> c.putObject("function").put("name", name).put("arguments", "{\"q\": \"" + args.length() + "\"}");
            default -> c.put("type", "custom").putObject("custom").put("name", "run_sql").put("input", args);
          }
          return c;
        });
    Arbitrary<ObjectNode> message = Combinators.combine(Arbitraries.integers().between(0, 2), text(),
        call.list().ofMaxSize(3).uniqueElements(c -> c.get("id").asText()), Arbitraries.integers().between(0, 7))
        .as((content, text, calls, extras) -> {
          ObjectNode m = NODES.objectNode().put("role", "assistant");
          if (content == 0 || calls.isEmpty()) {
            m.put("content", text.isEmpty() ? "ok" : text);
          } else if (content == 1) {
            m.putNull("content");
          }
          if ((extras & 1) != 0) {
            m.putNull("refusal");
            m.putArray("annotations").addObject().put("type", "url_citation").putObject("url_citation")
                .put("url", "https://example.com").put("title", "Example").put("start_index", 0).put("end_index", 1);
          }
          if ((extras & 2) != 0) {
            m.putObject("audio").put("id", "audio_1").put("data", "UklGR").put("expires_at", 1).put("transcript", text);
          }
          if ((extras & 4) != 0) {
            m.put("reasoning_content", "Thinking about " + text);
          }
          if (!calls.isEmpty()) {
            ArrayNode array = m.putArray("tool_calls");
            calls.forEach(array::add);
          }
          return m;
        });
    return message.map(m -> completion(m, m.has("tool_calls") ? "tool_calls" : "stop"));
  }

  private static ObjectNode reasoning(String summary) {
    ObjectNode item = NODES.objectNode().put("id", "rs_1").put("type", "reasoning")
        .put("encrypted_content", "gAAAAABor0A4eV2Hq3xN");
    item.putArray("summary").addObject().put("type", "summary_text").put("text", summary);
    return item;
  }

  private static ObjectNode outputMessage(String text) {
    ObjectNode item = NODES.objectNode().put("id", "msg_1").put("type", "message").put("status", "completed")
        .put("role", "assistant");
    item.putArray("content").addObject().put("type", "output_text").put("text", text.isEmpty() ? "ok" : text)
        .putArray("annotations");
    return item;
  }

  private static ObjectNode functionCall(JsonNode arguments) {
    ObjectNode item = NODES.objectNode().put("id", "fc_1").put("type", "function_call").put("status", "completed")
        .put("call_id", "call_" + Math.abs(arguments.toString().hashCode())).put("name", "get_weather");
    item.set("arguments", arguments);
    return item;
  }

  private static ObjectNode response(List<ObjectNode> output) {
    ObjectNode response = NODES.objectNode().put("id", "resp_1").put("object", "response").put("created_at", 1756315696)
        .put("status", "completed").put("model", "o4-mini").putNull("error").putNull("incomplete_details")
        .putNull("instructions").put("parallel_tool_calls", true).put("tool_choice", "auto").put("temperature", 1.0)
        .put("top_p", 1.0);
    response.putObject("metadata");
    response.putArray("tools");
    ArrayNode items = response.putArray("output");
    output.forEach(items::add);
    response.putObject("usage").put("input_tokens", 10).put("output_tokens", 5).put("total_tokens", 15)
        .set("input_tokens_details", NODES.objectNode().put("cached_tokens", 0).put("cache_write_tokens", 0));
    ((ObjectNode) response.get("usage")).putObject("output_tokens_details").put("reasoning_tokens", 0);
    return response;
  }

  @Provide
  Arbitrary<ObjectNode> responses() {
    Arbitrary<ObjectNode> message = text().map(SdkValidationProperties::outputMessage);
    Arbitrary<ObjectNode> call = Combinators.combine(Arbitraries.integers().between(0, 2), text()).as((kind, args) ->
        switch (kind) {
          case 0 -> functionCall(NODES.textNode(args));
          case 1 -> functionCall(NODES.objectNode().put("location", args));
          default -> NODES.objectNode().put("id", "ctc_1").put("type", "custom_tool_call")
              .put("call_id", "call_c" + args.length()).put("name", "run_sql").put("input", args);
        });
    return Combinators.combine(text().map(SdkValidationProperties::reasoning).optional(), message.optional(),
        call.list().ofMaxSize(2).uniqueElements(c -> c.get("call_id").asText())).as((r, m, calls) -> {
          List<ObjectNode> output = new ArrayList<>();
          r.ifPresent(output::add);
          m.ifPresent(output::add);
          output.addAll(calls);
          if (output.isEmpty()) {
            output.add(outputMessage("ok"));
          }
          return response(output);
        });
  }
}
