package io.sculptor.tools.internal;

import io.sculptor.core.FailureReason;
import io.sculptor.core.Fragment;
import io.sculptor.core.FragmentStatus;
import io.sculptor.core.Refusal;
import io.sculptor.core.RoleFilter;
import io.sculptor.tools.ToolErrorCode;
import java.util.Locale;

/** Small pieces of the text that tool results are written in. */
public final class Texts {
  private Texts() {}

  /** {@return {@code value} with thousands separators, e.g. {@code 12,345}} */
  public static String number(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** {@return the role filter named {@code wireName} ({@code user}, {@code assistant}, {@code all})} */
  public static RoleFilter roles(String wireName) {
    return RoleFilter.valueOf(wireName.toUpperCase(Locale.ROOT));
  }

  /** {@return the messages a fragment covers, e.g. {@code message 3} or {@code messages 3-7}} */
  public static String messages(Fragment f) {
    return f.firstMessageIndex() == f.lastMessageIndex() ? "message " + f.firstMessageIndex()
        : "messages " + f.firstMessageIndex() + "-" + f.lastMessageIndex();
  }

  /** {@return the status of a fragment in a few words} */
  public static String status(FragmentStatus status) {
    return status instanceof FragmentStatus.Summarized ? "summarized" : status.toString();
  }

  /** {@return the first {@code count} words of {@code text}, at most about 48 characters} */
  public static String firstWords(String text, int count) {
    String[] words = text.strip().split("\\s+", count + 1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(count, words.length); i++) {
      out.append(i == 0 ? "" : " ").append(words[i]);
    }
    return clip(out.toString(), false);
  }

  /** {@return the last {@code count} words of {@code text}, at most about 48 characters} */
  public static String lastWords(String text, int count) {
    String[] words = text.strip().split("\\s+");
    StringBuilder out = new StringBuilder();
    for (int i = Math.max(0, words.length - count); i < words.length; i++) {
      out.append(out.length() == 0 ? "" : " ").append(words[i]);
    }
    return clip(out.toString(), true);
  }

  /**
   * {@return {@code text} itself when it has at most {@code max} characters, otherwise its start
   * with an ellipsis, never ending in half a surrogate pair}
   */
  public static String clip(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int to = max - 3;
    if (Character.isHighSurrogate(text.charAt(to - 1))) {
      to--;
    }
    return text.substring(0, to) + "...";
  }

  private static String clip(String text, boolean keepEnd) {
    if (text.length() <= 48) {
      return text;
    }
    if (keepEnd) {
      int from = text.length() - 45;
      if (Character.isLowSurrogate(text.charAt(from))) {
        from++;
      }
      return "..." + text.substring(from);
    }
    int to = 45;
    if (Character.isLowSurrogate(text.charAt(to))) {
      to--;
    }
    return text.substring(0, to) + "...";
  }

  /** {@return {@code text} in double quotes, shortened to about 60 characters, line breaks as \n} */
  public static String quote(String text) {
    return '"' + clip(text, 60).replace("\n", "\\n") + '"';
  }

  /**
   * {@return the text for a model that explains {@code refusal} and names the next step}: the
   * core states the facts, this writes them as a tool result
   */
  public static String explain(Refusal refusal) {
    if (refusal instanceof Refusal.MarkerNotFound r) {
      return String.format(Locale.ROOT, "%s marker %s was found 0 times in %s. %s",
          r.which() == Refusal.Marker.START ? "Start" : "End", quote(r.marker()), r.roles().description(),
          markerAdvice(r.roles()));
    } else if (refusal instanceof Refusal.EndMarkerBeforeStart r) {
      return String.format(Locale.ROOT,
          "End marker %s occurs %d time%s, but only before the start marker %s (first at message %d,"
              + " position %d). Choose an end marker that comes after the start marker, or swap them.",
          quote(r.endMarker()), r.endOccurrences(), r.endOccurrences() == 1 ? "" : "s", quote(r.startMarker()),
          r.start().messageIndex(), r.start().offset());
    } else if (refusal instanceof Refusal.EmptyRegion r) {
      return String.format(Locale.ROOT,
          "Messages %d to %d hold no text in %s that can be fragmented (system and pinned messages"
              + " never are). Choose other markers or role \"all\".",
          r.fromMessage(), r.toMessage(), r.roles().description());
    } else if (refusal instanceof Refusal.OverlapsFragment r) {
      return String.format(Locale.ROOT,
          "The region from message %d to message %d partly overlaps fragment %s (messages %d to %d)."
              + " Fragments may nest but not overlap: choose markers that enclose %s entirely or"
              + " lie inside it.",
          r.fromMessage(), r.toMessage(), r.fragment(), r.fragmentFirstMessage(), r.fragmentLastMessage(),
          r.fragment());
    } else if (refusal instanceof Refusal.UnknownFragment r) {
      if (r.fragments() == 0) {
        return "No fragment has id " + r.id() + ": there are no fragments yet. Call fragment_context first.";
      }
      return String.format(Locale.ROOT, "No fragment has id %s. There are %d fragments; the newest are %s.",
          r.id(), r.fragments(), String.join(", ", r.newest().stream().map(Object::toString).toList()));
    } else if (refusal instanceof Refusal.UnknownSearchResult r) {
      String known = r.latest().map(latest -> "Use an id from the latest search_context result, e.g. " + latest
          + " (only the latest " + r.remembered() + " results are remembered; search again for older ones).")
          .orElse("No search has been run yet; call search_context first.");
      return "No search result has id " + r.id() + ". " + known;
    } else if (refusal instanceof Refusal.PinnedMessage r) {
      return String.format(Locale.ROOT,
          "Fragment %s covers pinned message %d, which may not be folded or summarized. Fragment"
              + " a smaller region that leaves message %d out.", r.fragment(), r.messageIndex(), r.messageIndex());
    } else if (refusal instanceof Refusal.MessageHidden r) {
      return String.format(Locale.ROOT,
          "Message %d is partly hidden by fragment %s (%s). Restore it with restore_fragment %s, then pin.",
          r.messageIndex(), r.fragment(), r.status(), r.fragment());
    } else if (refusal instanceof Refusal.SummaryNotShorter r) {
      return String.format(Locale.ROOT,
          "The summary of %s has %,d characters with its focus, but the fragment itself has only %,d."
              + " Write a shorter summary or focus, or fold the fragment instead.",
          r.fragment(), r.summaryCharacters(), r.fragmentCharacters());
    }
    throw new IllegalArgumentException("unknown refusal [" + refusal + "]");
  }

  private static String markerAdvice(RoleFilter roles) {
    String shorter = "copy a shorter marker exactly from the text (case, spaces and punctuation count)";
    return roles == RoleFilter.ALL ? "Markers must match exactly: " + shorter + "."
        : "Try role \"all\", or " + shorter + ".";
  }

  /** {@return the tool error code for a refusal of the context state} */
  public static ToolErrorCode code(FailureReason reason) {
    return switch (reason) {
      case START_MARKER_NOT_FOUND, END_MARKER_NOT_FOUND -> ToolErrorCode.MARKER_NOT_FOUND;
      case END_MARKER_BEFORE_START -> ToolErrorCode.END_MARKER_BEFORE_START;
      case EMPTY_REGION -> ToolErrorCode.EMPTY_REGION;
      case OVERLAPS_FRAGMENT -> ToolErrorCode.OVERLAPS_FRAGMENT;
      case UNKNOWN_FRAGMENT -> ToolErrorCode.UNKNOWN_FRAGMENT;
      case UNKNOWN_SEARCH_RESULT -> ToolErrorCode.UNKNOWN_SEARCH_RESULT;
      case PINNED_MESSAGE, MESSAGE_HIDDEN -> ToolErrorCode.PINNED_MESSAGE;
      case SUMMARY_NOT_SHORTER -> ToolErrorCode.SUMMARY_NOT_SHORTER;
    };
  }
}
