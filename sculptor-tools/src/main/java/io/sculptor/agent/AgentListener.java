package io.sculptor.agent;

/**
 * Receives the {@link AgentEvent events} of agent runs, on the thread that runs the agent. A
 * listener that throws stops the run with its exception.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface AgentListener {
  /** Handles one event. */
  void onEvent(AgentEvent event);
}
