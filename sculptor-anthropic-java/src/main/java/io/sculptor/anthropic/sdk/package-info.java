/**
 * Sculptor over the official {@code anthropic-java} SDK: {@link
 * io.sculptor.anthropic.sdk.AnthropicSdkChatModel} is a {@link io.sculptor.model.ChatModel} that
 * sends the Messages API body Sculptor writes through an application's {@code AnthropicClient}.
 */
package io.sculptor.anthropic.sdk;
