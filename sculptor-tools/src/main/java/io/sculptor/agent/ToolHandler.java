package io.sculptor.agent;

/**
 * Executes one of the application's own tools for the agent loop. Implementations must be
 * thread-safe if the agent is shared between threads.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ToolHandler {
  /**
   * {@return the result text the model reads}
   *
   * @param arguments the arguments exactly as the model wrote them; may be invalid JSON
   * @throws RuntimeException to report a failure; the loop turns it into an error result for the
   *     model and goes on
   */
  String handle(String arguments);
}
