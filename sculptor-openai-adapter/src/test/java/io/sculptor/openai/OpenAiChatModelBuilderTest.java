package io.sculptor.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.sculptor.core.Message;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ToolChoice;
import io.sculptor.openai.OpenAiChatModel.Builder;
import io.sculptor.openai.ScriptedServer.Reply;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The builder's checks: each setter's argument when it is called, and settings that contradict each other. */
class OpenAiChatModelBuilderTest {
  private static final String KEY = "sk-test-secret-0123456789";

  static Stream<Arguments> conflictingCredentials() {
    return Stream.of(
        arguments("apiKey, noApiKey", (UnaryOperator<Builder>) b -> b.apiKey(KEY).noApiKey(), "apiKey(", "noApiKey()"),
        arguments("noApiKey, apiKey", (UnaryOperator<Builder>) b -> b.noApiKey().apiKey(KEY), "noApiKey()", "apiKey("),
        arguments("apiKey, apiKeyFromEnvironment", (UnaryOperator<Builder>) b -> b.apiKey(KEY).apiKeyFromEnvironment("MY_KEY"),
            "apiKey(", "apiKeyFromEnvironment(\"MY_KEY\")"),
        arguments("apiKeyFromEnvironment, apiKey", (UnaryOperator<Builder>) b -> b.apiKeyFromEnvironment("MY_KEY").apiKey(KEY),
            "apiKeyFromEnvironment(\"MY_KEY\")", "apiKey("),
        arguments("noApiKey, apiKeyFromEnvironment", (UnaryOperator<Builder>) b -> b.noApiKey().apiKeyFromEnvironment("MY_KEY"),
            "noApiKey()", "apiKeyFromEnvironment(\"MY_KEY\")"),
        arguments("apiKeyFromEnvironment, noApiKey", (UnaryOperator<Builder>) b -> b.apiKeyFromEnvironment("MY_KEY").noApiKey(),
            "apiKeyFromEnvironment(\"MY_KEY\")", "noApiKey()"),
        arguments("two variables", (UnaryOperator<Builder>) b -> b.apiKeyFromEnvironment("A_KEY").apiKeyFromEnvironment("B_KEY"),
            "apiKeyFromEnvironment(\"A_KEY\")", "apiKeyFromEnvironment(\"B_KEY\")"),
        arguments("two keys", (UnaryOperator<Builder>) b -> b.apiKey(KEY).apiKey("sk-other-key-9876543210"),
            "apiKey(", "a different key"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conflictingCredentials")
  void credentials_secondDifferentSetting_throwsNamingBoth(String name, UnaryOperator<Builder> calls, String first,
      String second) {
    assertThatThrownBy(() -> calls.apply(OpenAiChatModel.builder()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(first).hasMessageContaining(second)
        .message().doesNotContain(KEY).doesNotContain("sk-other-key-9876543210");
  }

  @Test
  void credentials_sameSettingAgain_isAccepted() {
    assertThatCode(() -> OpenAiChatModel.builder().apiKey(KEY).apiKey(KEY).model("m").build()).doesNotThrowAnyException();
    assertThatCode(() -> OpenAiChatModel.builder().noApiKey().noApiKey().model("m").build()).doesNotThrowAnyException();
    assertThatCode(() -> OpenAiChatModel.builder().apiKeyFromEnvironment("MY_KEY").apiKeyFromEnvironment("MY_KEY"))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {" sk-test-secret-0123456789", "sk-test-secret-0123456789\n", "sk-test secret-0123456789",
      "sk-test-secret-0123456789\u00e9"})
  void apiKey_notSendableInAHeader_throwsWithoutShowingTheKey(String key) {
    assertThatThrownBy(() -> OpenAiChatModel.builder().apiKey(key))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("API key")
        .message().doesNotContain("secret");
  }

  @Test
  void header_sameNameInAnyCaseWithAnotherValue_throwsNamingBoth() {
    assertThatThrownBy(() -> OpenAiChatModel.builder().header("X-Title", "My agent").header("x-title", "Other"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("header(\"X-Title\", ...)").hasMessageContaining("header(\"x-title\", ...)");
  }

  @Test
  void header_sameValueAgain_isSentOnce() throws Exception {
    try (ScriptedServer server = new ScriptedServer(Reply.json(200, WireFixtures.text("chat-completion-text.json")))) {
      OpenAiChatModel.builder().baseUrl(server.baseUrl()).noApiKey().model("m")
          .header("X-Title", "My agent").header("X-Title", "My agent").build()
          .chat(ChatRequest.of(List.of(Message.user("hi")), List.of(), ToolChoice.auto()));

      assertThat(server.received().get(0).headers().get("X-title")).containsExactly("My agent");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Authorization", "authorization", "Content-Type", "accept", "Host", "Content-Length", "bad name", ""})
  void header_nameTheModelSetsOrHttpForbids_throwsNamingIt(String name) {
    assertThatThrownBy(() -> OpenAiChatModel.builder().header(name, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[" + name + "]");
  }

  @Test
  void header_valueWithALineBreak_throwsNamingTheHeaderButNotTheValue() {
    assertThatThrownBy(() -> OpenAiChatModel.builder().header("api-key", "secret-value\r\nX-Evil: 1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[api-key]")
        .message().doesNotContain("secret-value");
  }

  @Test
  void parameter_sameNameWithAnotherValue_throwsNamingBoth() {
    assertThatThrownBy(() -> OpenAiChatModel.builder().parameter("temperature", 0).parameter("temperature", 0.7))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("[temperature]").hasMessageContaining("[0]").hasMessageContaining("[0.7]");
  }

  @Test
  void parameter_sameValueAgain_isAccepted() {
    assertThatCode(() -> OpenAiChatModel.builder().parameter("temperature", 0).parameter("temperature", 0))
        .doesNotThrowAnyException();
  }

  @Test
  void parameter_valueJacksonCannotWrite_throwsNamingTheParameter() {
    assertThatThrownBy(() -> OpenAiChatModel.builder().parameter("metadata", new Object()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[metadata]");
  }

  static Stream<Arguments> badArguments() {
    return Stream.of(
        arguments((UnaryOperator<Builder>) b -> b.baseUrl("ftp://x"), "[ftp://x]"),
        arguments((UnaryOperator<Builder>) b -> b.baseUrl("not a url"), "[not a url]"),
        arguments((UnaryOperator<Builder>) b -> b.baseUrl("http:///v1"), "[http:///v1]"),
        arguments((UnaryOperator<Builder>) b -> b.baseUrl("https://api.example.com/v1?key=1"), "[https://api.example.com/v1?key=1]"),
        arguments((UnaryOperator<Builder>) b -> b.model(" "), "[ ]"),
        arguments((UnaryOperator<Builder>) b -> b.apiKeyFromEnvironment(" "), "[ ]"),
        arguments((UnaryOperator<Builder>) b -> b.parameter(" ", 1), "[ ]"),
        arguments((UnaryOperator<Builder>) b -> b.parameter("stream", true), "[stream]"),
        arguments((UnaryOperator<Builder>) b -> b.parameter("messages", 1), "[messages]"),
        arguments((UnaryOperator<Builder>) b -> b.maxAttempts(0), "[0]"),
        arguments((UnaryOperator<Builder>) b -> b.maxResponseBytes(0), "[0]"),
        arguments((UnaryOperator<Builder>) b -> b.maxResponseBytes(-1), "[-1]"),
        arguments((UnaryOperator<Builder>) b -> b.requestTimeout(Duration.ZERO), "[PT0S]"),
        arguments((UnaryOperator<Builder>) b -> b.connectTimeout(Duration.ofSeconds(-1)), "[PT-1S]"),
        arguments((UnaryOperator<Builder>) b -> b.initialBackoff(Duration.ofMillis(-5)), "[PT-0.005S]"),
        arguments((UnaryOperator<Builder>) b -> b.maxBackoff(Duration.ZERO), "[PT0S]"));
  }

  @ParameterizedTest
  @MethodSource("badArguments")
  void setter_badArgument_throwsNamingTheValue(UnaryOperator<Builder> call, String shown) {
    assertThatThrownBy(() -> call.apply(OpenAiChatModel.builder()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(shown);
  }

  @Test
  void build_initialBackoffAboveMaxBackoff_throwsNamingBoth() {
    assertThatThrownBy(() -> OpenAiChatModel.builder().noApiKey().model("m")
        .initialBackoff(Duration.ofSeconds(5)).maxBackoff(Duration.ofSeconds(1)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("[PT5S]").hasMessageContaining("[PT1S]");
  }

  @Test
  void parameter_stream_pointsToStreaming() {
    assertThatThrownBy(() -> OpenAiChatModel.builder().parameter("stream", true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[stream]")
        .hasMessageContaining("chat(request, listener)");
    assertThatThrownBy(() -> OpenAiResponsesModel.builder().parameter("stream_options", Map.of()))
        .hasMessageContaining("chat(request, listener)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"previous_response_id", "conversation", "store", "input", "tools", "model"})
  void responsesParameter_fieldTheModelWritesOrNeverUses_isRefusedSayingWhy(String name) {
    assertThatThrownBy(() -> OpenAiResponsesModel.builder().parameter(name, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[" + name + "] is not a parameter: ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"OpenAI-Organization", "openai-project"})
  void header_organizationOrProject_pointsToItsSetting(String name) {
    assertThatThrownBy(() -> OpenAiChatModel.builder().header(name, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[" + name + "]")
        .hasMessageContaining(name.toLowerCase(java.util.Locale.ROOT).contains("org") ? "organization(" : "project(");
  }

  @Test
  void organizationAndProject_badOrContradictory_areRefusedNamingTheValues() {
    assertThatThrownBy(() -> OpenAiChatModel.builder().organization("org 1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[org 1]");
    assertThatThrownBy(() -> OpenAiChatModel.builder().project("proj_1").project("proj_2"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("[proj_1]").hasMessageContaining("proj_2");
    assertThatCode(() -> OpenAiChatModel.builder().organization("org-1").organization("org-1")).doesNotThrowAnyException();
  }

  @Test
  void organizationAndProject_areSent_fromTheEnvironmentOnlyWithTheDefaultCredentials() throws Exception {
    try (ScriptedServer server = new ScriptedServer(Reply.json(200, WireFixtures.text("chat-completion-text.json")),
        Reply.json(200, WireFixtures.text("chat-completion-text.json")),
        Reply.json(200, WireFixtures.text("chat-completion-text.json")))) {
      OpenAiChatModel.builder().baseUrl(server.baseUrl()).model("m").build().chat(request());
      OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey(KEY).model("m").build().chat(request());
      OpenAiChatModel.builder().baseUrl(server.baseUrl()).noApiKey().organization("org-mine").project("proj_mine")
          .model("m").build().chat(request());

      List<ScriptedServer.Received> received = server.received();
      assertThat(received.get(0).header("Authorization")).isEqualTo("Bearer sk-from-the-environment-0123456789");
      assertThat(received.get(0).header("OpenAI-Organization")).isEqualTo("org-from-the-environment");
      assertThat(received.get(0).header("OpenAI-Project")).isEqualTo("proj_from_the_environment");
      assertThat(received.get(1).header("OpenAI-Organization")).as("another key: not OpenAI's organization").isNull();
      assertThat(received.get(1).header("OpenAI-Project")).isNull();
      assertThat(received.get(2).header("OpenAI-Organization")).isEqualTo("org-mine");
      assertThat(received.get(2).header("OpenAI-Project")).isEqualTo("proj_mine");
    }
  }

  @Test
  void httpClient_ownClientWithAProxy_carriesEveryRequest() throws Exception {
    try (ScriptedServer proxy = new ScriptedServer(Reply.json(200, WireFixtures.text("chat-completion-text.json")))) {
      URI proxyAddress = URI.create(proxy.baseUrl());
      HttpClient client = HttpClient.newBuilder()
          .proxy(ProxySelector.of(new InetSocketAddress(proxyAddress.getHost(), proxyAddress.getPort())))
          .build();

      OpenAiChatModel.builder().baseUrl("http://api.example.invalid/v1").noApiKey().model("m").httpClient(client)
          .build().chat(request());

      assertThat(proxy.received()).singleElement()
          .satisfies(r -> assertThat(r.path()).isEqualTo("/v1/chat/completions"))
          .satisfies(r -> assertThat(r.header("Host")).isEqualTo("api.example.invalid"));
    }
  }

  @Test
  void httpClient_withConnectTimeout_contradictsInEitherOrder() {
    HttpClient client = HttpClient.newHttpClient();
    assertThatThrownBy(() -> OpenAiChatModel.builder().httpClient(client).connectTimeout(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("httpClient(").hasMessageContaining("PT1S");
    assertThatThrownBy(() -> OpenAiResponsesModel.builder().connectTimeout(Duration.ofSeconds(1)).httpClient(client))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("connectTimeout(PT1S)")
        .hasMessageContaining("httpClient(");
  }

  private static ChatRequest request() {
    return ChatRequest.of(List.of(Message.user("hi")), List.of(), ToolChoice.auto());
  }
}
