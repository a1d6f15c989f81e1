package io.sculptor.examples.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.Conversation;
import org.junit.jupiter.api.Test;

class WorkloadsTest {
  @Test
  void keyValueStream_isAbout64kTokensInOneMessage() {
    Conversation stream = Workloads.keyValueStream64k();
    assertThat(stream.size()).isEqualTo(1);
    assertThat(TaskGenerator.tokens(stream)).isBetween(60_000L, 68_000L);
  }

  @Test
  void transcript_hasTheRequestedShapeAndIsDeterministic() {
    Conversation small = Workloads.transcript(100_000, 201, 3);
    assertThat(small.size()).isEqualTo(201);
    assertThat(TaskGenerator.tokens(small)).isBetween(85_000L, 115_000L);
    assertThat(Workloads.transcript(100_000, 201, 3)).isEqualTo(small);
  }
}
