package io.sculptor.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.Message;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.StreamingChatModel;
import io.sculptor.model.ToolChoice;
import io.sculptor.testing.LocalOpenAiServer;
import io.sculptor.testing.LocalOpenAiServer.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Over HTTP, for random answers cut into HTTP chunks at random bytes (also inside a UTF-8
 * character): the streamed answer of each model equals its whole answer, and the listener gets
 * exactly the text of the first choice.
 */
class StreamingProperties {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final AtomicReference<Reply> REPLY = new AtomicReference<>();
  private static LocalOpenAiServer server;
  private static OpenAiChatModel chat;
  private static OpenAiResponsesModel responses;

  @BeforeContainer
  static void start() {
    server = LocalOpenAiServer.start(request -> REPLY.get());
    chat = OpenAiChatModel.builder().baseUrl(server.baseUrl()).noApiKey().model("m")
        .maxAttempts(1).requestTimeout(Duration.ofSeconds(10)).build();
    responses = OpenAiResponsesModel.builder().baseUrl(server.baseUrl()).noApiKey().model("m")
        .maxAttempts(1).requestTimeout(Duration.ofSeconds(10)).build();
  }

  @AfterContainer
  static void stop() {
    server.close();
  }

  private static ChatRequest request() {
    return ChatRequest.of(List.of(Message.user("Go.")), List.of(), ToolChoice.auto());
  }

  /** An answer and where its stream is cut, as fractions of the stream's length. */
  record Cut(JsonNode answer, Set<Double> at) {}

  @Property(tries = 60)
  void chatCompletions_streamedEqualsWhole(@ForAll("completions") Cut cut) {
    check(chat, cut);
    JsonNode message = cut.answer().get("choices").get(0).get("message");
    Statistics.label("answer").collect(message.has("tool_calls") ? "tool calls" : "text");
    if (!message.has("tool_calls")) {
      Statistics.label("multi-byte text").collect(!message.get("content").asText().chars().allMatch(c -> c < 0x80));
    }
    Statistics.label("answer").coverage(c -> c.check("tool calls").percentage(p -> p > 10));
    Statistics.label("multi-byte text").coverage(c -> c.check(true).percentage(p -> p > 10));
  }

  @Property(tries = 60)
  void responses_streamedEqualsWhole(@ForAll("responses") Cut cut) {
    check(responses, cut);
    for (JsonNode item : cut.answer().get("output")) {
      Statistics.label("item").collect(item.get("type").asText());
    }
    Statistics.label("item").coverage(c -> {
      for (String type : List.of("reasoning", "message", "function_call", "custom_tool_call")) {
        c.check(type).percentage(p -> p > 3);
      }
    });
  }

  private static void check(StreamingChatModel model, Cut cut) {
    Reply whole = Reply.ok(cut.answer());
    int length = whole.streamed().body().getBytes(StandardCharsets.UTF_8).length;
    REPLY.set(whole.cutAt(cut.at().stream().mapToInt(f -> (int) (f * length)).toArray()));
    StreamListener listener = new StreamListener();

    ChatResponse streamed = model.chat(request(), listener);
    ChatResponse expected = model.chat(request());

    assertThat(streamed).isEqualTo(expected);
    assertThat(listener.text.toString()).isEqualTo(firstText(cut.answer()));
    assertThat(listener.calls).hasSize(streamed.message().toolCalls().size());
  }

  private static String firstText(JsonNode answer) {
    if (answer.has("choices")) {
      return answer.get("choices").get(0).get("message").path("content").asText("");
    }
    StringBuilder text = new StringBuilder();
    answer.get("output").forEach(item -> item.path("content").forEach(part -> text.append(part.path("text").asText(""))));
    return text.toString();
  }

