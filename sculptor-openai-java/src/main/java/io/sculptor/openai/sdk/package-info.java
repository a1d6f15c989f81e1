/**
 * Sculptor inside the official {@code openai-java} SDK.
 *
 * <p>{@link io.sculptor.openai.sdk.SculptorOpenAI#wrap(com.openai.client.OpenAIClient,
 * io.sculptor.tools.ContextSession) SculptorOpenAI.wrap} returns the application's own
 * {@code OpenAIClient} with its {@code chat().completions().create(…)} and
 * {@code responses().create(…)} calls sent through Sculptor; {@link
 * io.sculptor.openai.sdk.OpenAiSdkChatModel} is a {@link io.sculptor.model.StreamingChatModel}
 * over an {@code OpenAIClient}, for the agent loop. Request bodies are written by the adapter's wire
 * formats and handed to the SDK through its own JSON mapper, so the SDK sends exactly the body
 * {@link io.sculptor.openai.OpenAiChatModel} would send, and keeps its retries, timeouts and
 * credentials.
 *
 * @since 0.1
 */
package io.sculptor.openai.sdk;
