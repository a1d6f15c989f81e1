/**
 * Test fixtures for Sculptor and for applications' own unit tests: a scripted
 * {@link io.sculptor.model.ChatModel}, a local OpenAI-compatible HTTP server and seeded conversation
 * generators. It needs no test framework; any one can use it.
 */
module io.sculptor.testing {
  requires transitive io.sculptor.tools;
  // LocalOpenAiServer's handlers take and build Jackson trees.
  requires transitive com.fasterxml.jackson.databind;
  requires jdk.httpserver;

  exports io.sculptor.testing;
}
