/**
 * The provider-neutral chat model SPI: a {@link io.sculptor.model.ChatModel} takes a
 * {@link io.sculptor.model.ChatRequest} (view messages, {@link io.sculptor.model.ToolSpec tool specs}
 * and a {@link io.sculptor.model.ToolChoice}) and returns a {@link io.sculptor.model.ChatResponse}
 * (the assistant message and its {@link io.sculptor.model.Usage}), or fails with a
 * {@link io.sculptor.model.ChatModelException}. Adapters implement it for a provider; applications
 * implement it to bring their own client.
 */
package io.sculptor.model;
