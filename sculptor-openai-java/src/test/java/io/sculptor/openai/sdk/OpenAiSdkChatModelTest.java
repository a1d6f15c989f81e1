package io.sculptor.openai.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.RoleFilter;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ContextLengthExceededException;
import io.sculptor.model.ToolChoice;
import io.sculptor.openai.ChatCompletionsFormat;
import io.sculptor.openai.OpenAiChatModel;
import io.sculptor.tools.SculptorTools;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link OpenAiSdkChatModel} through the real openai-java SDK over HTTP to a local server. */
class OpenAiSdkChatModelTest {
  static final String TOOL_CALL_COMPLETION = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1741569952,"
      + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
      + "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"search_context\","
      + "\"arguments\":\"{\\\"query\\\":\\\"key7\\\"}\"}}],\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],"
      + "\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":12,\"total_tokens\":132}}";

  /** Messages of every shape the wire format keeps: developer role, null content, parts, vendor fields. */
  private static final String HISTORY = "["
      + "{\"role\":\"developer\",\"content\":\"You track key-value updates.\"},"
      + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"BEGIN " + "old update. ".repeat(20) + "END now\"}]},"
      + "{\"role\":\"assistant\",\"content\":null,\"reasoning_content\":\"look it up\",\"tool_calls\":[{\"id\":\"call_0\","
      + "\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":\"{\\\"key\\\":\\\"key7\\\"}\"}}]},"
      + "{\"role\":\"tool\",\"tool_call_id\":\"call_0\",\"content\":\"value7\"},"
      + "{\"role\":\"user\",\"content\":\"And now?\",\"name\":\"ana\"}]";

  private static OpenAIClient sdk(RecordingServer server) {
    return OpenAIOkHttpClient.builder().apiKey("sk-test").baseUrl(server.baseUrl()).maxRetries(0).build();
  }

  private static ChatRequest request() {
    List<Message> messages = ChatCompletionsFormat.toMessages(RecordingServer.STRICT.valueToTree(parse(HISTORY)));
    ContextState state = ContextState.of(Conversation.of(messages));
    var made = state.fragmentBetween("BEGIN", "END", RoleFilter.USER, 1);
    state = made.state().fold(made.value().fragments().get(0).id()).state();
    return ChatRequest.of(state.view().messages(), SculptorTools.specs(), ToolChoice.required());
  }

  private static JsonNode parse(String json) {
    try {
      return RecordingServer.STRICT.readTree(json);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void chat_sendsEachKeyOnce_andTheBodyOpenAiChatModelSends() {
    try (RecordingServer server = RecordingServer.answering(TOOL_CALL_COMPLETION)) {
      OpenAIClient client = sdk(server);
      // snippet:sdk-chat-model
      ChatModel model = OpenAiSdkChatModel.of(client, "gpt-4o-mini");   // over the application's client
      ChatResponse viaSdk = model.chat(request());                      // view + tools, as any ChatModel
      // end-snippet
      ChatResponse viaHttp = OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey("sk-test")
          .model("gpt-4o-mini").build().chat(request());

      List<RecordingServer.Received> received = server.received();
      assertThat(received).extracting(RecordingServer.Received::path)
          .containsExactly("/v1/chat/completions", "/v1/chat/completions");
      // json() parses with STRICT_DUPLICATE_DETECTION: a key sent twice fails right here.
      JsonNode sdkBody = received.get(0).json();
      JsonNode httpBody = received.get(1).json();
      assertThat(sdkBody).isEqualTo(httpBody);
      assertThat(received.get(0).text()).containsOnlyOnce("\"model\"").containsOnlyOnce("\"messages\"");
      assertThat(sdkBody.get("messages").get(1).get("content").get(0).get("text").asText()).startsWith("[fragment ");
      assertThat(sdkBody.get("messages").get(2).get("reasoning_content").asText()).isEqualTo("look it up");
      assertThat(viaSdk).isEqualTo(viaHttp);
      assertThat(viaSdk.message().toolCalls()).singleElement()
          .satisfies(c -> assertThat(c.name()).isEqualTo("search_context"));
      assertThat(viaSdk.usage().promptTokens()).isEqualTo(120);
    }
  }

  @Test
  void strictServer_rejectsTheBodyOfRawFieldsOverATypedBuilder() {
    // The way the example built its params before: the typed builder's model and messages and the
    // same keys again as additional body properties. The strict reading above would have failed.
    try (RecordingServer server = RecordingServer.answering(TOOL_CALL_COMPLETION)) {
      Map<String, JsonValue> fields = new LinkedHashMap<>();
      fields.put("model", JsonValue.from("gpt-4o-mini"));
      fields.put("messages", JsonValue.from(List.of(Map.of("role", "user", "content", "hi"))));
      ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
          .model("gpt-4o-mini").messages(List.of()).additionalBodyProperties(fields).build();
      assertThatThrownBy(() -> sdk(server).chat().completions().create(params)).isInstanceOf(RuntimeException.class);

      assertThat(server.received()).singleElement().satisfies(r -> assertThatThrownBy(r::json)
          .hasCauseInstanceOf(JsonParseException.class).hasMessageContaining("Duplicate field"));
    }
  }

  @Test
  void chat_whenTheProviderSaysTheContextIsTooLong_throwsContextLengthExceeded() {
    try (RecordingServer server = new RecordingServer((path, body) -> {
      throw new RecordingServer.Refusal(400, "context_length_exceeded", "This model's maximum context length is 128000 tokens.");
    })) {
      assertThatThrownBy(() -> OpenAiSdkChatModel.of(sdk(server), "gpt-4o-mini").chat(request()))
          .isInstanceOfSatisfying(ContextLengthExceededException.class, e -> {
            assertThat(e.status()).hasValue(400);
            assertThat(e.errorCode()).hasValue("context_length_exceeded");
          });
    }
  }

  @Test
  void chat_whenTheProviderRefusesTheRequest_throwsBadRequest() {
    try (RecordingServer server = new RecordingServer((path, body) -> {
      throw new RecordingServer.Refusal(400, "invalid_value", "bad");
    })) {
      assertThatThrownBy(() -> OpenAiSdkChatModel.of(sdk(server), "gpt-4o-mini").chat(request()))
          .isInstanceOfSatisfying(ChatModelException.class, e -> {
            assertThat(e.kind()).isEqualTo(ChatModelException.Kind.BAD_REQUEST);
            assertThat(e.errorCode()).hasValue("invalid_value");
          })
          .isNotInstanceOf(ContextLengthExceededException.class);
    }
  }

  @Test
  void of_refusesABlankModel() {
    try (RecordingServer server = RecordingServer.answering(TOOL_CALL_COMPLETION)) {
      assertThatThrownBy(() -> OpenAiSdkChatModel.of(sdk(server), " "))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[ ]");
    }
  }
}
