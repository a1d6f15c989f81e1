package io.sculptor.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatResponse;
import io.sculptor.openai.OpenAiChatModel;
import io.sculptor.openai.OpenAiResponsesModel;
import io.sculptor.testing.LocalOpenAiServer;
import io.sculptor.testing.LocalOpenAiServer.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** The Responses, streaming and own-HttpClient snippets of docs/openai.md, run against a local server. */
class OpenAiApisTest {
  private static final ContextState STATE = ContextState.of(Conversation.of(Message.user("Weather in Paris?")));

  @Test
  void stream_printsTheTextAsItArrives_andReturnsTheWholeAnswer() {
    AtomicInteger calls = new AtomicInteger();
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> calls.getAndIncrement() == 0
        ? Reply.toolCalls(new ToolCall("call_1", "get_weather", "{\"city\": \"Paris\"}"))
        : Reply.answer("Sunny, 21 °C."))) {
      OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(server.baseUrl()).noApiKey().model("m").build();
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

      ChatResponse call = OpenAiApis.stream(model, STATE, out);
      ChatResponse answer = OpenAiApis.stream(model, STATE, out);

      assertThat(call.message().toolCalls()).extracting(ToolCall::name).containsExactly("get_weather");
      assertThat(answer.message().content()).isEqualTo("Sunny, 21 °C.");
      assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("\n[calling get_weather]\nSunny, 21 °C.");
      assertThat(server.requests()).allSatisfy(r -> assertThat(r.get("stream").asBoolean()).isTrue());
    }
  }

  @Test
  void responses_postsToTheResponsesEndpoint() {
    if (System.getenv("OPENAI_API_KEY") == null) {
      assertThatThrownBy(OpenAiApis::responses).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("[OPENAI_API_KEY]");
    } else {
      OpenAiResponsesModel model = OpenAiApis.responses();
      assertThat(model.endpoint().toString()).isEqualTo("https://api.openai.com/v1/responses");
      assertThat(model.store()).isFalse();
    }
  }

  @Test
  void ownHttpClient_buildsAModelOnIt() throws Exception {
    OpenAiChatModel model = OpenAiApis.ownHttpClient("sk-example-0123456789", SSLContext.getDefault(),
        new InetSocketAddress("proxy.example.internal", 3128));

    assertThat(model.endpoint().toString()).isEqualTo("https://api.openai.com/v1/chat/completions");
    assertThat(model.toString()).contains("apiKey=(set)").doesNotContain("sk-example");
  }
}
