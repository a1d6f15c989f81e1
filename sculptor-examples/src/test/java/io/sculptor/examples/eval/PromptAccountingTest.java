package io.sculptor.examples.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.examples.eval.fix.Workspace;
import io.sculptor.model.ToolSpec;
import io.sculptor.openai.ChatCompletionsFormat;
import io.sculptor.report.PromptAccounting;
import io.sculptor.tools.BranchTools;
import io.sculptor.tools.SculptorTools;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The eval's token columns come from the report's {@link PromptAccounting} (tested in
 * sculptor-report); this checks what only this module can: that its tool schemas are the JSON the
 * OpenAI adapter sends.
 */
class PromptAccountingTest {
  @Test
  void toolSchemas_countAsTheToolsArrayTheOpenAiAdapterSends() {
    List<ToolSpec> tools = new ArrayList<>(SculptorTools.strictSpecs());
    tools.addAll(BranchTools.specs());
    tools.addAll(Workspace.SPECS);
    long schemas = PromptAccounting.of(TaskGenerator.COUNTER).record(List.of(), tools).lastCall().promptTokens()
        - PromptAccounting.REPLY_PRIMING_TOKENS;
    assertThat(schemas).isEqualTo(TaskGenerator.COUNTER.countTokens(ChatCompletionsFormat.tools(tools).toString()))
        .isGreaterThan(500);
  }
}
