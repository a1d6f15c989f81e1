package io.sculptor.openai.internal;

import java.util.Objects;

/**
 * One server-sent event: its type ({@code message} when the stream named none) and its data, the
 * {@code data:} lines joined by line breaks.
 *
 * @param type the event type
 * @param data the data
 */
public record SseEvent(String type, String data) {
  /** Checks that nothing is null. */
  public SseEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
  }
}
