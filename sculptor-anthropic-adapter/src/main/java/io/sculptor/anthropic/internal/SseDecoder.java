package io.sculptor.anthropic.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a server-sent event stream (the WHATWG {@code text/event-stream} format) from bytes that
 * arrive in chunks cut anywhere — inside a line, a line break, or a UTF-8 character: a line is
 * decoded only once its line break has arrived. Lines end with LF, CRLF or CR; a blank line ends
 * an event; {@code event:} names it, {@code data:} lines are joined by LF, comments and other fields
 * are ignored.
 *
 * <p>Not thread-safe: one decoder per stream.
 */
public final class SseDecoder {
  /**
   * One event.
   *
   * @param name the {@code event:} field, {@code message} when absent
   * @param data the {@code data:} lines joined by LF
   */
  public record Event(String name, String data) {}

  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private boolean afterCarriageReturn;
  private String name;
  private StringBuilder data;

  /** {@return the events that {@code chunk} completes}, in order */
  public List<Event> feed(byte[] chunk) {
    List<Event> events = new ArrayList<>();
    for (byte b : chunk) {
      if (b == '\n' && afterCarriageReturn) {
        afterCarriageReturn = false;
        continue;
      }
      afterCarriageReturn = b == '\r';
      if (b == '\n' || b == '\r') {
        endLine(events);
      } else {
        line.write(b);
      }
    }
    return events;
  }

  /** {@return the event a stream that ends without a final blank line leaves}, if any */
  public List<Event> finish() {
    List<Event> events = new ArrayList<>();
    if (line.size() > 0) {
      endLine(events);
    }
    endLine(events);
    return events;
  }

  private void endLine(List<Event> events) {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (text.isEmpty()) {
      if (data != null) {
        events.add(new Event(name == null ? "message" : name, data.toString()));
      }
      name = null;
      data = null;
      return;
    }
    if (text.startsWith(":")) {
      return;
    }
    int colon = text.indexOf(':');
    String field = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    if (field.equals("event")) {
      name = value;
    } else if (field.equals("data")) {
      if (data == null) {
        data = new StringBuilder(value);
      } else {
        data.append('\n').append(value);
      }
    }
  }
}
