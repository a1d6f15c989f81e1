/**
 * The context model: {@link io.sculptor.core.Message}, {@link io.sculptor.core.Conversation} and
 * {@link io.sculptor.core.ContextState}, the immutable snapshot on which every Sculptor operation
 * runs. Every type here is immutable and thread-safe unless its documentation says otherwise.
 */
package io.sculptor.core;
