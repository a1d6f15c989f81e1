package io.sculptor.store.jdbc.internal;

import io.sculptor.core.FragmentId;
import io.sculptor.core.FragmentStatus;
import io.sculptor.core.Span;
import io.sculptor.core.StateSnapshot;
import io.sculptor.core.Summary;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32C;

/** How the parts of a state are written into columns and read back. */
public final class Rows {
  private Rows() {}

  /** {@return the CRC-32C of the given column values, joined so that no two lists collide} */
  public static long crc(String... values) {
    CRC32C crc = new CRC32C();
    for (String v : values) {
      byte[] bytes = v == null ? new byte[] {(byte) 0xff} : v.getBytes(StandardCharsets.UTF_8);
      crc.update(bytes);
      crc.update(0);
      crc.update(bytes.length);
    }
    return crc.getValue();
  }

  /** {@return the spans as {@code message:start:end} separated by commas} */
  public static String spans(List<Span> spans) {
    StringBuilder out = new StringBuilder();
    for (Span s : spans) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(s.messageIndex()).append(':').append(s.start()).append(':').append(s.end());
    }
    return out.toString();
  }

  /** {@return the spans {@link #spans(List)} wrote} */
  public static List<Span> spans(String text) {
    List<Span> spans = new ArrayList<>();
    for (String s : text.split(",")) {
      String[] parts = s.split(":");
      if (parts.length != 3) {
        throw new IllegalArgumentException("spans must be message:start:end triples, got [" + abbreviate(text) + "]");
      }
      spans.add(new Span(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
    }
    return spans;
  }

  /** {@return the name of a status in the {@code status} column} */
  public static String status(FragmentStatus status) {
    return status instanceof FragmentStatus.Summarized ? "summarized" : status.toString();
  }

  /** {@return the summary text of a status, or null} */
  public static String summary(FragmentStatus status) {
    return status instanceof FragmentStatus.Summarized s ? s.summary().text() : null;
  }

  /** {@return the summary focus of a status, or null} */
  public static String focus(FragmentStatus status) {
    return status instanceof FragmentStatus.Summarized s ? s.summary().focus() : null;
  }

  /** {@return the CRC of a fragment row} */
  public static long crc(StateSnapshot.FragmentRecord f) {
    return crc(f.id().value(), spans(f.spans()), status(f.status()), summary(f.status()), focus(f.status()));
  }

  /** {@return the fragment of a row} */
  public static StateSnapshot.FragmentRecord fragment(String id, String spans, String status, String summary,
      String focus) {
    FragmentStatus parsed = switch (status) {
      case "visible" -> FragmentStatus.visible();
      case "folded" -> FragmentStatus.folded();
      case "summarized" -> {
        if (summary == null || focus == null) {
          throw new IllegalArgumentException("a summarized fragment needs a summary and a focus");
        }
        yield FragmentStatus.summarized(new Summary(summary, focus));
      }
      default -> throw new IllegalArgumentException("unknown status [" + abbreviate(status) + "]");
    };
    return StateSnapshot.FragmentRecord.of(FragmentId.of(id), spans(spans), parsed);
  }

  /** {@return the pins as ascending numbers separated by commas} */
  public static String pins(Set<Integer> pins) {
    StringBuilder out = new StringBuilder();
    for (int p : pins) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(p);
    }
    return out.toString();
  }

  /** {@return the pins {@link #pins(Set)} wrote} */
  public static Set<Integer> pins(String text) {
    Set<Integer> pins = new TreeSet<>();
    if (!text.isEmpty()) {
      for (String p : text.split(",")) {
        pins.add(Integer.parseInt(p));
      }
    }
    return pins;
  }

  static String abbreviate(String text) {
    return text.length() <= 50 ? text : text.substring(0, 47) + "...";
  }

  /** {@return a message with the row named} */
  public static String where(String table, String key, long value) {
    return String.format(Locale.ROOT, "row %s=[%d] of %s", key, value, table);
  }
}
