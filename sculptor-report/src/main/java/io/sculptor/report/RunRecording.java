package io.sculptor.report;

import io.sculptor.agent.AgentRun;
import io.sculptor.agent.ToolUsage;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.model.ToolSpec;
import io.sculptor.model.Usage;
import io.sculptor.report.internal.RecordingJson;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the model saw at every step of one agent run, and what it did: for each model call the
 * view as sent, the state it was rendered from, the policy that ran before it, the response, the
 * tool calls with their results and the tokens; then the answer, why the run stopped, the usage
 * and the tool statistics. Made by a {@link RunRecorder}; written and read as JSON.
 *
 * <p>The JSON is {@code {"format": "sculptor-run", "version": 1, ...}}. It holds the run's original
 * conversation once (every step's conversation is a prefix of it, because the agent loop only
 * appends), each step's fragments, search hits and pins in the shape of a state snapshot's
 * ({@link io.sculptor.store.ContextSnapshots}), and each view as the number of leading messages
 * it shares with the previous call's view followed by the others, so that a long run is not
 * written once per step. {@link #fromJson(String)} refuses, with a one-line
 * {@link RecordingException} that names the field, anything that is not such a document: invalid
 * or truncated JSON, another format, another version, missing or mistyped fields, and data that
 * does not describe a run (a step's state that is not a state the library could reach, a view that
 * does not have its state's structure, steps out of order).
 *
 * <p>Value semantics, immutable, thread-safe.
 *
 * @since 0.1
 */
public final class RunRecording {
  /** The value of the {@code format} field. */
  public static final String FORMAT = "sculptor-run";
  /** The version this library writes, and the only one it reads. */
  public static final int VERSION = 1;

  private final Conversation original;
  private final long seed;
  private final Optional<String> encoding;
  private final List<ToolSpec> tools;
  private final List<RecordedStep> steps;
  private final String answer;
  private final AgentRun.StopReason stopReason;
  private final Usage usage;
  private final ToolUsage toolUsage;

  private RunRecording(Conversation original, long seed, Optional<String> encoding, List<ToolSpec> tools,
      List<RecordedStep> steps, String answer, AgentRun.StopReason stopReason, Usage usage, ToolUsage toolUsage) {
    this.original = Objects.requireNonNull(original, "original");
    this.seed = seed;
    this.encoding = Objects.requireNonNull(encoding, "encoding");
    this.tools = List.copyOf(tools);
    this.steps = List.copyOf(steps);
    this.answer = Objects.requireNonNull(answer, "answer");
    this.stopReason = Objects.requireNonNull(stopReason, "stopReason");
    this.usage = Objects.requireNonNull(usage, "usage");
    this.toolUsage = Objects.requireNonNull(toolUsage, "toolUsage");
    check();
  }

  /**
   * {@return a recording with these components}
   *
   * @param original the original conversation at the end of the run
   * @param seed the seed of the states' id generator
   * @param encoding the {@link io.sculptor.core.TokenCounter#encoding() encoding} of the run's token counter, if it names one
   * @param tools the tools offered to the model
   * @param steps the model calls, numbered from 1 in order
   * @param answer the final answer
   * @param stopReason why the run ended
   * @param usage the tokens the model reported over all calls
   * @param toolUsage how often each tool was called
   * @throws IllegalArgumentException if there is no step, the steps are not numbered 1, 2, ... , or
   *     a step's conversation is not a prefix of {@code original} at least as long as the previous step's
   */
  public static RunRecording of(Conversation original, long seed, Optional<String> encoding, List<ToolSpec> tools,
      List<RecordedStep> steps, String answer, AgentRun.StopReason stopReason, Usage usage, ToolUsage toolUsage) {
    return new RunRecording(original, seed, encoding, tools, steps, answer, stopReason, usage, toolUsage);
  }

  private void check() {
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a run recording has at least one step");
    }
    int previousMessages = 0;
    for (int i = 0; i < steps.size(); i++) {
      RecordedStep step = steps.get(i);
      if (step.step() != i + 1) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "step [%d] is numbered [%d]", i + 1, step.step()));
      }
      if (step.state().seed() != seed) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "the state of step [%d] has seed [%d], the run [%d]", step.step(), step.state().seed(), seed));
      }
      List<Message> messages = step.state().conversation().messages();
      if (messages.size() < previousMessages || messages.size() > original.size()) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "the state of step [%d] has [%d] messages; expected from [%d] (the previous step's) to [%d] (the run's)",
            step.step(), messages.size(), previousMessages, original.size()));
      }
      for (int m = previousMessages; m < messages.size(); m++) {
        if (!messages.get(m).equals(original.get(m))) {
          throw new IllegalArgumentException(String.format(Locale.ROOT,
              "message [%d] of the state of step [%d] is not message [%d] of the run's original conversation",
              m, step.step(), m));
        }
      }
      previousMessages = messages.size();
    }
  }

  /**
   * {@return the recording written in {@code json}}
   *
   * @throws RecordingException if the document is not a run recording this library reads; its
   *     one-line message names the field
   */
  public static RunRecording fromJson(String json) {
    return RecordingJson.read(Objects.requireNonNull(json, "json"));
  }

  /** {@return this recording as a JSON document} */
  public String toJson() {
    return RecordingJson.write(this);
  }

  /** {@return the original conversation at the end of the run; every step's conversation is a prefix of it} */
  public Conversation original() {
    return original;
  }

  /** {@return the seed of the states' id generator} */
  public long seed() {
    return seed;
  }

  /** {@return the encoding of the run's token counter, if it names one} */
  public Optional<String> encoding() {
    return encoding;
  }

  /** {@return the tools offered to the model} */
  public List<ToolSpec> tools() {
    return tools;
  }

  /** {@return the model calls in order; the last one gave the answer} */
  public List<RecordedStep> steps() {
    return steps;
  }

  /** {@return the final answer} */
  public String answer() {
    return answer;
  }

  /** {@return why the run ended} */
  public AgentRun.StopReason stopReason() {
    return stopReason;
  }

  /** {@return the tokens the model reported over all calls} */
  public Usage usage() {
    return usage;
  }

  /** {@return how often each tool was called, and the entropy of that distribution} */
  public ToolUsage toolUsage() {
    return toolUsage;
  }

  /** {@return the prompt tokens of all calls together under the run's counter} */
  public long totalPromptTokens() {
    return steps.stream().mapToLong(RecordedStep::promptTokens).sum();
  }

  /** {@return the uncached prompt tokens of all calls together: what prefix caching could not serve} */
  public long uncachedPromptTokens() {
    return steps.stream().mapToLong(RecordedStep::uncachedPromptTokens).sum();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RunRecording other
        && original.equals(other.original)
        && seed == other.seed
        && encoding.equals(other.encoding)
        && tools.equals(other.tools)
        && steps.equals(other.steps)
        && answer.equals(other.answer)
        && stopReason == other.stopReason
        && usage.equals(other.usage)
        && toolUsage.equals(other.toolUsage);
  }

  @Override
  public int hashCode() {
    return Objects.hash(original, seed, encoding, tools, steps, answer, stopReason, usage, toolUsage);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "RunRecording[%d steps, %d messages, stopReason=%s, promptTokens=%d,"
        + " uncachedPromptTokens=%d, toolUsage=%s]", steps.size(), original.size(), stopReason, totalPromptTokens(),
        uncachedPromptTokens(), toolUsage);
  }
}
