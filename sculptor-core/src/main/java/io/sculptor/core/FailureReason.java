package io.sculptor.core;

/**
 * Why an operation on a {@link ContextState} was refused. The state is unchanged in every case.
 *
 * @since 0.1
 */
public enum FailureReason {
  /** The start marker occurs in none of the searched messages. */
  START_MARKER_NOT_FOUND,
  /** The end marker occurs in none of the searched messages. */
  END_MARKER_NOT_FOUND,
  /** The end marker occurs, but only before the start marker. */
  END_MARKER_BEFORE_START,
  /** The region holds no text that may be fragmented (for example only pinned messages). */
  EMPTY_REGION,
  /** The region shares characters with a fragment without containing it or lying inside it. */
  OVERLAPS_FRAGMENT,
  /** No fragment has the given id. */
  UNKNOWN_FRAGMENT,
  /** No search result has the given id. */
  UNKNOWN_SEARCH_RESULT,
  /** The fragment covers a pinned message, which may not be folded or summarized. */
  PINNED_MESSAGE,
  /** The message to pin is hidden by a folded or summarized fragment. */
  MESSAGE_HIDDEN,
  /** The summary is not shorter than the text it would replace. */
  SUMMARY_NOT_SHORTER
}
