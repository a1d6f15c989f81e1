/**
 * Sculptor for Anthropic's Messages API: {@link io.sculptor.anthropic.MessagesFormat} (lossless
 * translation of messages, content blocks, tools and responses), the HTTP
 * {@link io.sculptor.anthropic.AnthropicChatModel} (retries, typed errors, streaming, cache-aware
 * {@code cache_control} breakpoints) and {@link io.sculptor.anthropic.AnthropicTokenCounter}.
 */
package io.sculptor.anthropic;
