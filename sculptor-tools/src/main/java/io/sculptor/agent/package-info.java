/**
 * The agent loop and what surrounds it: {@link io.sculptor.agent.ContextAgent} renders the view,
 * calls the model, runs Sculptor's tools and the application's, and repeats; reversible budget
 * {@link io.sculptor.agent.ContextPolicy policies}; {@link io.sculptor.agent.AgentEvent events} for
 * logging and tracing; and {@link io.sculptor.agent.Trajectory trajectories} that become training
 * samples with the paper's incremental loss assignment.
 */
package io.sculptor.agent;
