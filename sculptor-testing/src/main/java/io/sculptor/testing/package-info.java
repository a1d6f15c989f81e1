/**
 * Test fixtures: {@link io.sculptor.testing.ScriptedChatModel} answers an agent from a script,
 * {@link io.sculptor.testing.LocalOpenAiServer} is an OpenAI-compatible endpoint on the loopback
 * interface for tests of HTTP clients, {@link io.sculptor.testing.StreamRecorder} records what a
 * stream hands its listener, and {@link io.sculptor.testing.TestConversations} generates seeded
 * key-value streams and agent transcripts.
 */
package io.sculptor.testing;
