package io.sculptor.core;

import io.sculptor.core.internal.Region;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named part of the original conversation: one or more {@link Span spans}, at most one per
 * message, in message order, and a {@link FragmentStatus status} that decides how the spans show in
 * the view. A fragment never changes the original text; it changes only the view.
 *
 * <p>Fragments nest: any two fragments of a state either share no character, or every character
 * of one belongs to the other. The outer one decides what the view shows; see
 * {@link ContextState#restore(FragmentId)} for how restoring treats the inner ones.
 *
 * <p>Value semantics, immutable, thread-safe. Instances are made by {@link ContextState}.
 *
 * @since 0.1
 */
public final class Fragment {
  private final FragmentId id;
  private final int ordinal;
  private final List<Span> spans;
  private final FragmentStatus status;
  private final int characters;

  Fragment(FragmentId id, int ordinal, List<Span> spans, FragmentStatus status) {
    this.id = Objects.requireNonNull(id, "id");
    this.ordinal = ordinal;
    this.spans = List.copyOf(spans);
    this.status = Objects.requireNonNull(status, "status");
    int chars = 0;
    for (Span s : this.spans) {
      chars += s.length();
    }
    this.characters = chars;
  }

  /** {@return the fragment's id} */
  public FragmentId id() {
    return id;
  }

  /** {@return the spans of original text covered, one per message at most, in message order} */
  public List<Span> spans() {
    return spans;
  }

  /** {@return how the fragment shows in the view now} */
  public FragmentStatus status() {
    return status;
  }

  /** {@return the summary shown instead of the original, when the fragment is summarized} */
  public Optional<Summary> summary() {
    return status instanceof FragmentStatus.Summarized s ? Optional.of(s.summary()) : Optional.empty();
  }

  /** {@return the number of original characters covered} */
  public int characters() {
    return characters;
  }

  /** {@return the index of the first message this fragment covers} */
  public int firstMessageIndex() {
    return spans.get(0).messageIndex();
  }

  /** {@return the index of the last message this fragment covers} */
  public int lastMessageIndex() {
    return spans.get(spans.size() - 1).messageIndex();
  }

  /** {@return the span in message {@code messageIndex}, if this fragment covers part of it} */
  public Optional<Span> spanIn(int messageIndex) {
    int i = spanIndexOf(messageIndex);
    return i < 0 ? Optional.empty() : Optional.of(spans.get(i));
  }

  /**
   * {@return whether every character of {@code other} belongs to this fragment and this fragment
   * encloses it}: it has more characters, or the same ones and was created before it.
   */
  public boolean encloses(Fragment other) {
    if (other == this || other.ordinal == ordinal) {
      return false;
    }
    if (other.characters > characters || other.characters == characters && other.ordinal < ordinal) {
      return false;
    }
    for (Span s : other.spans) {
      int i = spanIndexOf(s.messageIndex());
      if (i < 0 || !spans.get(i).contains(s)) {
        return false;
      }
    }
    return true;
  }

  int ordinal() {
    return ordinal;
  }

  int spanIndexOf(int messageIndex) {
    return Region.indexOf(spans, messageIndex);
  }

  Fragment withStatus(FragmentStatus newStatus) {
    return newStatus.equals(status) ? this : new Fragment(id, ordinal, spans, newStatus);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fragment f
        && id.equals(f.id)
        && ordinal == f.ordinal
        && spans.equals(f.spans)
        && status.equals(f.status);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, ordinal, spans, status);
  }

  @Override
  public String toString() {
    return "Fragment[" + id + ", " + status + ", " + characters + " chars in " + spans.size()
        + " message(s) from " + firstMessageIndex() + "]";
  }
}
