/** Runnable examples of Sculptor and the {@code sculptor} command line program. */
module io.sculptor.examples {
  requires io.sculptor.openai;

  exports io.sculptor.examples;
}
