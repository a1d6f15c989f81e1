package io.sculptor.tools.internal;

import io.sculptor.core.FailureReason;
import io.sculptor.core.Fragment;
import io.sculptor.core.FragmentStatus;
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
