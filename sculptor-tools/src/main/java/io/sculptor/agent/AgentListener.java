package io.sculptor.agent;

/**
 * Receives the {@link AgentEvent events} of agent runs, on the thread that runs the agent, in the
 * order they happen. A listener that throws does not stop the run: the agent logs the exception at
 * WARN, naming the event type, and goes on with the next listener and the run. A listener shared
 * by agents that run on several threads must be thread-safe.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface AgentListener {
  /** Handles one event. */
  void onEvent(AgentEvent event);
}
