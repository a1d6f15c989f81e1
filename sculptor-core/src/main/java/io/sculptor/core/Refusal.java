package io.sculptor.core;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a {@link ContextState} refused an operation, with the values that explain it: the marker
 * that was not found, the fragment that overlaps, the sizes that do not fit. The core states
 * facts; what to tell a model (and what it should do next) is written by the tools module from
 * these values, so that applications, drivers and tests read typed results instead of text.
 *
 * <p>Each kind is a record whose components are the facts of that refusal. Value semantics,
 * immutable, thread-safe.
 *
 * @since 0.1
 */
public sealed interface Refusal {
  /** {@return the kind of refusal} */
  FailureReason reason();

  /** {@return a short statement of the facts for logs and developers, with values in brackets} */
  String describe();

  /** Which of the two markers of a region. */
  enum Marker {
    /** The marker where the region starts. */
    START,
    /** The marker where the region ends. */
    END
  }

  /**
   * A marker occurs in none of the searched messages.
   *
   * @param which the start or the end marker
   * @param marker the marker text
   * @param roles the messages that were searched
   */
  record MarkerNotFound(Marker which, String marker, RoleFilter roles) implements Refusal {
    /** Checks that nothing is null. */
    public MarkerNotFound {
      Objects.requireNonNull(which, "which");
      Objects.requireNonNull(marker, "marker");
      Objects.requireNonNull(roles, "roles");
    }

    @Override
    public FailureReason reason() {
      return which == Marker.START ? FailureReason.START_MARKER_NOT_FOUND : FailureReason.END_MARKER_NOT_FOUND;
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "%s marker [%s] not found in %s",
          which.name().toLowerCase(Locale.ROOT), marker, roles.description());
    }
  }

  /**
   * The end marker occurs, but never after the start marker.
   *
   * @param startMarker the start marker text
   * @param endMarker the end marker text
   * @param endOccurrences how often the end marker occurs, all before the start
   * @param start where the start marker was found
   */
  record EndMarkerBeforeStart(String startMarker, String endMarker, int endOccurrences, TextPosition start)
      implements Refusal {
    /** Checks that nothing is null. */
    public EndMarkerBeforeStart {
      Objects.requireNonNull(startMarker, "startMarker");
      Objects.requireNonNull(endMarker, "endMarker");
      Objects.requireNonNull(start, "start");
    }

    @Override
    public FailureReason reason() {
      return FailureReason.END_MARKER_BEFORE_START;
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "end marker [%s] occurs [%d] times, only before start marker [%s] at %s",
          endMarker, endOccurrences, startMarker, start);
    }
  }

  /**
   * The region holds no text that may be fragmented.
   *
   * @param fromMessage the first message of the region
   * @param toMessage the last message of the region
   * @param roles the messages the region was limited to
   */
  record EmptyRegion(int fromMessage, int toMessage, RoleFilter roles) implements Refusal {
    /** Checks that nothing is null. */
    public EmptyRegion {
      Objects.requireNonNull(roles, "roles");
    }

    @Override
    public FailureReason reason() {
      return FailureReason.EMPTY_REGION;
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "messages [%d] to [%d] hold no fragmentable text in %s",
          fromMessage, toMessage, roles.description());
    }
  }

  /**
   * The region partly overlaps a fragment: it neither contains it nor lies inside it.
   *
   * @param fromMessage the first message of the region
   * @param toMessage the last message of the region
   * @param fragment the fragment it overlaps
   * @param fragmentFirstMessage the first message of that fragment
   * @param fragmentLastMessage the last message of that fragment
   */
  record OverlapsFragment(int fromMessage, int toMessage, FragmentId fragment, int fragmentFirstMessage,
      int fragmentLastMessage) implements Refusal {
    /** Checks that nothing is null. */
    public OverlapsFragment {
      Objects.requireNonNull(fragment, "fragment");
    }

    @Override
    public FailureReason reason() {
      return FailureReason.OVERLAPS_FRAGMENT;
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "region of messages [%d] to [%d] partly overlaps fragment [%s]",
          fromMessage, toMessage, fragment);
    }
  }

  /**
   * No fragment has the id.
   *
   * @param id the id asked for
   * @param fragments how many fragments the state has
   * @param newest the ids of the newest fragments, oldest first, at most eight
   */
  record UnknownFragment(FragmentId id, int fragments, List<FragmentId> newest) implements Refusal {
    /** Copies the list and checks that nothing is null. */
    public UnknownFragment {
      Objects.requireNonNull(id, "id");
      newest = List.copyOf(newest);
    }

    @Override
    public FailureReason reason() {
      return FailureReason.UNKNOWN_FRAGMENT;
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "no fragment [%s] among [%d]", id, fragments);
    }
  }

  /**
   * No remembered search hit has the id.
   *
   * @param id the id asked for
   * @param latest the id of the newest remembered hit, if any search was run
   * @param remembered how many hits a state remembers at most
   */
  record UnknownSearchResult(SearchResultId id, Optional<SearchResultId> latest, int remembered)
      implements Refusal {
    /** Checks that nothing is null. */
    public UnknownSearchResult {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(latest, "latest");
    }

    @Override
    public FailureReason reason() {
      return FailureReason.UNKNOWN_SEARCH_RESULT;
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "no remembered search hit [%s]", id);
    }
  }

  /**
   * The fragment covers a pinned message, which may not be folded or summarized.
   *
   * @param fragment the fragment
   * @param messageIndex the pinned message it covers
   */
  record PinnedMessage(FragmentId fragment, int messageIndex) implements Refusal {
    /** Checks that nothing is null. */
    public PinnedMessage {
      Objects.requireNonNull(fragment, "fragment");
    }

    @Override
    public FailureReason reason() {
      return FailureReason.PINNED_MESSAGE;
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "fragment [%s] covers pinned message [%d]", fragment, messageIndex);
    }
  }

  /**
   * The message to pin is partly hidden by a folded or summarized fragment.
   *
   * @param messageIndex the message
   * @param fragment the fragment that hides part of it
   * @param status how that fragment shows now
   */
  record MessageHidden(int messageIndex, FragmentId fragment, FragmentStatus status) implements Refusal {
    /** Checks that nothing is null. */
    public MessageHidden {
      Objects.requireNonNull(fragment, "fragment");
      Objects.requireNonNull(status, "status");
    }

    @Override
    public FailureReason reason() {
      return FailureReason.MESSAGE_HIDDEN;
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "message [%d] is hidden by fragment [%s] (%s)", messageIndex, fragment,
          status);
    }
  }

  /**
   * The summary, with its focus, is not shorter than the fragment.
   *
   * @param fragment the fragment
   * @param summaryCharacters the characters of the summary text and its focus
   * @param fragmentCharacters the characters of the fragment
   */
  record SummaryNotShorter(FragmentId fragment, long summaryCharacters, int fragmentCharacters)
      implements Refusal {
    /** Checks that nothing is null. */
    public SummaryNotShorter {
      Objects.requireNonNull(fragment, "fragment");
    }

    @Override
    public FailureReason reason() {
      return FailureReason.SUMMARY_NOT_SHORTER;
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "summary of fragment [%s] has [%d] characters, the fragment [%d]",
          fragment, summaryCharacters, fragmentCharacters);
    }
  }
}
