package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.agent.TrainingSample;
import io.sculptor.agent.Trajectory;
import io.sculptor.agent.TrajectoryStep;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/** Algorithm 1: conditional trajectory collection with incremental loss assignment. */
class TrajectoryTest {
  private static Message completion(int i, String tool) {
    return tool == null ? Message.assistant("C" + i)
        : Message.assistant("C" + i, List.of(new ToolCall("call_" + i, tool, "{}")));
  }

  private static Message result(int i) {
    return Message.tool("call_" + i, "T" + i);
  }

  /** Figure 2: Q, C0 T0, C1 T1, C2 (context-modifying) T2, C3 T3, C4 (final). */
  @Test
  void trainingSamples_figure2_twoSamplesWithIncrementalLoss() {
    Message q = Message.user("Q");
    Message qFolded = Message.user("Q'");
    List<Message> request0 = List.of(q);
    List<Message> request1 = List.of(q, completion(0, "search_context"), result(0));
    List<Message> request2 = List.of(q, completion(0, "search_context"), result(0), completion(1, "search_context"), result(1));
    List<Message> request3 = List.of(qFolded, completion(0, "search_context"), result(0), completion(1, "search_context"),
        result(1), completion(2, "fold_fragment"), result(2));
    List<Message> request4 = new ArrayList<>(request3);
    request4.add(completion(3, "search_context"));
    request4.add(result(3));
    Trajectory trajectory = new Trajectory(List.of(
        new TrajectoryStep(request0, completion(0, "search_context"), List.of(result(0)), false, false),
        new TrajectoryStep(request1, completion(1, "search_context"), List.of(result(1)), false, false),
        new TrajectoryStep(request2, completion(2, "fold_fragment"), List.of(result(2)), true, false),
        new TrajectoryStep(request3, completion(3, "search_context"), List.of(result(3)), false, false),
        new TrajectoryStep(request4, completion(4, null), List.of(), false, false)), SculptorTools.specs());

    List<TrainingSample> samples = trajectory.trainingSamples();

    assertThat(samples).hasSize(2);
    assertThat(samples.get(0).messages()).extracting(Message::content)
        .containsExactly("Q", "C0", "T0", "C1", "T1", "C2", "T2");
    assertThat(samples.get(0).trained()).containsExactly(false, true, false, true, false, true, false);
    assertThat(samples.get(1).messages()).extracting(Message::content)
        .containsExactly("Q'", "C0", "T0", "C1", "T1", "C2", "T2", "C3", "T3", "C4");
    assertThat(samples.get(1).trained())
        .containsExactly(false, false, false, false, false, false, false, true, false, true);
    assertThat(samples.get(1).tools()).hasSize(6);
  }

  @Property(tries = 500)
  void trainingSamples_everyCompletionIsTrainedExactlyOnce(
      @ForAll("flags") List<Tuple.Tuple2<Boolean, Boolean>> flags) {
    List<TrajectoryStep> steps = new ArrayList<>();
    List<Message> request = new ArrayList<>(List.of(Message.user("Q")));
    for (int i = 0; i < flags.size(); i++) {
      boolean last = i == flags.size() - 1;
      Message c = completion(i, last ? null : flags.get(i).get1() ? "fold_fragment" : "search_context");
      List<Message> results = last ? List.of() : List.of(result(i));
      steps.add(new TrajectoryStep(request, c, results, !last && flags.get(i).get1(), flags.get(i).get2()));
      request = new ArrayList<>(request);
      request.add(c);
      request.addAll(results);
    }
    List<TrainingSample> samples = new Trajectory(steps, List.of()).trainingSamples();
    int[] trained = new int[flags.size()];
    for (TrainingSample sample : samples) {
      for (int k = 0; k < sample.messages().size(); k++) {
        if (sample.trained().get(k)) {
          trained[Integer.parseInt(sample.messages().get(k).content().substring(1))]++;
        }
      }
      Message lastMessage = sample.messages().get(sample.messages().size() - 1);
      assertThat(lastMessage.role()).isIn(io.sculptor.core.Role.ASSISTANT, io.sculptor.core.Role.TOOL);
    }
    assertThat(trained).containsOnly(1);
    assertThat(samples.get(samples.size() - 1).messages()).last().isEqualTo(steps.get(steps.size() - 1).completion());
  }

  @Provide
  Arbitrary<List<Tuple.Tuple2<Boolean, Boolean>>> flags() {
    return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false, false, false))
        .as(Tuple::of).list().ofMinSize(1).ofMaxSize(25);
  }
}
