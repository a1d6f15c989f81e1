package io.sculptor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Fragmentation;
import io.sculptor.core.Message;
import io.sculptor.core.Outcome;
import io.sculptor.core.RoleFilter;
import io.sculptor.core.TokenCounter;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ToolChoice;
import io.sculptor.model.ToolSpec;
import io.sculptor.tools.SculptorTools;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptAccountingTest {
  private static final TokenCounter COUNTER = TokenCounter.estimator();
  private static final ToolSpec WEATHER = ToolSpec.of("get_weather", "The weather \"now\"\nin a city.",
      "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}, \"required\": [\"city\"]}");
  private static final List<ToolSpec> TOOLS = SculptorTools.specs();
  private static final String LONG = "The stream: " + "bird: emu; fruit: plum; ".repeat(200);

  private static long tokens(Message m) {
    return COUNTER.countMessageOverhead(m) + COUNTER.countTokens(m.content());
  }

  private static long tokens(List<Message> messages) {
    return messages.stream().mapToLong(PromptAccountingTest::tokens).sum();
  }

  private static long schemas(List<ToolSpec> tools) {
    return PromptAccounting.of(COUNTER).record(List.of(), tools).lastCall().promptTokens()
        - PromptAccounting.REPLY_PRIMING_TOKENS;
  }

  @Test
  void toolSchemas_countAsTheJsonOfAChatCompletionsToolsArray() {
    String json = "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"The weather"
        + " \\\"now\\\"\\nin a city.\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":"
        + "\"string\"}},\"required\":[\"city\"]}}},"
        + "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"The weather"
        + " \\\"now\\\"\\nin a city.\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":"
        + "\"string\"}},\"required\":[\"city\"]},\"strict\":true}}]";
    assertThat(schemas(List.of(WEATHER, WEATHER.withStrict(true)))).isEqualTo(COUNTER.countTokens(json));
    // More than the text of name, description and schema alone: the request carries the JSON around them.
    assertThat(schemas(List.of(WEATHER))).isGreaterThan(COUNTER.countTokens(WEATHER.name())
        + COUNTER.countTokens(WEATHER.description()) + COUNTER.countTokens(WEATHER.parametersJson()));
    assertThat(schemas(List.of())).isZero();
  }

  @Test
  void firstCall_paysForEverything_schemasAndPrimingIncluded() {
    List<Message> messages = List.of(Message.system("You track values."), Message.user(LONG));
    PromptAccounting accounting = PromptAccounting.of(COUNTER)
        .record(ChatRequest.of(messages, TOOLS, ToolChoice.required()));
    long context = tokens(messages);
    long prompt = schemas(TOOLS) + context + PromptAccounting.REPLY_PRIMING_TOKENS;
    assertThat(accounting.lastCall()).isEqualTo(PromptAccounting.Tokens.of(1, context, prompt, prompt));
    assertThat(accounting.totals()).isEqualTo(accounting.lastCall());
  }

  @Test
  void appendedMessages_areTheOnlyUncachedTokens_besidesThePriming() {
    List<Message> first = List.of(Message.system("You track values."), Message.user(LONG));
    PromptAccounting once = PromptAccounting.of(COUNTER).record(first, TOOLS);
    List<Message> second = new ArrayList<>(first);
    Message call = Message.assistant("", List.of(new ToolCall("c1", "search_context", "{\"query\": \"bird\"}")));
    Message result = Message.tool("c1", "Found 200 matches for \"bird\".");
    second.add(call);
    second.add(result);
    PromptAccounting twice = once.record(second, TOOLS);
    PromptAccounting.Tokens tokens = twice.lastCall();
    assertThat(tokens.uncachedPromptTokens()).isEqualTo(tokens(call) + tokens(result) + 3);
    assertThat(tokens.promptTokens()).isEqualTo(schemas(TOOLS) + tokens(second) + 3);
    assertThat(twice.totals()).isEqualTo(PromptAccounting.Tokens.of(2, tokens(second),
        once.totals().promptTokens() + tokens.promptTokens(), schemas(TOOLS) + tokens(first) + 3
            + tokens.uncachedPromptTokens()));
    assertThat(once.totals().calls()).as("recording returns a new accounting").isEqualTo(1);
  }

  @Test
  void anEditInAnEarlyMessage_makesEverythingAfterItUncached() {
    Message system = Message.system("You track values.");
    PromptAccounting before = PromptAccounting.of(COUNTER)
        .record(List.of(system, Message.user(LONG), Message.assistant("Noted.")), TOOLS);
    String tail = "[fragment f1a2b3 folded: 4,700 characters hidden]";
    List<Message> edited = List.of(system, Message.user(LONG.substring(0, 100) + tail), Message.assistant("Noted."));
    PromptAccounting.Tokens tokens = before.record(edited, TOOLS).lastCall();
    assertThat(tokens.uncachedPromptTokens()).isEqualTo(COUNTER.countTokens(tail) + tokens(edited.get(2)) + 3);
    assertThat(tokens.promptTokens()).isEqualTo(schemas(TOOLS) + tokens(edited) + 3);
  }

  @Test
  void otherToolSchemas_orAnotherFrame_cacheNothingFromThere() {
    List<Message> messages = List.of(Message.user(LONG));
    PromptAccounting accounting = PromptAccounting.of(COUNTER).record(messages, TOOLS).record(messages, List.of());
    assertThat(accounting.lastCall().uncachedPromptTokens()).isEqualTo(accounting.lastCall().promptTokens())
        .isEqualTo(tokens(messages) + 3);
    accounting = accounting.record(List.of(Message.assistant(LONG)), List.of());
    assertThat(accounting.lastCall().uncachedPromptTokens()).as("another role")
        .isEqualTo(accounting.lastCall().promptTokens());
    Message called = Message.assistant(LONG, List.of(new ToolCall("c1", "fold_fragment", "{}")));
    accounting = accounting.record(List.of(called), List.of());
    assertThat(accounting.lastCall().uncachedPromptTokens()).as("other tool calls, same content")
        .isEqualTo(accounting.lastCall().promptTokens());
    accounting = accounting.record(List.of(called), List.of());
    assertThat(accounting.lastCall().uncachedPromptTokens()).as("the same prompt")
        .isEqualTo(PromptAccounting.REPLY_PRIMING_TOKENS);
  }

  @Test
  void recordOfAState_countsItsViewWithTheStatesCounts() {
    ContextState state = ContextState.of(Conversation.of(Message.system("You track values."),
        Message.user(LONG + "END of the stream."), Message.assistant("Noted.")), 7, COUNTER);
    PromptAccounting accounting = PromptAccounting.of(COUNTER).record(state, TOOLS);
    Outcome<Fragmentation> fragmented = state.fragmentBetween("fruit", "END", RoleFilter.USER, 1);
    ContextState folded = fragmented.state().fold(fragmented.value().fragments().get(0).id()).state();
    assertThat(accounting.lastCall()).isEqualTo(PromptAccounting.Tokens.of(1, state.viewTokens(),
        schemas(TOOLS) + state.viewTokens() + 3, schemas(TOOLS) + state.viewTokens() + 3));
    PromptAccounting.Tokens call = accounting.record(folded, TOOLS).lastCall();
    assertThat(call.finalContextTokens()).isEqualTo(folded.viewTokens()).isLessThan(state.viewTokens());
    String shownAfterTheFold = folded.viewMessage(1).content().substring(LONG.indexOf("fruit"));
    assertThat(call.uncachedPromptTokens()).isEqualTo(Math.min(folded.viewTokens(1),
        COUNTER.countTokens(shownAfterTheFold)) + folded.viewTokens(2) + 3);
  }

  @Test
  void recordOfAState_withAnotherCounter_isRefused() {
    ContextState state = ContextState.of(Conversation.of(Message.user("hello")), 7, text -> text.length());
    PromptAccounting accounting = PromptAccounting.of(COUNTER);
    assertThatThrownBy(() -> accounting.record(state, TOOLS)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("counter");
    assertThat(accounting.totals().calls()).isZero();
  }

  @Test
  void tokens_valueSemantics_andChecks() {
    PromptAccounting.Tokens a = PromptAccounting.Tokens.of(2, 10, 50, 30);
    assertThat(a).isEqualTo(PromptAccounting.Tokens.of(2, 10, 50, 30))
        .hasSameHashCodeAs(PromptAccounting.Tokens.of(2, 10, 50, 30))
        .isNotEqualTo(PromptAccounting.Tokens.of(2, 10, 50, 31)).isNotEqualTo(PromptAccounting.Tokens.of(3, 10, 50, 30));
    assertThat(a.toString()).contains("promptTokens=50");
    assertThatThrownBy(() -> PromptAccounting.Tokens.of(1, 1, 5, 6)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[1, 1, 5, 6]");
    assertThatThrownBy(() -> PromptAccounting.Tokens.of(-1, 1, 5, 4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[-1, 1, 5, 4]");
  }
}
