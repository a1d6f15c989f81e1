package io.sculptor.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ToolChoice;
import io.sculptor.model.ToolSpec;
import io.sculptor.testing.LocalOpenAiServer;
import io.sculptor.testing.LocalOpenAiServer.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The adapter's HTTP model reads every reply the test server's factories make, as a client of a real endpoint. */
class LocalOpenAiServerClientTest {
  private static OpenAiChatModel model(LocalOpenAiServer server) {
    return OpenAiChatModel.builder().baseUrl(server.baseUrl()).noApiKey().model("local").maxAttempts(2)
        .initialBackoff(Duration.ofMillis(5)).requestTimeout(Duration.ofSeconds(5)).build();
  }

  private static ChatRequest request() {
    return ChatRequest.of(List.of(Message.user("What is the weather in Paris?")),
        List.of(ToolSpec.of("get_weather", "Current weather in a city.", "{\"type\": \"object\"}")), ToolChoice.auto());
  }

  @Test
  void answer_isReadAsTheAssistantsText() {
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> Reply.answer("14 °C and cloudy"))) {
      ChatResponse response = model(server).chat(request());

      assertThat(response.message()).isEqualTo(Message.assistant("14 °C and cloudy"));
      assertThat(response.finishReason()).contains("stop");
      JsonNode sent = server.requests().get(0);
      assertThat(sent.get("model").asText()).isEqualTo("local");
      assertThat(sent.get("tools").get(0).get("function").get("name").asText()).isEqualTo("get_weather");
    }
  }

  @Test
  void toolCalls_areReadWithTheirIdsAndRawArguments() {
    ToolCall call = new ToolCall("call_1", "get_weather", "{\"city\": \"Paris\"}");
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request -> Reply.toolCalls(call))) {
      ChatResponse response = model(server).chat(request());

      assertThat(response.message().toolCalls()).containsExactly(call);
      assertThat(response.message().content()).isEmpty();
      assertThat(response.finishReason()).contains("tool_calls");
    }
  }

  @Test
  void error_isClassifiedByStatus_andRetriedWhenTheStatusSaysSo() {
    try (LocalOpenAiServer server = LocalOpenAiServer.start(request ->
        Reply.error(503, "server_error", "overloaded"))) {
      ChatModelException failure = catchThrowableOfType(ChatModelException.class, () -> model(server).chat(request()));

      assertThat(failure.kind()).isEqualTo(ChatModelException.Kind.SERVER_ERROR);
      assertThat(failure.getMessage()).contains("overloaded");
      assertThat(server.requests()).hasSize(2);
    }
  }
}
