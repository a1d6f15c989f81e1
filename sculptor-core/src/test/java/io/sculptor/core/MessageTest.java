package io.sculptor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules of {@link Message}: tool calls only on assistant messages, a tool-call id on every tool
 * message and on no other, content never null, extensions copied in order, and equality by every
 * component. Each factory fixes the role, so the rules are checked on what every factory and every
 * {@code with…} copy produces.
 */
class MessageTest {
  private static final ToolCall CALL = new ToolCall("call_1", "lookup", "{\"key\": \"key7\"}");

  /** One message of every factory, and copies of each made by every {@code with…} method. */
  static Stream<Message> everyKindOfMessage() {
    List<Message> made = List.of(Message.system("rules"), Message.user("question"), Message.assistant("answer"),
        Message.assistant("calling", List.of(CALL)), Message.assistant(null, List.of(CALL)),
        Message.assistant("", List.of()), Message.tool("call_1", "result"));
    return made.stream().flatMap(m -> Stream.of(m, m.withContent("changed"), m.withName("bob"),
        m.withExtensions(Map.of("refusal", "none"))));
  }

  @ParameterizedTest
  @MethodSource("everyKindOfMessage")
  void everyMessage_toolCallsOnlyOnAssistant_callIdOnToolAndOnlyThere(Message message) {
    if (message.role() != Role.ASSISTANT) {
      assertThat(message.toolCalls()).isEmpty();
    }
    assertThat(message.toolCallId().isPresent()).isEqualTo(message.role() == Role.TOOL);
    assertThat(message.content()).isNotNull();
  }

  @Test
  void withMethods_keepRoleCallsAndCallId() {
    Message call = Message.assistant("calling", List.of(CALL)).withContent("x").withName("n").withExtensions(Map.of("k", "v"));
    assertThat(call.role()).isEqualTo(Role.ASSISTANT);
    assertThat(call.toolCalls()).containsExactly(CALL);
    Message result = Message.tool("call_1", "r").withContent("x").withName("n").withExtensions(Map.of("k", "v"));
    assertThat(result.role()).isEqualTo(Role.TOOL);
    assertThat(result.toolCallId()).contains("call_1");
  }

  @Test
  void tool_withoutCallId_isRefusedNamingIt() {
    assertThatThrownBy(() -> Message.tool(null, "result")).isInstanceOf(NullPointerException.class)
        .hasMessage("toolCallId");
  }

  @Test
  void tool_keepsTheIdOfTheCallItAnswers() {
    assertThat(Message.tool("call_1", "result").toolCallId()).contains("call_1");
    assertThat(Message.tool("", "result").toolCallId()).contains("");
  }

  @Test
  void assistant_nullContentWithCalls_hasEmptyContent() {
    Message withNull = Message.assistant(null, List.of(CALL));
    assertThat(withNull.content()).isEmpty();
    assertThat(withNull).isEqualTo(Message.assistant("", List.of(CALL)));
  }

  @Test
  void nullContent_withoutCalls_isRefused() {
    assertThatThrownBy(() -> Message.assistant(null)).isInstanceOf(NullPointerException.class).hasMessage("content");
    assertThatThrownBy(() -> Message.user(null)).isInstanceOf(NullPointerException.class).hasMessage("content");
    assertThatThrownBy(() -> Message.system("a").withContent(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Message.assistant("a", null)).isInstanceOf(NullPointerException.class)
        .hasMessage("toolCalls");
  }

  @Test
  void assistant_copiesTheCallList() {
    List<ToolCall> calls = new ArrayList<>(List.of(CALL));
    Message message = Message.assistant("", calls);
    calls.add(new ToolCall("call_2", "lookup", "{}"));
    assertThat(message.toolCalls()).containsExactly(CALL);
    assertThatThrownBy(() -> message.toolCalls().add(CALL)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void withExtensions_copiesInIterationOrder() {
    Map<String, Object> extensions = new LinkedHashMap<>();
    extensions.put("z_last_alphabetically", 1);
    extensions.put("a_first_alphabetically", 2);
    Message message = Message.user("a").withExtensions(extensions);
    extensions.put("added_later", 3);
    assertThat(message.extensions().keySet()).containsExactly("z_last_alphabetically", "a_first_alphabetically");
    assertThatThrownBy(() -> message.extensions().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThat(Message.user("a").withExtensions(Map.of()).extensions()).isEmpty();
  }

  @Test
  void withExtensions_nullKeyOrValue_isRefusedNamingIt() {
    Map<String, Object> nullValue = new LinkedHashMap<>();
    nullValue.put("refusal", null);
    assertThatThrownBy(() -> Message.user("a").withExtensions(nullValue)).isInstanceOf(NullPointerException.class)
        .hasMessage("extension value of [refusal]");
    Map<String, Object> nullKey = new LinkedHashMap<>();
    nullKey.put(null, "x");
    assertThatThrownBy(() -> Message.user("a").withExtensions(nullKey)).isInstanceOf(NullPointerException.class)
        .hasMessage("extension key");
  }

  @Test
  void withContentAndWithName_unchanged_returnThisMessage() {
    Message message = Message.user("a").withName("bob");
    assertThat(message.withContent("a")).isSameAs(message);
    assertThat(message.withName("bob")).isSameAs(message);
    assertThat(message.withName(null).name()).isEmpty();
  }

  @Test
  void equalsAndHashCode_dependOnEveryComponent() {
    Message base = Message.assistant("text", List.of(CALL)).withName("bob").withExtensions(Map.of("k", "v"));
    Message same = Message.assistant("text", List.of(new ToolCall("call_1", "lookup", "{\"key\": \"key7\"}")))
        .withName("bob").withExtensions(new LinkedHashMap<>(Map.of("k", "v")));
    assertThat(base).isEqualTo(base).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(null).isNotEqualTo("text");
    assertThat(same).isEqualTo(base);
    assertThat(List.of(
        Message.user("text").withName("bob").withExtensions(Map.of("k", "v")),
        base.withContent("other"),
        Message.assistant("text", List.of(new ToolCall("call_2", "lookup", "{}"))).withName("bob")
            .withExtensions(Map.of("k", "v")),
        base.withName("alice"),
        base.withName(null),
        base.withExtensions(Map.of("k", "w")),
        base.withExtensions(Map.of())))
        .allSatisfy(different -> assertThat(different).isNotEqualTo(base));
    assertThat(Message.tool("a", "r")).isNotEqualTo(Message.tool("b", "r"));
  }

  @Test
  void toString_namesRoleAndShortensLongContent() {
    assertThat(Message.tool("call_1", "x".repeat(100)).toString())
        .startsWith("Message[tool, 100 chars: \"" + "x".repeat(57) + "...\"").endsWith("toolCallId=call_1]");
  }
}
