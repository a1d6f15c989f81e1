package io.sculptor.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Counts checked against an independent tiktoken implementation (js-tiktoken 1.x). */
class TiktokenCounterTest {
  @ParameterizedTest
  @CsvSource(delimiterString = ";;", textBlock = """
      hello world                                  ;; 2  ;; 2
      tiktoken is great!                           ;; 6  ;; 6
      数据分析很重要。                               ;; 5  ;; 8
      👍🏽 emoji 👨‍👩‍👧 family                       ;; 13 ;; 20
      The quick brown fox jumps over the lazy dog. ;; 10 ;; 10
      <|endoftext|> is special                     ;; 9  ;; 9
      """)
  void countTokens_matchesTiktoken(String text, int o200k, int cl100k) {
    assertThat(TiktokenCounter.o200k().countTokens(text)).isEqualTo(o200k);
    assertThat(TiktokenCounter.cl100k().countTokens(text)).isEqualTo(cl100k);
  }

  @Test
  void countTokens_multiLine_matchesTiktoken() {
    String text = "key12: value345678\nkey7: value1";
    assertThat(TiktokenCounter.o200k().countTokens(text)).isEqualTo(12);
    assertThat(TiktokenCounter.cl100k().countTokens(text)).isEqualTo(12);
    assertThat(TiktokenCounter.o200k().countTokens("")).isZero();
  }

  @Test
  void contextState_withTiktoken_countsViewAfterFold() {
    String stream = "key1: value1\nkey2: value2\n".repeat(500) + "END";
    ContextState state = ContextState.of(Conversation.of(Message.user(stream)), 0, TiktokenCounter.o200k());
    var made = state.fragmentBetween("key1", "END", io.sculptor.core.RoleFilter.USER, 4);
    ContextState folded = made.state().fold(made.value().fragments().get(0).id()).state();
    TiktokenCounter counter = TiktokenCounter.o200k();
    Message view = folded.view().get(0);
    long recount = counter.countMessageOverhead(view) + counter.countTokens(view.content());
    assertThat(folded.viewTokens()).isBetween(recount - 2, recount);
    assertThat(folded.viewTokens()).isLessThan(state.viewTokens());
  }

  @Test
  void equality_byEncoding() {
    assertThat(TiktokenCounter.o200k()).isEqualTo(TiktokenCounter.o200k()).hasSameHashCodeAs(TiktokenCounter.o200k())
        .isNotEqualTo(TiktokenCounter.cl100k());
    assertThat(TiktokenCounter.cl100k().encodingName()).isEqualTo("cl100k_base");
  }
}
