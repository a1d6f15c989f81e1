package io.sculptor.tools;

import java.util.Objects;

/**
 * A branch the model opened with {@code branch} and has not returned from yet, as
 * {@link BranchTools#openBranches(io.sculptor.core.ContextState)} reads it from the conversation.
 *
 * <p>Value semantics, immutable, thread-safe.
 *
 * @since 0.1
 */
public final class OpenBranch {
  private final String description;
  private final String callId;
  private final int callMessageIndex;
  private final int firstMessageIndex;

  OpenBranch(String description, String callId, int callMessageIndex, int firstMessageIndex) {
    this.description = Objects.requireNonNull(description, "description");
    this.callId = Objects.requireNonNull(callId, "callId");
    this.callMessageIndex = callMessageIndex;
    this.firstMessageIndex = firstMessageIndex;
  }

  /** {@return the description the {@code branch} call gave} */
  public String description() {
    return description;
  }

  /** {@return the id of the {@code branch} tool call} */
  public String callId() {
    return callId;
  }

  /** {@return the index of the assistant message holding the {@code branch} call} */
  public int callMessageIndex() {
    return callMessageIndex;
  }

  /**
   * {@return the index of the first message of the branch}: the tool message answering the
   * {@code branch} call. A {@code return} folds this message and every later one.
   */
  public int firstMessageIndex() {
    return firstMessageIndex;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OpenBranch b
        && description.equals(b.description)
        && callId.equals(b.callId)
        && callMessageIndex == b.callMessageIndex
        && firstMessageIndex == b.firstMessageIndex;
  }

  @Override
  public int hashCode() {
    return Objects.hash(description, callId, callMessageIndex, firstMessageIndex);
  }

  @Override
  public String toString() {
    return "OpenBranch[\"" + description + "\", call " + callId + " in message " + callMessageIndex
        + ", from message " + firstMessageIndex + "]";
  }
}
