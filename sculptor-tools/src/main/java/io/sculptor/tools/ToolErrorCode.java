package io.sculptor.tools;

/**
 * Why a tool call failed. Every failure leaves the state unchanged.
 *
 * @since 0.1
 */
public enum ToolErrorCode {
  /** No tool has the requested name. */
  UNKNOWN_TOOL,
  /** The arguments are not valid JSON. */
  INVALID_JSON,
  /** The arguments are valid JSON but not an object. */
  NOT_AN_OBJECT,
  /** A required parameter is missing. */
  MISSING_ARGUMENT,
  /** A parameter the tool does not define was sent. */
  UNKNOWN_ARGUMENT,
  /** A parameter has the wrong JSON type. */
  WRONG_TYPE,
  /** A number is outside its bounds, or a string is empty. */
  OUT_OF_RANGE,
  /** A string is not one of the allowed values. */
  NOT_ALLOWED,
  /** No fragment has the given id. */
  UNKNOWN_FRAGMENT,
  /** No search result has the given id. */
  UNKNOWN_SEARCH_RESULT,
  /** A marker was not found. */
  MARKER_NOT_FOUND,
  /** The end marker occurs only before the start marker. */
  END_MARKER_BEFORE_START,
  /** The region holds no text that can be fragmented. */
  EMPTY_REGION,
  /** The region partly overlaps an existing fragment. */
  OVERLAPS_FRAGMENT,
  /** The fragment covers a pinned message. */
  PINNED_MESSAGE,
  /** The summary would not be shorter than the fragment. */
  SUMMARY_NOT_SHORTER,
  /** A {@code return} was called with no open branch ({@link BranchTools}). */
  NO_OPEN_BRANCH,
  /**
   * {@code branch} or {@code return} was executed without an unanswered call of it in the latest
   * assistant message: these tools read open branches from the conversation ({@link BranchTools}).
   */
  CALL_NOT_IN_CONVERSATION,
  /** The summarizer failed (for example, its model endpoint was unreachable). */
  SUMMARIZER_FAILED,
  /** An unexpected internal error; reported and logged rather than thrown into the agent loop. */
  INTERNAL_ERROR
}
