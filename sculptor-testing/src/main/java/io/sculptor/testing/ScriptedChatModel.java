package io.sculptor.testing;

import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.Usage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link ChatModel} for unit tests that answers from a script, in order, and records every
 * request it receives. The script is written before the run: call a tool with raw arguments
 * ({@link #thenCall}), answer with text ({@link #thenAnswer}), reply with a given message
 * ({@link #thenReply}), compute the answer from the request ({@link #then}) or fail
 * ({@link #thenFail}). A request that finds the script used up fails with an
 * {@link IllegalStateException} that says which request it was and what it ended with, so a test
 * that makes one call more than it planned fails at that call.
 *
 * <p>Each response reports {@value #PROMPT_TOKENS} prompt and {@value #COMPLETION_TOKENS} completion
 * tokens and no finish reason, so that a test can check how usage adds up over a run.
 *
 * <p>Thread-safe: requests are answered one at a time, in the order they arrive, and may be
 * scripted while the model runs.
 *
 * @since 0.1
 */
public final class ScriptedChatModel implements ChatModel {
  /** The prompt tokens every response reports. */
  public static final int PROMPT_TOKENS = 100;
  /** The completion tokens every response reports. */
  public static final int COMPLETION_TOKENS = 10;

  private final Deque<Function<? super ChatRequest, Message>> script = new ArrayDeque<>();
  private final List<ChatRequest> requests = new ArrayList<>();

  private ScriptedChatModel() {}

  /** {@return a model with an empty script} */
  public static ScriptedChatModel create() {
    return new ScriptedChatModel();
  }

  /**
   * Adds an answer computed from the request, such as a tool call that names an id the
   * conversation shows only at run time.
   *
   * @param answer returns the assistant message for the request it is given
   * @return this model
   */
  public synchronized ScriptedChatModel then(Function<? super ChatRequest, Message> answer) {
    script.add(Objects.requireNonNull(answer, "answer"));
    return this;
  }

  /**
   * Adds an assistant message with no text that calls {@code toolName} with {@code rawArguments},
   * exactly as written (they need not be valid JSON, as a model's need not). The call's id is
   * {@code call_N}, where N is the number of the request it answers, counted from 1.
   *
   * @param toolName the tool to call
   * @param rawArguments the arguments text
   * @return this model
   */
  public ScriptedChatModel thenCall(String toolName, String rawArguments) {
    Objects.requireNonNull(toolName, "toolName");
    Objects.requireNonNull(rawArguments, "rawArguments");
    return then(request -> Message.assistant("", List.of(
        new ToolCall("call_" + requestCount(), toolName, rawArguments))));
  }

  /**
   * Adds an assistant message with {@code text} and no tool calls: the final answer of a run.
   *
   * @param text the answer
   * @return this model
   */
  public ScriptedChatModel thenAnswer(String text) {
    Message answer = Message.assistant(Objects.requireNonNull(text, "text"));
    return then(request -> answer);
  }

  /**
   * Adds {@code message} as the answer, as it is.
   *
   * @param message an assistant message
   * @return this model
   * @throws IllegalArgumentException if {@code message} is not an assistant message
   */
  public ScriptedChatModel thenReply(Message message) {
    if (Objects.requireNonNull(message, "message").role() != Role.ASSISTANT) {
      throw new IllegalArgumentException("ScriptedChatModel: a reply must be an assistant message, got ["
          + message.role().wireName() + "]");
    }
    return then(request -> message);
  }

  /**
   * Adds a failure: the request is recorded, then {@code failure} is thrown, as a provider's
   * {@link io.sculptor.model.ChatModelException} would be.
   *
   * @param failure what the call throws
   * @return this model
   */
  public ScriptedChatModel thenFail(RuntimeException failure) {
    Objects.requireNonNull(failure, "failure");
    return then(request -> {
      throw failure;
    });
  }

  /** {@return the requests received so far, oldest first; a copy that later calls do not change} */
  public synchronized List<ChatRequest> requests() {
    return List.copyOf(requests);
  }

  /**
   * {@return the newest request}
   *
   * @throws IllegalStateException if there was none
   */
  public synchronized ChatRequest lastRequest() {
    if (requests.isEmpty()) {
      throw new IllegalStateException("ScriptedChatModel has received no request");
    }
    return requests.get(requests.size() - 1);
  }

  /** {@return how many scripted answers are left} */
  public synchronized int remaining() {
    return script.size();
  }

  /**
   * Records the request and answers it with the next scripted answer.
   *
   * @throws IllegalStateException if the script is used up, or a scripted function returned no
   *     assistant message
   */
  @Override
  public synchronized ChatResponse chat(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    requests.add(request);
    Function<? super ChatRequest, Message> next = script.poll();
    if (next == null) {
      List<Message> messages = request.messages();
      throw new IllegalStateException("ScriptedChatModel: request [" + requests.size()
          + "] has no scripted answer; the script had [" + (requests.size() - 1) + "]. The request ended with "
          + (messages.isEmpty() ? "no message" : messages.get(messages.size() - 1)));
    }
    Message answer = next.apply(request);
    if (answer == null) {
      throw new IllegalStateException("ScriptedChatModel: the answer to request [" + requests.size()
          + "] is null; script an assistant message");
    }
    if (answer.role() != Role.ASSISTANT) {
      throw new IllegalStateException("ScriptedChatModel: the answer to request [" + requests.size()
          + "] must be an assistant message, got [" + answer.role().wireName() + "]");
    }
    return ChatResponse.of(answer, Usage.of(PROMPT_TOKENS, COMPLETION_TOKENS), Optional.empty());
  }

  private synchronized int requestCount() {
    return requests.size();
  }

  @Override
  public synchronized String toString() {
    return "ScriptedChatModel[" + requests.size() + " requests, " + script.size() + " answers left]";
  }
}
