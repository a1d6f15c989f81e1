package io.sculptor.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sculptor.agent.Trajectory;
import io.sculptor.agent.TrajectoryStep;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.tools.SculptorTools;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FineTuningExportTest {
  @Test
  void toJsonl_trajectoryWithContextChange_givesTwoLinesWithIncrementalWeights() throws Exception {
    Message q = Message.user("Q");
    Message c0 = Message.assistant("", List.of(new ToolCall("call_0", "fold_fragment", "{\"fragment_id\":\"f1a2b3\"}")))
        .withExtensions(Map.of("refusal", JsonNodeFactory.instance.nullNode()));
    Message t0 = Message.tool("call_0", "Folded f1a2b3.");
    Message c1 = Message.assistant("The answer.");
    Trajectory trajectory = new Trajectory(List.of(
        new TrajectoryStep(List.of(q), c0, List.of(t0), true, false),
        new TrajectoryStep(List.of(Message.user("[fragment f1a2b3 folded]"), c0, t0), c1, List.of(), false, false)),
        SculptorTools.specs());

    String jsonl = FineTuningExport.toJsonl(trajectory.trainingSamples());

    String[] lines = jsonl.split("\n");
    assertThat(jsonl).endsWith("\n");
    assertThat(lines).hasSize(2);
    JsonNode first = WireFixtures.JSON.readTree(lines[0]);
    assertThat(first.get("messages").toString()).isEqualTo("[{\"role\":\"user\",\"content\":\"Q\"},"
        + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_0\",\"type\":\"function\",\"function\":"
        + "{\"name\":\"fold_fragment\",\"arguments\":\"{\\\"fragment_id\\\":\\\"f1a2b3\\\"}\"}}],\"weight\":1},"
        + "{\"role\":\"tool\",\"content\":\"Folded f1a2b3.\",\"tool_call_id\":\"call_0\"}]");
    assertThat(first.get("tools")).hasSize(6);
    JsonNode second = WireFixtures.JSON.readTree(lines[1]);
    assertThat(second.get("messages").get(0).get("content").asText()).isEqualTo("[fragment f1a2b3 folded]");
    assertThat(second.get("messages").get(1).get("weight").asInt()).isZero();
    assertThat(second.get("messages").get(3).get("weight").asInt()).isEqualTo(1);
    assertThat(second.get("messages").get(3).get("content").asText()).isEqualTo("The answer.");
  }
}
