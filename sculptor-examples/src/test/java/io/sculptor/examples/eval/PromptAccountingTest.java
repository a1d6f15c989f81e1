package io.sculptor.examples.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ToolSpec;
import io.sculptor.openai.ChatCompletionsFormat;
import io.sculptor.openai.TiktokenCounter;
import io.sculptor.tools.SculptorTools;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptAccountingTest {
  private static final TiktokenCounter COUNTER = TiktokenCounter.o200k();
  private static final List<ToolSpec> TOOLS = SculptorTools.specs();
  private static final String LONG = "The stream: " + "bird: emu; fruit: plum; ".repeat(200);

  private static long tokens(Message m) {
    return COUNTER.countMessageOverhead(m) + COUNTER.countTokens(m.content());
  }

  private static long tokens(List<Message> messages) {
    return messages.stream().mapToLong(PromptAccountingTest::tokens).sum();
  }

  private static final long SCHEMAS = COUNTER.countTokens(ChatCompletionsFormat.tools(TOOLS).toString());

  @Test
  void firstCall_paysForEverything_schemasAndPrimingIncluded() {
    PromptAccounting accounting = new PromptAccounting(COUNTER);
    List<Message> messages = List.of(Message.system("You track values."), Message.user(LONG));
    PromptAccounting.Tokens call = accounting.record(messages, TOOLS);
    long context = tokens(messages);
    assertThat(SCHEMAS).isGreaterThan(500);
    assertThat(call).isEqualTo(new PromptAccounting.Tokens(1, context, SCHEMAS + context + 3, SCHEMAS + context + 3));
    assertThat(accounting.totals()).isEqualTo(call);
  }

  @Test
  void appendedMessages_areTheOnlyUncachedTokens() {
    PromptAccounting accounting = new PromptAccounting(COUNTER);
    List<Message> first = List.of(Message.system("You track values."), Message.user(LONG));
    accounting.record(first, TOOLS);
    List<Message> second = new ArrayList<>(first);
    Message call = Message.assistant("", List.of(new ToolCall("c1", "search_context", "{\"query\": \"bird\"}")));
    Message result = Message.tool("c1", "Found 200 matches for \"bird\".");
    second.add(call);
    second.add(result);
    PromptAccounting.Tokens tokens = accounting.record(second, TOOLS);
    assertThat(tokens.uncachedPrompt()).isEqualTo(tokens(call) + tokens(result) + 3);
    assertThat(tokens.prompt()).isEqualTo(SCHEMAS + tokens(second) + 3);
    assertThat(accounting.totals().uncachedPrompt()).isEqualTo(SCHEMAS + tokens(first) + 3 + tokens.uncachedPrompt());
    assertThat(accounting.totals().calls()).isEqualTo(2);
    assertThat(accounting.totals().finalContext()).isEqualTo(tokens(second));
  }

  @Test
  void anEditInAnEarlyMessage_makesEverythingAfterItUncached() {
    PromptAccounting accounting = new PromptAccounting(COUNTER);
    Message system = Message.system("You track values.");
    accounting.record(List.of(system, Message.user(LONG), Message.assistant("Noted.")), TOOLS);
    String folded = LONG.substring(0, 100) + "[fragment f1a2b3 folded: 4,700 characters hidden]";
    List<Message> edited = List.of(system, Message.user(folded), Message.assistant("Noted."));
    PromptAccounting.Tokens tokens = accounting.record(edited, TOOLS);
    long cached = SCHEMAS + tokens(system) + COUNTER.countTokens(LONG.substring(0, 100));
    assertThat(tokens.uncachedPrompt()).isEqualTo(SCHEMAS + tokens(edited) + 3 - cached);
    assertThat(tokens.uncachedPrompt()).isGreaterThan(tokens(edited.get(2)));
  }

  @Test
  void otherToolSchemas_orAnotherRole_cacheNothing() {
    PromptAccounting accounting = new PromptAccounting(COUNTER);
    List<Message> messages = List.of(Message.user(LONG));
    accounting.record(messages, TOOLS);
    PromptAccounting.Tokens withoutTools = accounting.record(messages, List.of());
    assertThat(withoutTools.uncachedPrompt()).isEqualTo(withoutTools.prompt()).isEqualTo(tokens(messages) + 3);
    PromptAccounting.Tokens otherRole = accounting.record(List.of(Message.assistant(LONG)), List.of());
    assertThat(otherRole.uncachedPrompt()).isEqualTo(otherRole.prompt());
    PromptAccounting.Tokens same = accounting.record(List.of(Message.assistant(LONG)), List.of());
    assertThat(same.uncachedPrompt()).isEqualTo(PromptAccounting.PRIMING_TOKENS);
  }

  @Test
  void tokens_valueSemantics_andChecks() {
    PromptAccounting.Tokens a = new PromptAccounting.Tokens(2, 10, 50, 30);
    assertThat(a).isEqualTo(new PromptAccounting.Tokens(2, 10, 50, 30)).hasSameHashCodeAs(
        new PromptAccounting.Tokens(2, 10, 50, 30)).isNotEqualTo(new PromptAccounting.Tokens(2, 10, 50, 31));
    assertThat(a.plus(new PromptAccounting.Tokens(1, 7, 20, 20))).isEqualTo(new PromptAccounting.Tokens(3, 7, 70, 50));
    assertThat(a.plus(PromptAccounting.Tokens.NONE)).isSameAs(a);
    assertThatThrownBy(() -> new PromptAccounting.Tokens(1, 1, 5, 6)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[1, 1, 5, 6]");
  }
}
