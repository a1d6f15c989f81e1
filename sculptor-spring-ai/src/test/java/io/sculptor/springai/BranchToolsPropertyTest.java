package io.sculptor.springai;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.springai.autoconfigure.SculptorAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code sculptor.branch-tools} adds {@code branch} and {@code return} to the advisor's tools. */
class BranchToolsPropertyTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SculptorAutoConfiguration.class));

  @Test
  void branchTools_offTheDefault_sixTools() {
    runner.run(context -> assertThat(context.getBean(SculptorAdvisor.class).toolCallbacks())
        .extracting(c -> c.getToolDefinition().name()).hasSize(6).doesNotContain("branch", "return"));
  }

  @Test
  void branchTools_on_branchAndReturnAfterTheSix() {
    runner.withPropertyValues("sculptor.branch-tools=true").run(context -> {
      assertThat(context.getBean(SculptorAdvisor.class).toolCallbacks())
          .extracting((ToolCallback c) -> c.getToolDefinition().name()).hasSize(8).endsWith("branch", "return");
    });
  }
}
