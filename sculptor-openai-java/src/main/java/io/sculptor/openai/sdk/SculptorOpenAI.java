package io.sculptor.openai.sdk;

import com.openai.client.OpenAIClient;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.openai.sdk.internal.SdkProxies;
import io.sculptor.openai.sdk.internal.WrappedConversation;
import io.sculptor.tools.ContextSession;
import io.sculptor.tools.SculptorToolkit;
import java.util.Objects;

/**
 * Sends an application's own {@code openai-java} calls through Sculptor: {@link #wrap(OpenAIClient,
 * ContextSession)} returns an {@link OpenAIClient} that is the application's client, except that
 * {@code chat().completions().create(params)} and {@code responses().create(params)} run one turn
 * of a Sculptor conversation.
 *
 * <p>A turn appends the request's new messages to the session's state (its original
 * conversation), replaces the request's messages (or input items) by the state's view, adds the
 * Sculptor tools the session's toolkit runs (the six, and {@code branch} and {@code return} for a
 * toolkit {@link io.sculptor.tools.SculptorToolkit#withBranchTools() with them}) to the request's
 * own tools and calls the real client. It appends the answer
 * to the state, and when the model called Sculptor tools, runs them on the state, appends their
 * results and calls the model again, until the model answers without a Sculptor call, calls a
 * tool of the application, or has had {@code maxSculptorRounds} calls answered by Sculptor alone
 * (then one last call with {@code tool_choice: none} asks for the answer). It returns the SDK's own
 * {@code ChatCompletion} or {@code Response} of the last call, with the Sculptor calls taken out,
 * so the application sees only its own tool calls and answers them as it always did.
 *
 * <p>What counts as new: the first request starts the conversation, so all its messages are
 * appended. Later requests carry the conversation as the application keeps it; the state already
 * holds, in full, everything the model wrote (assistant messages, tool calls, reasoning items,
 * Sculptor's own calls and results, which the application never saw), so it appends only the
 * application's own messages (system, developer, user, tool results) after the ones it counted
 * before. An application may therefore add the returned message to its list, or not, or only its
 * tool calls; the model always sees the state's view, in which every call is followed by its
 * result. Assistant messages an application writes itself count only in the first request.
 *
 * <p>One wrapped client holds one conversation: wrap the application's client once per
 * conversation (wrapping is cheap, the HTTP client is shared). Its calls are serialized. Every
 * other method goes to the application's client unchanged, including {@code withRawResponse()}
 * and {@code async()}, which do not go through Sculptor; {@code withOptions(...)} returns a
 * client wrapped the same way, holding the same conversation.
 *
 * <p>Chat Completions stream too: {@code createStreaming} streams each model call's chunks as they
 * arrive, without the deltas of Sculptor's calls (the application's calls are numbered from 0);
 * when a call ends with Sculptor calls only, they run and the next call streams on in the same
 * stream; each call's finish reason and usage are held back until it is known whether another call
 * follows. The turn holds the conversation until the stream ends, fails or is closed; a stream
 * closed early leaves the state as the finished calls made it, and a call on the thread whose own
 * streamed turn is still open throws {@link IllegalStateException}. Close a stream on the thread
 * that reads it, with try-with-resources; one dropped unclosed ends its turn when the garbage
 * collector finds it. The Responses API's {@code createStreaming} streams a turn as one response:
 * each call's events without those of Sculptor's items, the first call's {@code response.created},
 * output items and events numbered on across calls, and the last call's {@code response.completed}
 * with every item shown.
 *
 * <p>The Responses API's server-side history ({@code previous_response_id},
 * {@code conversation}) is refused with {@link IllegalArgumentException}: Sculptor sends the whole
 * view each time. Of a completion with several choices, the state follows the first; streamed, the
 * other choices pass as they come, from every call of the turn.
 *
 * @since 0.1
 */
public final class SculptorOpenAI {
  /** The model calls in one turn that may be answered by Sculptor alone, unless told otherwise. */
  public static final int DEFAULT_MAX_SCULPTOR_ROUNDS = 10;

  private SculptorOpenAI() {}

  /**
   * {@return {@code client} with its chat completions and responses going through a new, empty
   * Sculptor conversation}, with the default toolkit (the model-free summarizer)
   */
  public static OpenAIClient wrap(OpenAIClient client) {
    return wrap(client, ContextSession.of(ContextState.of(Conversation.of()), SculptorToolkit.create()));
  }

  /** {@return {@code client} with its chat completions and responses going through {@code session}} */
  public static OpenAIClient wrap(OpenAIClient client, ContextSession session) {
    return wrap(client, session, DEFAULT_MAX_SCULPTOR_ROUNDS);
  }

  /**
   * {@return {@code client} with its chat completions and responses going through {@code session}}
   *
   * @param maxSculptorRounds how many model calls in one turn may be answered by Sculptor alone
   *     before one last call asks for the answer
   * @throws IllegalArgumentException if {@code maxSculptorRounds} is less than 1
   */
  public static OpenAIClient wrap(OpenAIClient client, ContextSession session, int maxSculptorRounds) {
    Objects.requireNonNull(client, "client");
    return SdkProxies.client(client, new WrappedConversation(session, maxSculptorRounds));
  }

  /**
   * {@return the session of a client {@link #wrap(OpenAIClient) wrapped} here}: its state's
   * original is the whole conversation, its view what the model sees
   *
   * @throws IllegalArgumentException if {@code wrapped} is not such a client
   */
  public static ContextSession session(OpenAIClient wrapped) {
    WrappedConversation conversation = SdkProxies.conversation(wrapped);
    if (conversation == null) {
      throw new IllegalArgumentException("not a client wrapped by SculptorOpenAI: [" + wrapped + "]");
    }
    return conversation.session();
  }
}
