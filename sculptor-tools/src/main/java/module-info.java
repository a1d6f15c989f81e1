/**
 * The six Sculptor tools as provider-neutral function-calling specs, their strict argument
 * handling and model-facing results, the {@link io.sculptor.tools.Summarizer} SPI, and what runs
 * them.
 */
module io.sculptor.tools {
  requires transitive io.sculptor.core;
  requires transitive com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports io.sculptor.tools;
}
