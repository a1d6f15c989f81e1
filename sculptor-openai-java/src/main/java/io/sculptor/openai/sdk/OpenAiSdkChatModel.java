package io.sculptor.openai.sdk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ChatStreamListener;
import io.sculptor.model.StreamingChatModel;
import io.sculptor.openai.ChatCompletionsFormat;
import io.sculptor.openai.OpenAiChatModel;
import io.sculptor.openai.WireFormatException;
import io.sculptor.openai.internal.ChatCompletionChunks;
import io.sculptor.openai.sdk.internal.SdkJson;
import java.util.Iterator;
import java.util.Objects;

/**
 * A {@link ChatModel} that sends Chat Completions requests through an {@link OpenAIClient} the
 * application already has, so the SDK keeps its own retries, timeouts, credentials and HTTP
 * client.
 *
 * <p>The request body is written by {@link ChatCompletionsFormat} (messages keep every field the
 * SDK's typed builders would not know) and read into the SDK's
 * {@link ChatCompletionCreateParams.Body} by the SDK's own JSON mapper; the SDK then sends the
 * same JSON, each key once, as {@link OpenAiChatModel} sends for the same request. The SDK's
 * {@link ChatCompletion} is read back as JSON, with the provider's {@code x-request-id} as the
 * response's {@link ChatResponse#requestId() request id}. A failure of the SDK is reported as a
 * {@link ChatModelException} (after the SDK's own retries).
 *
 * <p>It streams ({@link StreamingChatModel}): {@link #chat(ChatRequest, ChatStreamListener)} calls
 * the SDK's {@code createStreaming} with {@code stream_options.include_usage}, forwards the text,
 * reasoning ({@code reasoning_content}) and each tool call's start as the SDK hands out the chunks,
 * and returns the answer assembled from them exactly as {@link OpenAiChatModel} assembles its own
 * streams — so it equals what {@link #chat(ChatRequest)} returns for the same answer, vendor fields
 * included. An error the provider sends inside the stream is a {@link ChatModelException} whose
 * kind follows the error's type and code; a stream that ends before every choice has its finish
 * reason (the SDK ends a stream cut short without a word) is {@link ChatModelException.Kind#INVALID_RESPONSE}.
 *
 * <p>Immutable, thread-safe if the client is.
 *
 * @since 0.1
 */
public final class OpenAiSdkChatModel implements StreamingChatModel {
  private final OpenAIClient client;
  private final String model;

  private OpenAiSdkChatModel(OpenAIClient client, String model) {
    this.client = client;
    this.model = model;
  }

  /**
   * {@return a model that calls {@code model} (e.g. {@code gpt-4o-mini}) through {@code client}}
   *
   * @throws IllegalArgumentException if {@code model} is blank
   */
  public static OpenAiSdkChatModel of(OpenAIClient client, String model) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank, got [" + model + "]");
    }
    return new OpenAiSdkChatModel(client, model);
  }

  /** {@return the model name sent with each request} */
  public String model() {
    return model;
  }

  /** Sends the request through the SDK and returns the whole answer, without streaming. */
  @Override
  public ChatResponse chat(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    ChatCompletionCreateParams params = params(ChatCompletionsFormat.request(model, request, SdkJson.object()));
    ChatCompletion completion;
    String requestId;
    try (HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse().create(params)) {
      requestId = raw.requestId().orElse(null);
      completion = raw.parse();
    } catch (OpenAIException e) {
      throw SdkJson.translate(e);
    }
    try {
      return ChatCompletionsFormat.response(SdkJson.toTree(completion)).toBuilder().requestId(requestId).build();
    } catch (WireFormatException e) {
      throw unreadable("a completion", e);
    }
  }

  /**
   * Streams the answer through the SDK's {@code createStreaming}, with
   * {@code "stream_options": {"include_usage": true}}: hands the text, reasoning and each tool
   * call's start to {@code listener} as the chunks arrive, on this thread, and returns the answer
   * assembled from them, equal to what {@link #chat(ChatRequest)} returns for the same answer.
   *
   * @throws ChatModelException when the SDK's request fails, the provider sends an error in the
   *     stream, or the stream is unreadable or ends before the answer is whole
   */
  @Override
  public ChatResponse chat(ChatRequest request, ChatStreamListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    ObjectNode body = ChatCompletionsFormat.request(model, request, SdkJson.object());
    body.putObject("stream_options").put("include_usage", true);
    ChatCompletionCreateParams params = params(body);
    ChatCompletionChunks chunks = new ChatCompletionChunks(listener, SdkJson::streamError);
    String requestId;
    try (HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw =
        client.chat().completions().withRawResponse().createStreaming(params);
        StreamResponse<ChatCompletionChunk> stream = raw.parse()) {
      requestId = raw.requestId().orElse(null);
      int number = 0;
      for (Iterator<ChatCompletionChunk> it = stream.stream().iterator(); it.hasNext(); ) {
        chunks.accept(SdkJson.toTree(it.next()), number++);
      }
      chunks.end();
    } catch (OpenAIException e) {
      throw SdkJson.translate(e);
    } catch (WireFormatException e) {
      throw unreadable("a stream", e);
    }
    try {
      return ChatCompletionsFormat.response(chunks.completion()).toBuilder().requestId(requestId).build();
    } catch (WireFormatException e) {
      throw unreadable("a stream", e);
    }
  }

  private static ChatModelException unreadable(String what, WireFormatException e) {
    return new ChatModelException(ChatModelException.Kind.INVALID_RESPONSE,
        "the SDK returned " + what + " this library cannot read: " + e.getMessage(), e);
  }

  /** {@return the SDK's params for {@code body}: its typed body, read by its own mapper} */
  static ChatCompletionCreateParams params(ObjectNode body) {
    return ChatCompletionCreateParams.builder()
        .body(SdkJson.fromTree(body, ChatCompletionCreateParams.Body.class))
        .build();
  }

  @Override
  public String toString() {
    return "OpenAiSdkChatModel[" + model + "]";
  }
}
