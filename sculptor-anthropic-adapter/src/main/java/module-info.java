/**
 * Sculptor for the Anthropic Messages API: the lossless wire format, an HTTP chat model that
 * streams, cache-aware prompt-caching breakpoints and token counts.
 */
module io.sculptor.anthropic {
  requires transitive io.sculptor.tools;
  requires transitive com.fasterxml.jackson.databind;
  requires transitive java.net.http;
  requires org.slf4j;

  exports io.sculptor.anthropic;
}
