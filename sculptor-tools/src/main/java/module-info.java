/**
 * Sculptor's tools and what runs them, one package per concern:
 * {@link io.sculptor.model} (the provider-neutral chat model SPI),
 * {@link io.sculptor.tools} (the six tools of the paper, the toolkit, sessions and summarizers),
 * {@link io.sculptor.agent} (the agent loop, policies, events and trajectories) and
 * {@link io.sculptor.store} (persistence: snapshots and the store SPI).
 */
// The qualified export names a module that is compiled after this one, so javac cannot find it
// here ("module not found"); that is expected.
@SuppressWarnings("module")
module io.sculptor.tools {
  requires transitive io.sculptor.core;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports io.sculptor.model;
  exports io.sculptor.tools;
  exports io.sculptor.agent;
  exports io.sculptor.store;
  // The JSON of messages and fragments, shared with the run recordings of sculptor-report so that
  // a recorded state reads exactly as a snapshot does.
  exports io.sculptor.store.internal to io.sculptor.report;
}
