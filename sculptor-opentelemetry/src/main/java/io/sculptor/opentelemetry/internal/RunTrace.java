package io.sculptor.opentelemetry.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.sculptor.agent.AgentException;
import java.util.Locale;
import java.util.Objects;

/**
 * The open spans of one agent run: the run's span and, while they run, the current model call's or
 * tool call's. Each open span is current (its scope is open) on the run's thread, and scopes close
 * in the reverse order they opened. Not thread-safe: used by the thread that runs the agent.
 */
public final class RunTrace {
  private final Span agentSpan;
  private final Scope agentScope;
  private Span chatSpan;
  private Scope chatScope;
  private long chatStartNanos;
  private Span toolSpan;
  private Scope toolScope;

  /** Opens the run with its span, which becomes current. */
  public RunTrace(Span agentSpan) {
    this.agentSpan = Objects.requireNonNull(agentSpan, "agentSpan");
    this.agentScope = agentSpan.makeCurrent();
  }

  /** {@return the run's span} */
  public Span agentSpan() {
    return agentSpan;
  }

  /** {@return the span of the model call under way, or null} */
  public Span chatSpan() {
    return chatSpan;
  }

  /** {@return when the model call under way started, as a {@link System#nanoTime()}} */
  public long chatStartNanos() {
    return chatStartNanos;
  }

  /** {@return the span of the tool call under way, or null} */
  public Span toolSpan() {
    return toolSpan;
  }

  /** Opens a model call's span, which becomes current until {@link #closeChat()}. */
  public void openChat(Span span, long startNanos) {
    closeTool();
    closeChat();
    chatSpan = span;
    chatScope = span.makeCurrent();
    chatStartNanos = startNanos;
  }

  /** Ends the model call's span, if one is open. */
  public void closeChat() {
    if (chatSpan != null) {
      chatScope.close();
      chatSpan.end();
      chatSpan = null;
      chatScope = null;
    }
  }

  /** Opens a tool call's span, which becomes current until {@link #closeTool()}. */
  public void openTool(Span span) {
    closeTool();
    closeChat();
    toolSpan = span;
    toolScope = span.makeCurrent();
  }

  /** Ends the tool call's span, if one is open. */
  public void closeTool() {
    if (toolSpan != null) {
      toolScope.close();
      toolSpan.end();
      toolSpan = null;
      toolScope = null;
    }
  }

  /**
   * Ends every open span, innermost first; with a {@code failure}, marks the spans it interrupted
   * and the run's span as failed.
   */
  public void end(RuntimeException failure) {
    if (failure != null) {
      String type = errorType(failure);
      for (Span span : new Span[] {toolSpan, chatSpan, agentSpan}) {
        if (span != null) {
          span.setAttribute(TelemetryNames.ERROR_TYPE, type);
          span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
        }
      }
      (chatSpan != null ? chatSpan : agentSpan).recordException(failure);
    }
    closeTool();
    closeChat();
    agentScope.close();
    agentSpan.end();
  }

  /**
   * {@return the {@code error.type} of a failed run}: for a failed model call, the kind of failure
   * in lower case ({@code rate_limited}, {@code timeout}, {@code context_length_exceeded}, …);
   * otherwise the exception's class name
   */
  public static String errorType(RuntimeException failure) {
    if (failure instanceof AgentException agent) {
      return agent.modelFailure().kind().name().toLowerCase(Locale.ROOT);
    }
    return failure.getClass().getName();
  }
}
