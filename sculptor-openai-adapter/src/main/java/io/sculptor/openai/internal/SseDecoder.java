package io.sculptor.openai.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a {@code text/event-stream} byte by byte, as the WHATWG HTML standard's event-stream
 * interpretation says: lines end with CR LF, LF or CR; a line starting with a colon is a comment;
 * {@code data} lines are joined with line breaks; {@code event} names the type; an empty line
 * dispatches the event, unless it has no data. Bytes may arrive cut anywhere, also inside a UTF-8
 * character or between CR and LF: a line is decoded only when it is whole, and no line break byte
 * occurs inside a UTF-8 character.
 *
 * <p>Not thread-safe: one stream, one reader.
 */
public final class SseDecoder {
  private byte[] line = new byte[256];
  private int lineLength;
  private boolean afterCarriageReturn;
  private boolean firstLine = true;
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;
  private String type = "";

  /**
   * Decodes the next bytes of the stream.
   *
   * @param bytes the bytes, consumed
   * @param events receives the events the bytes complete, in order
   */
  public void feed(ByteBuffer bytes, List<SseEvent> events) {
    while (bytes.hasRemaining()) {
      byte b = bytes.get();
      if (afterCarriageReturn) {
        afterCarriageReturn = false;
        if (b == '\n') {
          continue;
        }
      }
      if (b == '\n' || b == '\r') {
        afterCarriageReturn = b == '\r';
        line(events);
      } else {
        if (lineLength == line.length) {
          line = Arrays.copyOf(line, line.length * 2);
        }
        line[lineLength++] = b;
      }
    }
  }

  /** {@return how many bytes of an unfinished line are held} */
  public int pendingBytes() {
    return lineLength;
  }

  private void line(List<SseEvent> events) {
    String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
    lineLength = 0;
    if (firstLine) {
      firstLine = false;
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
    }
    if (text.isEmpty()) {
      if (hasData) {
        events.add(new SseEvent(type.isEmpty() ? "message" : type, data.toString()));
      }
      data.setLength(0);
      hasData = false;
      type = "";
      return;
    }
    if (text.charAt(0) == ':') {
      return;
    }
    int colon = text.indexOf(':');
    String field = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    if (field.equals("data")) {
      if (hasData) {
        data.append('\n');
      }
      data.append(value);
      hasData = true;
    } else if (field.equals("event")) {
      type = value;
    }
  }
}
