/**
 * OpenTelemetry for agent runs: {@link io.sculptor.opentelemetry.AgentTelemetry}, an agent listener
 * that emits spans and metrics following the GenAI semantic conventions, plus Sculptor's context
 * metrics ({@code sculptor.context.*}).
 *
 * <p>The module has no module descriptor: the OpenTelemetry API jars declare only an
 * {@code Automatic-Module-Name}. Its jar declares {@code Automatic-Module-Name:
 * io.sculptor.opentelemetry}; {@code io.sculptor.opentelemetry.internal} is internal by convention.
 *
 * @since 0.1
 */
package io.sculptor.opentelemetry;
