package io.sculptor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.sun.net.httpserver.HttpServer;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.RoleFilter;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ToolChoice;
import io.sculptor.tools.SculptorTools;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The SDK example against a real local HTTP server. */
class OpenAiSdkChatModelTest {
  private static final String COMPLETION = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1741569952,"
      + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
      + "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"search_context\","
      + "\"arguments\":\"{\\\"query\\\":\\\"key7\\\"}\"}}],\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],"
      + "\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":12,\"total_tokens\":132}}";

  @Test
  void chat_throughTheSdk_sendsViewAndToolsAndReadsToolCalls() throws Exception {
    AtomicReference<String> body = new AtomicReference<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] bytes = COMPLETION.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    try {
      OpenAIClient client = OpenAIOkHttpClient.builder().apiKey("sk-test")
          .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1").build();
      ContextState state = ContextState.of(Conversation.of(Message.user("BEGIN " + "old update. ".repeat(20) + "END now")));
      var made = state.fragmentBetween("BEGIN", "END", RoleFilter.USER, 1);
      state = made.state().fold(made.value().fragments().get(0).id()).state();

      ChatResponse response = new OpenAiSdkChatModel(client, "gpt-4o-mini").chat(
          ChatRequest.of(state.view().messages(), SculptorTools.specs(), ToolChoice.required()));

      assertThat(response.message().toolCalls()).singleElement()
          .satisfies(c -> assertThat(c.name()).isEqualTo("search_context"));
      assertThat(response.usage().promptTokens()).isEqualTo(120);
      JsonNode sent = new ObjectMapper().readTree(body.get());
      assertThat(sent.get("messages").get(0).get("content").asText()).startsWith("[fragment ");
      assertThat(sent.get("tools")).hasSize(6);
      assertThat(sent.get("tool_choice").asText()).isEqualTo("required");
      assertThat(sent.get("model").asText()).isEqualTo("gpt-4o-mini");
    } finally {
      server.stop(0);
    }
  }
}
