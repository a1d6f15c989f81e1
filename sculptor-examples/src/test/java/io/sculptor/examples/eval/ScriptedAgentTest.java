package io.sculptor.examples.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sculptor.agent.AgentEvent;
import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ContextAgent;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.model.ToolChoice;
import io.sculptor.openai.TiktokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scripted agent knows no benchmark: it runs on formats it has never seen, reads the tools'
 * results, and fails where its general strategy does not fit.
 */
class ScriptedAgentTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One run: what the tools answered, and the retention of the final context. */
  private record Run(AgentRun run, List<String> results, List<String> calls, double retention) {}

  private static Run run(EvalTask task) {
    List<String> results = new ArrayList<>();
    List<String> calls = new ArrayList<>();
    List<List<Message>> requests = new ArrayList<>();
    ScriptedAgent agent = new ScriptedAgent();
    AgentRun run = ContextAgent.builder(request -> {
      requests.add(request.messages());
      return agent.chat(request);
    }).firstStepToolChoice(ToolChoice.required()).listener(event -> {
      if (event instanceof AgentEvent.ToolExecuted executed) {
        results.add(executed.result());
        calls.add(executed.call().name() + " " + executed.call().arguments());
      }
    }).build().run(ContextState.of(Evaluation.withSystem(task), 1, TiktokenCounter.o200k()));
    return new Run(run, results, calls, Baselines.retention(task, requests.get(requests.size() - 1)));
  }

  private static EvalTask task(List<Message> messages, List<String> facts) {
    return new EvalTask(EvalTask.Family.NEEDLE, "unseen", 0, facts.size(), Conversation.of(messages), facts, "",
        answer -> 0.0, JSON.createObjectNode());
  }

  private static String filler(Random random, int sentences) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < sentences; i++) {
      text.append(i % 6 == 5 ? "\n\n" : i == 0 ? "" : " ").append(Words.sentence(random));
    }
    return text.toString();
  }

  @Test
  void renamedShuffledKeyValueFormat_questionFirst_itHasNeverSeen() {
    Random random = new Random(3);
    List<String> registers = List.of("R1", "R2", "R3", "R4", "R5");
    StringBuilder log = new StringBuilder();
    String[] last = new String[registers.size()];
    for (int i = 0; i < 3000; i++) {
      int r = random.nextInt(registers.size());
      last[r] = "0x" + Integer.toHexString(0x1000 + random.nextInt(0xF000));
      log.append("SET ").append(registers.get(r)).append(" <- ").append(last[r]).append('\n');
    }
    List<String> facts = new ArrayList<>();
    for (int r = 0; r < registers.size(); r++) {
      facts.add(registers.get(r) + " <- " + last[r]);
    }
    String content = "Which value does each register (R1, R2, R3, R4, R5) hold at the end of the log?\n\n"
        + "Reply with one line per register.\n\nLOG\n" + log;
    Run run = run(task(List.of(Message.user(content)), facts));
    assertThat(run.run().stopReason()).isEqualTo(AgentRun.StopReason.ANSWERED);
    assertThat(run.results()).noneMatch(r -> r.startsWith("Error:"));
    assertThat(run.calls()).anyMatch(c -> c.startsWith("fragment_context"))
        .anyMatch(c -> c.startsWith("search_context {\"query\":\"R3\""));
    assertThat(run.retention()).isEqualTo(1.0);
  }

  @Test
  void longToolResultsOfAnAgentTranscript_areFoldedAndSearched() {
    Conversation transcript = Workloads.transcript(30_000, 41, 5);
    List<Message> messages = new ArrayList<>(transcript.messages().subList(1, transcript.size()));
    String fact = messages.get(2).content().lines().skip(40).findFirst().orElseThrow();
    String key = fact.substring(fact.indexOf(' ') + 1, fact.indexOf(':'));
    messages.add(Message.user("Earlier a tool printed line \"" + fact.substring(0, 5) + "\" about " + key
        + "; what did it say?"));
    Run run = run(task(messages, List.of(fact)));
    assertThat(run.run().stopReason()).isEqualTo(AgentRun.StopReason.ANSWERED);
    assertThat(run.calls().get(0)).startsWith("fragment_context").contains("\"role\":\"all\"");
    assertThat(run.calls()).anyMatch(c -> c.startsWith("fold_fragment"));
    assertThat(run.results()).noneMatch(r -> r.startsWith("Error:"));
  }

  @Test
  void noLongText_orNoQuestion_stillAnswers() {
    Run small = run(task(List.of(Message.user("What is the capital of Portugal?")), List.of("Lisbon")));
    assertThat(small.run().stopReason()).isEqualTo(AgentRun.StopReason.ANSWERED);
    assertThat(small.calls()).noneMatch(c -> c.startsWith("fragment_context"));
    Run cjk = run(task(List.of(Message.user("长文本。".repeat(3000) + "\n\n这段文字里最重要的是什么？")), List.of()));
    assertThat(cjk.run().stopReason()).isEqualTo(AgentRun.StopReason.ANSWERED);
    assertThat(cjk.results()).noneMatch(r -> r.startsWith("Error:"));
  }

  @Test
  void followsANameChain_throughTheNeedleBenchFormat() {
    EvalTask task = TaskGenerator.needle(16_000, 4, 21);
    Run run = run(task);
    assertThat(run.retention()).isEqualTo(1.0);
    assertThat(run.calls().stream().filter(c -> c.startsWith("search_context")).toList()).hasSizeGreaterThan(4);
  }

  @Test
  void canFail_aFactThatSharesNoWordWithTheQuestion_staysFolded() {
    Random random = new Random(9);
    String fact = "The northern route was chosen on Tuesday.";
    String text = filler(random, 400) + " " + fact + " " + filler(random, 400);
    Run run = run(task(List.of(Message.user("Minutes of the meeting:\n\n" + text
        + "\n\nWhich decision did the board make?")), List.of(fact)));
    assertThat(run.run().stopReason()).isEqualTo(AgentRun.StopReason.ANSWERED);
    assertThat(run.retention()).isZero();
  }

  @Test
  void questionAndTerms_areReadFromTheTextAlone() {
    List<Message> pi = TaskGenerator.piLlm(4, 5, 1).conversation().messages();
    String question = ScriptedAgent.question(pi);
    assertThat(question).startsWith("What are the current value of each key (").endsWith("you are tracking?");
    assertThat(ScriptedAgent.terms(question).first()).containsAll(List.of(question.substring(
        question.indexOf('(') + 1, question.indexOf(')')).split(", ")));
    ScriptedAgent.Terms mrcr = ScriptedAgent.terms("Prepend aYooSG8CQg to the 2nd (1 indexed) short news article"
        + " about umbrellas. Do not include any other text in your response.");
    assertThat(mrcr.first()).contains("aYooSG8CQg", "short news article about umbrellas", "indexed")
        .doesNotContain("umbrellas", "the", "response");
    assertThat(mrcr.parts()).containsEntry("short news article about umbrellas",
        List.of("short", "news", "article", "umbrellas"));
    assertThat(ScriptedAgent.terms("Given the context described above, who is the eldest relative that 'Kevin Le'"
        + " can trace back to in the context?").first()).startsWith("Kevin Le").contains("eldest relative");
    assertThat(ScriptedAgent.namesIn("x For Jeff White, Kevin Le's mother is not Ana y", true))
        .containsExactly("Jeff White", "Kevin Le");
  }
}
