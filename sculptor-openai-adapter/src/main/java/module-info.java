/**
 * Sculptor for OpenAI-compatible endpoints: lossless wire translation of Chat Completions and
 * Responses API messages, an HTTP chat model, an LLM-backed summarizer and tiktoken-accurate
 * token counts.
 */
// jtokkit ships no module descriptor, so it is an automatic module; the warning about requiring
// one is expected and has no remedy on our side.
@SuppressWarnings("requires-automatic")
module io.sculptor.openai {
  requires transitive io.sculptor.tools;
  requires java.net.http;
  requires org.slf4j;
  requires jtokkit;

  exports io.sculptor.openai;
}
