package io.sculptor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TestScriptsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode request(String messages) throws Exception {
    return JSON.readTree("{\"model\": \"m\", \"messages\": " + messages + "}");
  }

  @Test
  void foldSearchRestore_firstTurn_fragmentsTheUpdates() throws Exception {
    String question = JSON.writeValueAsString(TestScripts.keyUpdateQuestion());

    LocalOpenAiServer.Reply reply = TestScripts.foldSearchRestore(
        request("[{\"role\": \"user\", \"content\": " + question + "}]"));

    JsonNode call = JSON.readTree(reply.body()).at("/choices/0/message/tool_calls/0/function");
    assertThat(call.path("name").asText()).isEqualTo("fragment_context");
    assertThat(TestScripts.keyUpdateQuestion()).startsWith("UPDATES\n").endsWith("What is the current value of key7?")
        .contains("key7: value387\n").doesNotContain("value400");
  }

  @Test
  void foldSearchRestore_hi_answersWithoutTools() throws Exception {
    LocalOpenAiServer.Reply reply = TestScripts.foldSearchRestore(request("[{\"role\": \"user\", \"content\": \"Hi\"}]"));

    assertThat(JSON.readTree(reply.body()).at("/choices/0/message/content").asText()).isEqualTo("Hello, Bob.");
  }

  @Test
  void toolPairProblems_namesOrphanResultsAndUnansweredCalls() throws Exception {
    JsonNode valid = JSON.readTree("[{\"role\": \"assistant\", \"tool_calls\": [{\"id\": \"a\"}]},"
        + " {\"role\": \"tool\", \"tool_call_id\": \"a\"}]");
    JsonNode broken = JSON.readTree("[{\"role\": \"tool\", \"tool_call_id\": \"x\"},"
        + " {\"role\": \"assistant\", \"tool_calls\": [{\"id\": \"b\"}]}]");

    assertThat(TestScripts.toolPairProblems(valid)).isEmpty();
    assertThat(TestScripts.toolPairProblems(broken))
        .containsExactly("tool result [x] answers no open call", "call [b] is not answered");
  }
}
