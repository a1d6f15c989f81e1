package io.sculptor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.RoleFilter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestConversationsTest {
  @Test
  void keyValueStream_sameSeed_sameTextOnEveryJvm() {
    // java.util.Random's sequence is specified, so these bytes are a contract: tests may assert them.
    assertThat(TestConversations.keyValueStream(60, 3)).isEqualTo(TestConversations.keyValueStream(60, 3))
        .startsWith("key").endsWith("\n");
    assertThat(TestConversations.keyValueStream(60, 3)).isNotEqualTo(TestConversations.keyValueStream(60, 4));
    assertThat(TestConversations.keyValueStream(1, 7)).isEqualTo(TestConversations.keyValueStream(1, 7));
    assertThat(TestConversations.keyValueStream(0, 7)).isEmpty();
  }

  @Test
  void keyValueStream_knownSeed_givesTheSameLinesAsItAlwaysHas() {
    // Pins the generator: a change here changes the text of every test written against it.
    assertThat(TestConversations.keyValueStream(60, 3))
        .isEqualTo("key10: value763660\nkey44: value262581\nkey14: value547202\nkey21: value116564\n");
  }

  @Test
  void keyValueStream_neverRepeatsAKeyOnTheNextLine_andUsesTheDocumentedKeys() {
    List<String> lines = TestConversations.keyValueStream(20_000, 5).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      assertThat(lines.get(i)).matches("key([0-9]|[1-3][0-9]|4[0-5]): value[0-9]{1,6}");
      if (i > 0) {
        assertThat(key(lines.get(i))).isNotEqualTo(key(lines.get(i - 1)));
      }
    }
    assertThat(lines.stream().map(TestConversationsTest::key).distinct()).hasSize(TestConversations.KEYS);
  }

  private static String key(String line) {
    return line.substring(0, line.indexOf(':'));
  }

  @Test
  void keyValueTask_holdsTheStreamBetweenTheMarkers_andAsksForKey7() {
    Conversation task = TestConversations.keyValueTask(2_000, 11);
    assertThat(task.messages()).extracting(Message::role).containsExactly(Role.SYSTEM, Role.USER);
    String question = task.get(1).content();
    assertThat(question).startsWith(TestConversations.UPDATES_BEGIN + "\n"
        + TestConversations.keyValueStream(2_000, 11) + TestConversations.UPDATES_END + "\n")
        .endsWith("What is the current value of key7?");
    ContextState state = ContextState.of(task).fragmentBetween(TestConversations.UPDATES_BEGIN,
        TestConversations.UPDATES_END, RoleFilter.USER, 4).state();
    assertThat(state.fragments()).hasSize(4);
  }

  @Test
  void latestValue_isTheValueOfTheLastUpdate() {
    String stream = "key7: value1\nkey4: value2\nkey7: value3\nkey45: value4\n";
    assertThat(TestConversations.latestValue(stream, "key7")).isEqualTo("value3");
    assertThat(TestConversations.latestValue(stream, "key4")).isEqualTo("value2");
    assertThat(TestConversations.latestValue(stream, "key45")).isEqualTo("value4");
    assertThat(TestConversations.latestValue(stream, "key9")).isEmpty();
    assertThat(TestConversations.latestValue("key1: value9", "key1")).isEqualTo("value9");
  }

  @Test
  void agentTranscript_hasRoundsOfRequestCallResultAndReply() {
    Conversation transcript = TestConversations.agentTranscript(3, 500, 8);

    assertThat(transcript.size()).isEqualTo(13);
    assertThat(transcript.messages()).extracting(Message::role).containsExactly(Role.SYSTEM,
        Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT,
        Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT,
        Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
    for (int round = 0; round < 3; round++) {
      String callId = "call_" + round;
      Message call = transcript.get(2 + 4 * round);
      Message result = transcript.get(3 + 4 * round);
      assertThat(call.toolCalls()).singleElement().satisfies(c -> {
        assertThat(c.id()).isEqualTo(callId);
        assertThat(c.name()).isEqualTo("read_file");
      });
      assertThat(result.toolCallId()).contains(callId);
      assertThat(result.content().length()).isGreaterThanOrEqualTo(500);
      assertThat(result.content()).doesNotContain("\r");
    }
    assertThat(TestConversations.agentTranscript(3, 500, 8)).isEqualTo(transcript);
    assertThat(TestConversations.agentTranscript(3, 500, 9)).isNotEqualTo(transcript);
    assertThat(TestConversations.agentTranscript(0, 500, 8).size()).isEqualTo(1);
    assertThat(TestConversations.agentTranscript(1, 100, 1).get(3).content()).startsWith(
        "00001 DEBUG compiler: key35 finished\n00002 WARN  tests: key12 wrote a checkpoint\n");
  }

  @Test
  void negativeSizes_areRefusedNamingThem() {
    assertThatThrownBy(() -> TestConversations.keyValueStream(-1, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("characters must be >= 0, got [-1]");
    assertThatThrownBy(() -> TestConversations.agentTranscript(-1, 10, 1)).hasMessage("rounds must be >= 0, got [-1]");
    assertThatThrownBy(() -> TestConversations.agentTranscript(1, -5, 1))
        .hasMessage("toolResultCharacters must be >= 0, got [-5]");
  }
}
