/**
 * Sculptor for OpenAI-compatible endpoints: the Chat Completions and Responses wire formats,
 * streaming HTTP models for both APIs, an LLM-backed summarizer and tiktoken-accurate token counts.
 */
package io.sculptor.openai;
