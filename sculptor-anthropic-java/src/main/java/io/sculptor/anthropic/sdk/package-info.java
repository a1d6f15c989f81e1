/**
 * Sculptor over the official {@code anthropic-java} SDK: {@link io.sculptor.anthropic.sdk.AnthropicSdkChatModel}
 * sends the Messages API body that {@link io.sculptor.anthropic.MessagesFormat} writes through an
 * application's own {@code AnthropicClient}.
 */
package io.sculptor.anthropic.sdk;
