package io.sculptor.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.RoleFilter;
import io.sculptor.tools.SculptorToolkit;
import org.junit.jupiter.api.Test;

class ChatCompletionsBridgeTest {
  private static final ChatCompletionsBridge BRIDGE = ChatCompletionsBridge.of(SculptorToolkit.create());

  private static ContextState state() {
    ContextState state = ContextState.of(Conversation.of(Message.system("S"),
        Message.user("DATA " + "alpha beta gamma delta. ".repeat(50) + "END")));
    return state.fragmentBetween("DATA", "END", RoleFilter.USER, 2).state();
  }

  @Test
  void prepareRequest_replacesMessagesWithViewAndAddsSculptorTools() throws Exception {
    ContextState state = state();
    state = state.fold(state.fragments().get(0).id()).state();
    JsonNode original = WireFixtures.JSON.readTree("{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": \"old\"}],"
        + " \"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"parameters\": {\"type\": \"object\"}}}],"
        + " \"temperature\": 0.2, \"stream\": false}");
    ObjectNode prepared = BRIDGE.prepareRequest(original, state);

    assertThat(prepared.get("messages")).isEqualTo(ChatCompletionsFormat.toJson(state.view().messages()));
    assertThat(prepared.get("messages").get(1).get("content").asText()).startsWith("[fragment ");
    assertThat(prepared.get("tools")).hasSize(7);
    assertThat(prepared.get("tools").get(0).get("function").get("name").asText()).isEqualTo("get_weather");
    assertThat(prepared.get("temperature").asDouble()).isEqualTo(0.2);
    assertThat(prepared.get("stream").asBoolean()).isFalse();
    assertThat(original.get("messages").get(0).get("content").asText()).as("input untouched").isEqualTo("old");
  }

  @Test
  void prepareRequest_toolNamedLikeASculptorTool_isRefused() throws Exception {
    JsonNode body = WireFixtures.JSON.readTree("{\"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"fold_fragment\"}}]}");
    assertThatThrownBy(() -> BRIDGE.prepareRequest(body, state())).isInstanceOf(WireFormatException.class)
        .hasMessageContaining("[fold_fragment]");
  }

  @Test
  void handleResponse_executesSculptorCallsAndLeavesTheOthers() throws Exception {
    ContextState state = state();
    String id = state.fragments().get(0).id().value();
    JsonNode response = WireFixtures.JSON.readTree(WireFixtures.text("chat-completion-tool-calls.json").replace("FRAGMENT", id));

    ChatCompletionsBridge.Turn turn = BRIDGE.handleResponse(response, state);

    assertThat(turn.toolMessages()).hasSize(1);
    assertThat(turn.toolMessages().get(0).get("tool_call_id").asText()).isEqualTo("call_abc123");
    assertThat(turn.toolMessages().get(0).get("content").asText()).startsWith("Folded " + id);
    assertThat(turn.applicationCalls()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("get_current_weather"));
    assertThat(turn.needsApplication()).isTrue();
    assertThat(turn.state().original().size()).isEqualTo(state.original().size() + 2);
    assertThat(turn.state().fragment(state.fragments().get(0).id()).orElseThrow().status().hidesOriginal()).isTrue();
  }

  @Test
  void handleResponse_customCalls_areTheApplicationsWhateverTheirName() throws Exception {
    ContextState state = state();
    String id = state.fragments().get(0).id().value();
    JsonNode response = WireFixtures.JSON.readTree("{\"choices\": [{\"index\": 0, \"finish_reason\": \"tool_calls\","
        + " \"message\": {\"role\": \"assistant\", \"content\": null, \"tool_calls\": ["
        + "{\"id\": \"call_c1\", \"type\": \"custom\", \"custom\": {\"name\": \"fold_fragment\", \"input\": \"" + id + "\"}},"
        + "{\"id\": \"call_f1\", \"type\": \"function\", \"function\": {\"name\": \"fold_fragment\","
        + " \"arguments\": \"{\\\"fragment_id\\\": \\\"" + id + "\\\"}\"}}]}}]}");

    ChatCompletionsBridge.Turn turn = BRIDGE.handleResponse(response, state);

    assertThat(turn.applicationCalls()).singleElement().satisfies(c -> assertThat(c.id()).isEqualTo("call_c1"));
    assertThat(turn.results()).hasSize(1);
    assertThat(turn.toolMessages()).singleElement()
        .satisfies(m -> assertThat(m.get("tool_call_id").asText()).isEqualTo("call_f1"));
    ObjectNode next = BRIDGE.prepareRequest(WireFixtures.JSON.readTree("{\"model\": \"gpt-4o\"}"),
        turn.state().append(Message.tool("call_c1", "done")));
    assertThat(next.get("messages").get(2).get("tool_calls").get(0)).as("written back untouched")
        .isEqualTo(response.get("choices").get(0).get("message").get("tool_calls").get(0));
  }

  @Test
  void prepareRequest_customToolNamedLikeASculptorTool_isRefused() throws Exception {
    JsonNode body = WireFixtures.JSON.readTree("{\"tools\": [{\"type\": \"custom\", \"custom\": {\"name\": \"restore_fragment\"}}]}");
    assertThatThrownBy(() -> BRIDGE.prepareRequest(body, state())).isInstanceOf(WireFormatException.class)
        .hasMessageContaining("[restore_fragment]");
  }
}
