package io.sculptor.report.internal;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Marks up text the model saw: the markers that stand for folded and summarized fragments become
 * links to the fragment that hid the text, and every id of a fragment or search hit the run knows
 * becomes a link to it. Everything else is escaped.
 *
 * <p>A marker is recognised by its opening ({@code [fragment ID folded}, {@code [summary of
 * fragment ID}, {@code [fragment ID continues here}) and its closing, which names the same id, and
 * only for the fragments the step's state hides, so text that merely looks like a marker is left alone.
 *
 * <p>Immutable and thread-safe. Not an API.
 */
final class TextMarkup {
  private static final Pattern MARKER = Pattern.compile("\\[(summary of )?fragment (f[0-9a-z]{5})( folded| continues here)?");
  private static final Pattern ID = Pattern.compile("\\b([fs][0-9a-z]{5})\\b");

  private final Set<String> fragmentIds;
  private final Set<String> hitIds;

  /**
   * @param fragmentIds the fragments to link to
   * @param hitIds the search hits to link to
   */
  TextMarkup(Set<String> fragmentIds, Set<String> hitIds) {
    this.fragmentIds = fragmentIds;
    this.hitIds = hitIds;
  }

  /**
   * Appends {@code text} to {@code out}, with the markers of {@code hidden} (fragment id to
   * {@code folded} or {@code summarized}) as links, and known ids linked.
   */
  void appendView(String text, Map<String, String> hidden, StringBuilder out) {
    int at = 0;
    Matcher m = MARKER.matcher(text);
    int from = 0;
    while (!hidden.isEmpty() && m.find(from)) {
      String id = m.group(2);
      int end = hidden.containsKey(id) ? markerEnd(text, m, id) : -1;
      if (end < 0) {
        from = m.start() + 1;
        continue;
      }
      appendText(text, at, m.start(), out);
      String status = hidden.get(id);
      out.append("<a class=\"marker ").append(status).append("\" href=\"#frag-").append(id).append("\" data-frag=\"")
          .append(id).append("\" title=\"fragment ").append(id).append(' ').append(status).append("\">");
      Html.escape(text, m.start(), end, out);
      out.append("</a>");
      at = end;
      from = end;
    }
    appendText(text, at, text.length(), out);
  }

  private static int markerEnd(String text, Matcher m, String id) {
    String close;
    if (m.group(1) != null) {
      close = "[end of summary " + id + "]";
    } else if (" folded".equals(m.group(3))) {
      close = "restore_fragment " + id + " shows them]";
    } else if (m.group(3) != null) {
      close = "]";
    } else {
      return -1;
    }
    int found = text.indexOf(close, m.end());
    return found < 0 ? -1 : found + close.length();
  }

  /** Appends {@code text[from, to)}, escaped, with known fragment and search hit ids linked. */
  void appendText(String text, int from, int to, StringBuilder out) {
    Matcher m = ID.matcher(text).region(from, to).useTransparentBounds(true);
    int at = from;
    while (m.find()) {
      String id = m.group(1);
      boolean fragment = id.charAt(0) == 'f' && fragmentIds.contains(id);
      boolean hit = id.charAt(0) == 's' && hitIds.contains(id);
      if (!fragment && !hit) {
        continue;
      }
      Html.escape(text, at, m.start(), out);
      out.append("<a class=\"ref\" href=\"#").append(fragment ? "frag-" : "hit-").append(id).append("\">").append(id)
          .append("</a>");
      at = m.end();
    }
    Html.escape(text, at, to, out);
  }
}
