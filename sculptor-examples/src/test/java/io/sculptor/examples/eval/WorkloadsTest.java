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
  void keyValueStream_staysTheBenchmarksWorkload_byteForByte() throws Exception {
    String content = Workloads.keyValueStream64k().get(0).content();
    assertThat(content).contains("\nUPDATES BEGIN\n", "\nUPDATES END\n");
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(
        content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(java.util.HexFormat.of().formatHex(digest))
        .isEqualTo("b4cefdeb4eb656d27b8b9998ad0f8d5cfd83b981a32f67700bac4a534cfe1512");
  }

  @Test
  void transcript_hasTheRequestedShapeAndIsDeterministic() {
    Conversation small = Workloads.transcript(100_000, 201, 3);
    assertThat(small.size()).isEqualTo(201);
    assertThat(TaskGenerator.tokens(small)).isBetween(85_000L, 115_000L);
    assertThat(Workloads.transcript(100_000, 201, 3)).isEqualTo(small);
  }
}
