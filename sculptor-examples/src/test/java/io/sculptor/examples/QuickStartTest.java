package io.sculptor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.tools.ContextSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuickStartTest {
  @Test
  void run_foldsEightOfTenFragmentsAndFindsEarlyKeyInsideAFoldedOne() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ContextSession session = QuickStart.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String printed = bytes.toString(StandardCharsets.UTF_8);
    String first = session.state().fragments().get(0).id().value();
    assertThat(printed).contains("Created 10 fragments").contains("inside " + first + ", which is folded now");
    assertThat(session.state().viewTokens()).isLessThan(session.state().originalTokens() / 4);
  }
}