  private static Arbitrary<String> text() {
    return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.strings().ofMaxLength(40).filter(s -> !s.isEmpty())),
        Tuple.of(3, Arbitraries.of("Grüße 👍🏽 数据 — done.", "€", "naïve café")),
        Tuple.of(1, Arbitraries.of("line\nbreak", "{\"json\": \"in text\"}", "x")));
  }

  private static Arbitrary<Set<Double>> cuts() {
    return Arbitraries.doubles().between(0, 1).set().ofMaxSize(30);
  }

  @Provide
  Arbitrary<Cut> completions() {
    Arbitrary<ObjectNode> call = Combinators.combine(Arbitraries.of(true, false), text(), text())
        .as((custom, name, args) -> {
          ObjectNode c = NODES.objectNode().put("id", "call_" + Math.abs(name.hashCode()));
          if (custom) {
            c.put("type", "custom").putObject("custom").put("name", "run").put("input", args);
          } else {
            c.put("type", "function").putObject("function").put("name", "get_weather").put("arguments", args);
          }
          return c;
        });
    Arbitrary<ObjectNode> message = Arbitraries.oneOf(
        Combinators.combine(text(), Arbitraries.of(true, false)).as((content, reasoning) -> {
          ObjectNode m = NODES.objectNode().put("role", "assistant").put("content", content).putNull("refusal");
          if (reasoning) {
            m.put("reasoning_content", "First, " + content);
          }
          return m;
        }),
        call.list().ofMinSize(1).ofMaxSize(3).uniqueElements(c -> c.get("id").asText()).map(calls -> {
          ObjectNode m = NODES.objectNode().put("role", "assistant").putNull("content");
          ArrayNode array = m.putArray("tool_calls");
          calls.forEach(array::add);
          return m;
        }));
    return Combinators.combine(message, Arbitraries.integers().between(1, 2), Arbitraries.integers().between(0, 5000), cuts())
        .as((m, n, cached, at) -> {
          ObjectNode completion = NODES.objectNode().put("id", "chatcmpl-" + cached).put("object", "chat.completion")
              .put("created", 1741569952).put("model", "gpt-4o-mini").put("system_fingerprint", "fp_" + n);
          ArrayNode choices = completion.putArray("choices");
          for (int i = 0; i < n; i++) {
            ObjectNode choice = choices.addObject().put("index", i);
            choice.set("message", m);
            choice.putNull("logprobs");
            choice.put("finish_reason", m.has("tool_calls") ? "tool_calls" : i == 0 ? "stop" : "length");
          }
          ObjectNode usage = completion.putObject("usage").put("prompt_tokens", cached + 10).put("completion_tokens", 7)
              .put("total_tokens", cached + 17);
          usage.putObject("prompt_tokens_details").put("cached_tokens", cached);
          usage.putObject("completion_tokens_details").put("reasoning_tokens", n);
          return new Cut(completion, at);
        });
  }

  @Provide
  Arbitrary<Cut> responses() {
    Arbitrary<ObjectNode> reasoning = text().map(t -> {
      ObjectNode item = NODES.objectNode().put("id", "rs_" + Math.abs(t.hashCode())).put("type", "reasoning")
          .put("encrypted_content", "gAAAA" + t.length());
      item.putArray("summary").addObject().put("type", "summary_text").put("text", t);
      return item;
    });
    Arbitrary<ObjectNode> message = text().map(t -> {
      ObjectNode item = NODES.objectNode().put("type", "message").put("id", "msg_1").put("status", "completed")
          .put("role", "assistant");
      item.putArray("content").addObject().put("type", "output_text").put("text", t).putArray("annotations");
      return item;
    });
    Arbitrary<ObjectNode> call = Combinators.combine(Arbitraries.of(true, false), text()).as((custom, args) -> {
      ObjectNode item = NODES.objectNode().put("id", (custom ? "ctc_" : "fc_") + args.length()).put("type",
          custom ? "custom_tool_call" : "function_call").put("status", "completed")
          .put("call_id", "call_" + Math.abs(args.hashCode())).put("name", custom ? "run" : "get_weather");
      return item.put(custom ? "input" : "arguments", args);
    });
    return Combinators.combine(reasoning.optional(), message.optional(), call.list().ofMaxSize(2)
            .uniqueElements(c -> c.get("call_id").asText()), cuts())
        .as((r, m, calls, at) -> {
          ObjectNode response = NODES.objectNode().put("id", "resp_1").put("object", "response")
              .put("created_at", 1756315696).put("status", "completed").put("model", "o4-mini");
          ArrayNode output = response.putArray("output");
          r.ifPresent(output::add);
          m.ifPresent(output::add);
          calls.forEach(output::add);
          ObjectNode usage = response.putObject("usage").put("input_tokens", 100).put("output_tokens", 20)
              .put("total_tokens", 120);
          usage.putObject("input_tokens_details").put("cached_tokens", 64);
          usage.putObject("output_tokens_details").put("reasoning_tokens", r.isPresent() ? 12 : 0);
          return new Cut(response, at);
        });
  }
}
