/**
 * Sculptor for OpenAI-compatible endpoints: wire formats, an HTTP chat model, an LLM-backed
 * summarizer and tiktoken-accurate token counts.
 */
package io.sculptor.openai;
