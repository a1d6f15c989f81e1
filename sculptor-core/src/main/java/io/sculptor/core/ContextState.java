package io.sculptor.core;

import io.sculptor.core.internal.IdSequence;
import io.sculptor.core.internal.Markers;
import io.sculptor.core.internal.Preconditions;
import io.sculptor.core.internal.Region;
import io.sculptor.core.internal.SnapshotReader;
import io.sculptor.core.internal.TextFinder;
import io.sculptor.core.internal.TokenTotals;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One immutable snapshot of an agent's context: the original conversation, the fragments over it,
 * the remembered search hits, the pinned messages and the id generator.
 *
 * <p>Every operation returns a new snapshot and never changes this one. Operations that can be
 * refused return an {@link Outcome}: a new state and a typed result, or a
 * {@link Outcome.Failure} that names the reason and carries this very state. The original
 * conversation is never changed by any operation but {@link #append(Message)}, which adds to it.
 *
 * <p>What the model sees is the {@link #view()}: the original messages, in the same number and
 * order, with the same roles, tool calls and tool-call ids, where the text of each folded fragment
 * is replaced by a short marker naming it and the text of each summarized fragment by its summary.
 * A state on which no fragment was folded or summarized renders exactly the original.
 *
 * <p>The view's token total ({@link #viewTokens()}) is kept current by every edit at the cost of
 * the messages the edit touches, not of the whole conversation.
 *
 * <p>Value semantics (the token counter takes part in equality by its own {@code equals}),
 * immutable, thread-safe.
 *
 * @since 0.1
 */
public final class ContextState {
  /** The most pieces one call may split a region into. */
  public static final int MAX_PIECES = 1000;

  /**
   * How many search hits a state remembers for {@link #searchDetail(SearchResultId, int)}; older
   * ones are forgotten first, so that a long session's memory stays bounded. Their ids are never
   * handed out again.
   */
  public static final int MAX_REMEMBERED_SEARCH_HITS = 1000;

  private final Conversation original;
  private final TokenCounter counter;
  private final IdSequence ids;
  private final Fragment[] fragments;
  private final Map<FragmentId, Integer> ordinals;
  private final int[][] fragmentsByMessage;
  private final Map<SearchResultId, StoredHit> searchHits;
  private final Set<Integer> pinned;
  private final TokenTotals tokens;

  private ContextState(Conversation original, TokenCounter counter, IdSequence ids,
      Fragment[] fragments, Map<FragmentId, Integer> ordinals, int[][] fragmentsByMessage,
      Map<SearchResultId, StoredHit> searchHits, Set<Integer> pinned, TokenTotals tokens) {
    this.original = original;
    this.counter = counter;
    this.ids = ids;
    this.fragments = fragments;
    this.ordinals = ordinals;
    this.fragmentsByMessage = fragmentsByMessage;
    this.searchHits = searchHits;
    this.pinned = pinned;
    this.tokens = tokens;
  }

  /** {@return a state over {@code conversation} with seed 0 and the estimating token counter} */
  public static ContextState of(Conversation conversation) {
    return of(conversation, 0L, TokenCounter.estimator());
  }

  /**
   * {@return a state over {@code conversation} on which no tool has run}
   *
   * @param conversation the original conversation
   * @param seed the seed of the id generator; the same seed and operations give the same ids
   * @param counter the token counter for the view's totals; called once per message here
   */
  public static ContextState of(Conversation conversation, long seed, TokenCounter counter) {
    Objects.requireNonNull(conversation, "conversation");
    Objects.requireNonNull(counter, "counter");
    int n = conversation.size();
    int[] overhead = new int[n];
    int[] content = new int[n];
    for (int i = 0; i < n; i++) {
      Message m = conversation.get(i);
      overhead[i] = counter.countMessageOverhead(m);
      content[i] = counter.countTokens(m.content());
    }
    int[][] byMessage = new int[n][];
    Arrays.fill(byMessage, NO_FRAGMENTS);
    return new ContextState(conversation, counter, new IdSequence(seed, 0), new Fragment[0],
        Map.of(), byMessage, Map.of(), Set.of(), TokenTotals.of(overhead, content, content));
  }

  private static final int[] NO_FRAGMENTS = new int[0];

  // ---------------------------------------------------------------- reading

  /** {@return the original conversation, never changed by any edit} */
  public Conversation original() {
    return original;
  }

  /** {@return the conversation as the model sees it now} */
  public Conversation view() {
    List<Message> messages = new ArrayList<>(original.size());
    for (int i = 0; i < original.size(); i++) {
      messages.add(viewMessage(i));
    }
    return Conversation.of(messages);
  }

  /** {@return message {@code index} as the model sees it now} */
  public Message viewMessage(int index) {
    Message message = original.get(index);
    List<Fragment> hidden = maximalHidden(index, fragments);
    return hidden.isEmpty() ? message : message.withContent(render(index, hidden));
  }

  /** The content of message {@code m} with each of {@code hidden} replaced by its marker. */
  private String render(int m, List<Fragment> hidden) {
    String content = original.get(m).content();
    StringBuilder out = new StringBuilder();
    int at = 0;
    for (Fragment f : hidden) {
      Span span = f.spans().get(f.spanIndexOf(m));
      out.append(content, at, span.start()).append(marker(f, m));
      at = span.end();
    }
    return out.append(content, at, content.length()).toString();
  }

  /** {@return the tokens of the view: content and per-message overhead, under the state's counter} */
  public long viewTokens() {
    return tokens.viewTotal();
  }

  /** {@return the tokens of message {@code index} as the view shows it, overhead included} */
  public int viewTokens(int index) {
    return tokens.view(index);
  }

  /** {@return the tokens of the original conversation, under the state's counter} */
  public long originalTokens() {
    return tokens.originalTotal();
  }

  /** {@return the token counter of this state} */
  public TokenCounter tokenCounter() {
    return counter;
  }

  /** {@return the seed of the id generator} */
  public long seed() {
    return ids.seed();
  }

  /** {@return how many ids this state has drawn from its generator} */
  public long idsDrawn() {
    return ids.counter();
  }

  /** {@return every fragment, in the order they were created} */
  public List<Fragment> fragments() {
    return List.of(fragments);
  }

  /** {@return the fragment with {@code id}, if there is one} */
  public Optional<Fragment> fragment(FragmentId id) {
    Integer ordinal = ordinals.get(Objects.requireNonNull(id, "id"));
    return ordinal == null ? Optional.empty() : Optional.of(fragments[ordinal]);
  }

  /**
   * {@return the original text of fragment {@code id}}: its spans in order, separated by a blank
   * line when it covers several messages
   */
  public Optional<String> originalText(FragmentId id) {
    return fragment(id).map(f -> {
      StringBuilder text = new StringBuilder(f.characters() + 2 * f.spans().size());
      for (Span s : f.spans()) {
        if (text.length() > 0) {
          text.append("\n\n");
        }
        text.append(original.get(s.messageIndex()).content(), s.start(), s.end());
      }
      return text.toString();
    });
  }

  /**
   * {@return the fragment that hides the character at {@code offset} of message
   * {@code messageIndex} from the view, if any}: the outermost folded or summarized fragment
   * covering it
   */
  public Optional<FragmentId> hiddenBy(int messageIndex, int offset) {
    Objects.checkIndex(messageIndex, original.size());
    return hider(maximalHidden(messageIndex, fragments), messageIndex, offset);
  }

  private static Optional<FragmentId> hider(List<Fragment> hiddenInMessage, int messageIndex, int offset) {
    for (Fragment f : hiddenInMessage) {
      Span s = f.spans().get(f.spanIndexOf(messageIndex));
      if (s.start() <= offset && offset < s.end()) {
        return Optional.of(f.id());
      }
    }
    return Optional.empty();
  }

  /** {@return the indexes of the messages pinned by the application, in ascending order} */
  public Set<Integer> pinnedMessages() {
    return pinned;
  }

  /** {@return whether message {@code index} may never be folded or summarized} */
  public boolean isPinned(int index) {
    return original.get(index).role() == Role.SYSTEM || pinned.contains(index);
  }

  /** {@return the ids of the remembered search hits, in the order they were found} */
  public List<SearchResultId> searchResultIds() {
    return List.copyOf(searchHits.keySet());
  }

  // ---------------------------------------------------------------- snapshots

  /**
   * {@return this state as plain data, for persistence}, with the token counts of every message
   * when the state's counter names its {@link TokenCounter#encoding() encoding}
   */
  public StateSnapshot snapshot() {
    List<StateSnapshot.FragmentRecord> records = new ArrayList<>(fragments.length);
    for (Fragment f : fragments) {
      records.add(StateSnapshot.FragmentRecord.of(f.id(), f.spans(), f.status()));
    }
    List<StateSnapshot.SearchHitRecord> hits = new ArrayList<>(searchHits.size());
    for (StoredHit h : searchHits.values()) {
      hits.add(StateSnapshot.SearchHitRecord.of(h.id(), h.query(), h.messageIndex(), h.offset()));
    }
    StateSnapshot snapshot = StateSnapshot.of(original, ids.seed(), ids.counter(), records, hits, pinned);
    Optional<String> encoding = counter.encoding();
    return encoding.isEmpty() ? snapshot : snapshot.withTokenCounts(StateSnapshot.TokenCounts.of(
        encoding.get(), tokens.overheadArray(), tokens.contentArray(), tokens.viewContentArray()));
  }

  /**
   * {@return the state that {@code snapshot} describes, with token totals counted by
   * {@code counter}}; equal to the state the snapshot was taken from when the counters are equal.
   * Takes time O(s log s) in the number of spans s, and counts every message and span once.
   *
   * @throws IllegalArgumentException if the snapshot is not one a state could have reached:
   *     {@code idsDrawn} negative or beyond the 60,466,176 ids the generator draws, more than
   *     {@link #MAX_REMEMBERED_SEARCH_HITS} search hits, a span outside its message, inside a
   *     surrogate pair or in a system message, a fragment with spans out of order, two fragments
   *     that partly overlap, a summary not shorter than its fragment, a duplicate or malformed id, a
   *     search hit whose text is not at its position, a pin outside the conversation or on a hidden
   *     message; the message names the first problem and its field
   */
  public static ContextState fromSnapshot(StateSnapshot snapshot, TokenCounter counter) {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(counter, "counter");
    int[][] byMessage = SnapshotReader.check(snapshot);
    Conversation conversation = snapshot.conversation();
    List<StateSnapshot.FragmentRecord> records = snapshot.fragments();
    Fragment[] table = new Fragment[records.size()];
    Map<FragmentId, Integer> byId = new HashMap<>(Math.max(16, records.size() * 2));
    for (int o = 0; o < table.length; o++) {
      StateSnapshot.FragmentRecord record = records.get(o);
      table[o] = new Fragment(record.id(), o, record.spans(), record.status());
      byId.put(record.id(), o);
    }
    Map<SearchResultId, StoredHit> hits = new LinkedHashMap<>();
    for (StateSnapshot.SearchHitRecord h : snapshot.searchHits()) {
      hits.put(h.id(), new StoredHit(h.id(), h.query(), h.messageIndex(), h.offset(), h.query().length()));
    }
    ContextState untallied = new ContextState(conversation, counter,
        new IdSequence(snapshot.seed(), snapshot.idsDrawn()), table, Collections.unmodifiableMap(byId), byMessage,
        Collections.unmodifiableMap(hits), snapshot.pinned(), TokenTotals.empty());
    Optional<StateSnapshot.TokenCounts> stored = snapshot.tokenCounts()
        .filter(c -> counter.encoding().isPresent() && c.encoding().equals(counter.encoding().get()));
    TokenTotals tallied = stored.flatMap(untallied::storedTotals).orElseGet(untallied::countedTotals);
    return new ContextState(conversation, counter, untallied.ids, table, untallied.ordinals, byMessage,
        untallied.searchHits, snapshot.pinned(), tallied);
  }

  /**
   * The totals {@code counts} give, if they can describe this state: a message that shows no
   * marker must count as much in the view as in the original. Stored counts are a cache; when
   * they cannot be right the caller counts instead.
   */
  private Optional<TokenTotals> storedTotals(StateSnapshot.TokenCounts counts) {
    int[] content = counts.contentUnsafe();
    int[] view = counts.viewContentUnsafe();
    for (int m = 0; m < original.size(); m++) {
      if (view[m] != content[m] && maximalHidden(m, fragments).isEmpty()) {
        return Optional.empty();
      }
    }
    return Optional.of(TokenTotals.of(counts.overheadUnsafe(), content, view));
  }

  /** The totals of this state counted with its counter: each message once, and the view of each that hides text. */
  private TokenTotals countedTotals() {
    int n = original.size();
    int[] overhead = new int[n];
    int[] content = new int[n];
    int[] view = new int[n];
    for (int m = 0; m < n; m++) {
      Message message = original.get(m);
      overhead[m] = counter.countMessageOverhead(message);
      content[m] = counter.countTokens(message.content());
      List<Fragment> hidden = maximalHidden(m, fragments);
      view[m] = hidden.isEmpty() ? content[m] : counter.countTokens(render(m, hidden));
    }
    return TokenTotals.of(overhead, content, view);
  }

  // ---------------------------------------------------------------- conversation edits

  /**
   * {@return a state with {@code message} added at the end of the original conversation}. Existing
   * fragments, search hits and pins are kept; the new message is visible.
   */
  public ContextState append(Message message) {
    Objects.requireNonNull(message, "message");
    int n = original.size();
    int overhead = counter.countMessageOverhead(message);
    int content = counter.countTokens(message.content());
    int[][] byMessage = Arrays.copyOf(fragmentsByMessage, n + 1);
    byMessage[n] = NO_FRAGMENTS;
    return new ContextState(original.append(message), counter, ids, fragments, ordinals, byMessage,
        searchHits, pinned, tokens.append(overhead, content));
  }

  /**
   * Pins message {@code index} so that nothing folds or summarizes it: later fragments skip it
   * and folding or summarizing a fragment that covers it is refused. System messages are always
   * pinned.
   *
   * @return the state with the pin, or a {@link FailureReason#MESSAGE_HIDDEN} failure when a folded
   *     or summarized fragment hides part of the message now (restore it first)
   * @throws IndexOutOfBoundsException if there is no message {@code index}
   */
  public Outcome<Message> pin(int index) {
    Message message = original.get(index);
    if (isPinned(index)) {
      return new Outcome.Success<>(this, message);
    }
    for (int ordinal : fragmentsByMessage[index]) {
      Fragment f = fragments[ordinal];
      if (f.status().hidesOriginal()) {
        return fail(new Refusal.MessageHidden(index, f.id(), f.status()));
      }
    }
    Set<Integer> newPinned = new TreeSet<>(pinned);
    newPinned.add(index);
    return new Outcome.Success<>(with(fragments, Collections.unmodifiableSet(newPinned), List.of()), message);
  }

  // ---------------------------------------------------------------- fragmenting

  /**
   * Creates fragments over the region from the first occurrence of {@code startMarker} to the end
   * of the first occurrence of {@code endMarker} after it, both markers included, split into
   * {@code pieces} fragments of balanced size.
   *
   * <p>Markers are matched as exact text in the messages {@code roles} selects, skipping system
   * and pinned messages; the region may span several messages, and its fragments then cover spans
   * in each of them (only in messages of the selected roles). Cuts never split a word: they prefer
   * message boundaries and line breaks, then sentence ends, clause ends, any whitespace, and places
   * between two CJK characters. When there are too few such places, fewer fragments are made.
   *
   * <p>A region may enclose existing fragments (cuts then avoid their inside) or lie inside one
   * (the new fragments nest in it), but may not partly overlap one.
   *
   * @return the new fragments, or a failure: {@link FailureReason#START_MARKER_NOT_FOUND},
   *     {@link FailureReason#END_MARKER_NOT_FOUND}, {@link FailureReason#END_MARKER_BEFORE_START},
   *     {@link FailureReason#EMPTY_REGION} or {@link FailureReason#OVERLAPS_FRAGMENT}
   * @throws IllegalArgumentException if a marker is empty or {@code pieces} is not in
   *     {@code [1, MAX_PIECES]}
   */
  public Outcome<Fragmentation> fragmentBetween(String startMarker, String endMarker,
      RoleFilter roles, int pieces) {
    Preconditions.notEmpty(startMarker, "startMarker");
    Preconditions.notEmpty(endMarker, "endMarker");
    Objects.requireNonNull(roles, "roles");
    Preconditions.inRange(pieces, 1, MAX_PIECES, "pieces");

    TextFinder.Scan starts = TextFinder.scan(original.size(), m -> original.get(m).content(),
        m -> fragmentable(m, roles), startMarker, 1, 0);
    TextPosition start = starts.first().isEmpty() ? null
        : new TextPosition(starts.first().get(0).message(), starts.first().get(0).offset());
    int startCount = starts.total();
    if (start == null) {
      return fail(new Refusal.MarkerNotFound(Refusal.Marker.START, startMarker, roles));
    }
    TextPosition end = null;
    int endCount = 0;
    for (int m = 0; m < original.size(); m++) {
      if (!fragmentable(m, roles)) {
        continue;
      }
      String content = original.get(m).content();
      for (int at = TextFinder.find(content, endMarker, 0); at >= 0;
          at = TextFinder.find(content, endMarker, at + endMarker.length())) {
        endCount++;
      }
      if (end == null && m >= start.messageIndex()) {
        // The first occurrence after the start marker, found afresh from there: an occurrence
        // counted above may overlap the start marker and hide one that begins inside it.
        int from = m == start.messageIndex() ? start.offset() + startMarker.length() : 0;
        int at = TextFinder.find(content, endMarker, from);
        if (at >= 0) {
          end = new TextPosition(m, at + endMarker.length());
        }
      }
    }
    if (endCount == 0) {
      return fail(new Refusal.MarkerNotFound(Refusal.Marker.END, endMarker, roles));
    }
    if (end == null) {
      return fail(new Refusal.EndMarkerBeforeStart(startMarker, endMarker, endCount, start));
    }
    return createFragments(start, end, roles, pieces, startCount, endCount);
  }

  /**
   * Creates fragments over whole messages {@code fromIndex} (inclusive) to {@code toIndex}
   * (exclusive) of the selected roles, split into {@code pieces} fragments, with the same rules
   * as {@link #fragmentBetween(String, String, RoleFilter, int)}. Budget policies use this.
   *
   * @return the new fragments, or a failure: {@link FailureReason#EMPTY_REGION} or
   *     {@link FailureReason#OVERLAPS_FRAGMENT}
   * @throws IllegalArgumentException if the range is empty or outside the conversation, or
   *     {@code pieces} is not in {@code [1, MAX_PIECES]}
   */
  public Outcome<Fragmentation> fragmentMessages(int fromIndex, int toIndex, RoleFilter roles,
      int pieces) {
    Objects.requireNonNull(roles, "roles");
    Preconditions.inRange(pieces, 1, MAX_PIECES, "pieces");
    if (fromIndex < 0 || toIndex > original.size() || fromIndex >= toIndex) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "message range must satisfy 0 <= from < to <= %d, got [%d, %d)", original.size(),
          fromIndex, toIndex));
    }
    TextPosition start = new TextPosition(fromIndex, 0);
    TextPosition end = new TextPosition(toIndex - 1, original.get(toIndex - 1).content().length());
    return createFragments(start, end, roles, pieces, 0, 0);
  }

  private Outcome<Fragmentation> createFragments(TextPosition start, TextPosition end,
      RoleFilter roles, int pieces, int startCount, int endCount) {
    List<Span> region = new ArrayList<>();
    for (int m = start.messageIndex(); m <= end.messageIndex(); m++) {
      if (!fragmentable(m, roles)) {
        continue;
      }
      int s = m == start.messageIndex() ? start.offset() : 0;
      int e = m == end.messageIndex() ? end.offset() : original.get(m).content().length();
      if (e > s) {
        region.add(new Span(m, s, e));
      }
    }
    if (region.isEmpty()) {
      return fail(new Refusal.EmptyRegion(start.messageIndex(), end.messageIndex(), roles));
    }
    Region area = new Region(region, m -> original.get(m).content());
    List<long[]> enclosed = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    for (Span span : region) {
      for (int ordinal : fragmentsByMessage[span.messageIndex()]) {
        if (!seen.add(ordinal)) {
          continue;
        }
        Fragment g = fragments[ordinal];
        Region.Relation relation = area.relationOf(g.spans());
        if (relation == Region.Relation.ENCLOSED) {
          enclosed.add(area.hull(g.spans()));
        } else if (relation == Region.Relation.PARTIAL) {
          return fail(new Refusal.OverlapsFragment(start.messageIndex(), end.messageIndex(), g.id(),
              g.firstMessageIndex(), g.lastMessageIndex()));
        }
      }
    }
    long[] cuts = area.cuts(pieces, enclosed);

    Fragment[] grown = Arrays.copyOf(fragments, fragments.length + cuts.length - 1);
    Map<FragmentId, Integer> newOrdinals = new HashMap<>(ordinals);
    IdSequence sequence = ids;
    List<Fragment> made = new ArrayList<>(cuts.length - 1);
    for (int p = 0; p + 1 < cuts.length; p++) {
      List<Span> spans = area.slice(cuts[p], cuts[p + 1]);
      IdSequence.Draw draw = sequence.next('f', this::idTaken);
      sequence = draw.next();
      int ordinal = fragments.length + p;
      Fragment fragment = new Fragment(new FragmentId(draw.id()), ordinal, spans,
          FragmentStatus.visible());
      grown[ordinal] = fragment;
      newOrdinals.put(fragment.id(), ordinal);
      made.add(fragment);
    }
    int[][] byMessage = fragmentsByMessage.clone();
    for (Span span : region) {
      int m = span.messageIndex();
      int[] old = byMessage[m];
      int added = 0;
      for (Fragment f : made) {
        if (f.spanIndexOf(m) >= 0) {
          added++;
        }
      }
      int[] grownIndex = Arrays.copyOf(old, old.length + added);
      int at = old.length;
      for (Fragment f : made) {
        if (f.spanIndexOf(m) >= 0) {
          grownIndex[at++] = f.ordinal();
        }
      }
      byMessage[m] = grownIndex;
    }
    ContextState next = new ContextState(original, counter, sequence, grown,
        Collections.unmodifiableMap(newOrdinals), byMessage, searchHits, pinned, tokens);
    return new Outcome.Success<>(next,
        new Fragmentation(made, pieces, start, end, startCount, endCount));
  }

  // ---------------------------------------------------------------- fold, summarize, restore

  /**
   * Folds fragment {@code id}: the view shows a short marker naming it instead of its text.
   * Folding a summarized fragment replaces its summary with the marker.
   *
   * @return the edit, or a failure: {@link FailureReason#UNKNOWN_FRAGMENT} or
   *     {@link FailureReason#PINNED_MESSAGE}
   */
  public Outcome<FragmentEdit> fold(FragmentId id) {
    return changeStatus(id, FragmentStatus.folded());
  }

  /**
   * Replaces fragment {@code id} in the view by {@code summary}, marked with the fragment's id.
   *
   * @return the edit, or a failure: {@link FailureReason#UNKNOWN_FRAGMENT},
   *     {@link FailureReason#PINNED_MESSAGE} or {@link FailureReason#SUMMARY_NOT_SHORTER} when the
   *     summary's text and focus (which the view shows with it) together have at least as many
   *     characters as the fragment
   */
  public Outcome<FragmentEdit> summarize(FragmentId id, Summary summary) {
    Objects.requireNonNull(summary, "summary");
    Optional<Fragment> found = fragment(Objects.requireNonNull(id, "id"));
    long shown = (long) summary.text().length() + summary.focus().strip().length();
    if (found.isPresent() && shown >= found.get().characters()) {
      return fail(new Refusal.SummaryNotShorter(id, shown, found.get().characters()));
    }
    return changeStatus(id, FragmentStatus.summarized(summary));
  }

  /**
   * Restores fragment {@code id} and every fragment inside it to their original text. Restoring
   * a visible fragment changes nothing. When an enclosing fragment is folded or summarized, the
   * view still hides this one until that fragment is restored too; the result says which.
   *
   * @return the edit, or a {@link FailureReason#UNKNOWN_FRAGMENT} failure
   */
  public Outcome<FragmentEdit> restore(FragmentId id) {
    return changeStatus(id, FragmentStatus.visible());
  }

  private Outcome<FragmentEdit> changeStatus(FragmentId id, FragmentStatus status) {
    Objects.requireNonNull(id, "id");
    Integer ordinal = ordinals.get(id);
    if (ordinal == null) {
      return fail(unknownFragment(id));
    }
    Fragment target = fragments[ordinal];
    if (status.hidesOriginal()) {
      for (Span s : target.spans()) {
        if (pinned.contains(s.messageIndex())) {
          return fail(new Refusal.PinnedMessage(id, s.messageIndex()));
        }
      }
    }
    Fragment[] updated = fragments.clone();
    updated[ordinal] = target.withStatus(status);
    List<FragmentId> alsoRestored = new ArrayList<>();
    if (!status.hidesOriginal()) {
      for (Fragment inner : innerFragments(target)) {
        if (inner.status().hidesOriginal()) {
          updated[inner.ordinal()] = inner.withStatus(status);
          alsoRestored.add(inner.id());
        }
      }
    }
    // Fragments inside the target lie in the target's messages, so its spans are all that changed.
    ContextState next = with(updated, pinned, target.spans());
    Optional<FragmentId> hiddenBy = next.enclosingHider(updated[ordinal]);
    return new Outcome.Success<>(next, new FragmentEdit(updated[ordinal], alsoRestored, hiddenBy,
        viewTokens(), next.viewTokens()));
  }

  /** The fragments enclosed by {@code outer}, in creation order. */
  private List<Fragment> innerFragments(Fragment outer) {
    Set<Integer> candidates = new TreeSet<>();
    for (Span s : outer.spans()) {
      for (int o : fragmentsByMessage[s.messageIndex()]) {
        candidates.add(o);
      }
    }
    List<Fragment> inner = new ArrayList<>();
    for (int o : candidates) {
      if (outer.encloses(fragments[o])) {
        inner.add(fragments[o]);
      }
    }
    return inner;
  }

  private Optional<FragmentId> enclosingHider(Fragment fragment) {
    Fragment outermost = null;
    for (int o : fragmentsByMessage[fragment.firstMessageIndex()]) {
      Fragment g = fragments[o];
      if (g.status().hidesOriginal() && g.encloses(fragment)
          && (outermost == null || g.encloses(outermost))) {
        outermost = g;
      }
    }
    return outermost == null ? Optional.empty() : Optional.of(outermost.id());
  }

  /**
   * A state with {@code newFragments} (same ids and spans, other statuses) and {@code newPinned},
   * whose token totals are recounted for the messages of {@code changed}, the spans of the
   * fragments whose status changed.
   */
  private ContextState with(Fragment[] newFragments, Set<Integer> newPinned, List<Span> changed) {
    TokenTotals newTokens = tokens;
    for (Span span : changed) {
      int m = span.messageIndex();
      newTokens = newTokens.withViewContent(m, viewContentTokens(m, newFragments));
    }
    return new ContextState(original, counter, ids, newFragments, ordinals, fragmentsByMessage,
        searchHits, newPinned, newTokens);
  }

  /**
   * The tokens of message {@code m}'s content as the view shows it under {@code table}: the whole
   * visible text is counted again, so that the total is exact for any tokenizer, including those
   * whose tokens cross the place where a marker begins or ends.
   */
  private int viewContentTokens(int m, Fragment[] table) {
    List<Fragment> hidden = maximalHidden(m, table);
    return hidden.isEmpty() ? tokens.content(m) : counter.countTokens(render(m, hidden));
  }

  /** The folded or summarized fragments in message {@code m} that no other hidden one encloses. */
  private List<Fragment> maximalHidden(int m, Fragment[] table) {
    int[] inMessage = fragmentsByMessage[m];
    int count = 0;
    Fragment[] hidden = null;
    int[] starts = null;
    int[] ends = null;
    for (int o : inMessage) {
      Fragment f = table[o];
      if (!f.status().hidesOriginal()) {
        continue;
      }
      if (hidden == null) {
        hidden = new Fragment[inMessage.length];
        starts = new int[inMessage.length];
        ends = new int[inMessage.length];
      }
      Span span = f.spans().get(f.spanIndexOf(m));
      hidden[count] = f;
      starts[count] = span.start();
      ends[count] = span.end();
      count++;
    }
    if (count <= 1) {
      return count == 0 ? List.of() : List.of(hidden[0]);
    }
    // Sort by start, then longer first. Equal spans here may belong to fragments of different
    // extent elsewhere: the one with more characters encloses the other; among equal ones the
    // older is outside (the stable sort keeps creation order).
    Integer[] order = new Integer[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    int[] s0 = starts;
    int[] e0 = ends;
    Fragment[] h0 = hidden;
    Arrays.sort(order, (a, b) -> s0[a] != s0[b] ? Integer.compare(s0[a], s0[b])
        : e0[a] != e0[b] ? Integer.compare(e0[b], e0[a])
        : Integer.compare(h0[b].characters(), h0[a].characters()));
    List<Fragment> maximal = new ArrayList<>();
    int reached = -1;
    for (int i : order) {
      if (starts[i] >= reached) {
        maximal.add(hidden[i]);
        reached = ends[i];
      }
    }
    return maximal;
  }

  /**
   * The text shown instead of fragment {@code f}'s span in message {@code m}; it ends with a line
   * break when the hidden text did, so that the text after it still starts a line.
   */
  private String marker(Fragment f, int m) {
    int part = f.spanIndexOf(m);
    Span span = f.spans().get(part);
    String marker;
    if (f.status() instanceof FragmentStatus.Summarized summarized) {
      Summary summary = summarized.summary();
      marker = part == 0 ? Markers.summary(f.id().value(), summary.focus(), summary.text(), f.characters())
          : Markers.summaryContinued(f.id().value(), f.firstMessageIndex());
    } else {
      marker = Markers.folded(f.id().value(), part + 1, f.spans().size(), span.length());
    }
    return original.get(m).content().charAt(span.end() - 1) == '\n' ? marker + "\n" : marker;
  }

  // ---------------------------------------------------------------- search

  /**
   * Finds every exact occurrence of the query text in the original content of the selected
   * messages, including text that folded or summarized fragments hide from the view (each such
   * hit names the fragment to restore). The first {@link SearchQuery#maxResults()} hits get ids
   * and are remembered by the returned state for {@link #searchDetail(SearchResultId, int)}.
   * Occurrences are counted without overlap, as a text editor's find does.
   *
   * @return the hits; a search that finds nothing succeeds with no hits
   */
  public Outcome<SearchResults> search(SearchQuery query) {
    Objects.requireNonNull(query, "query");
    Set<String> ignoredCalls = ignoredCallIds(query.ignoredToolResults());
    String text = query.text();
    TextFinder.Scan scan = TextFinder.scan(original.size(), m -> original.get(m).content(), m -> {
      Message message = original.get(m);
      return query.roles().includes(message.role())
          && !(message.role() == Role.TOOL && ignoredCalls.contains(message.toolCallId().orElse("")));
    }, text, query.maxResults(), Math.min(query.latestResults(), MAX_REMEMBERED_SEARCH_HITS));
    int total = scan.total();
    if (scan.first().isEmpty()) {
      return new Outcome.Success<>(this, SearchResults.of(query, total, List.of(), List.of()));
    }
    Map<SearchResultId, StoredHit> remembered = new LinkedHashMap<>(searchHits);
    IdSequence sequence = ids;
    List<List<SearchHit>> shown = new ArrayList<>(2);
    for (List<TextFinder.Place> places : List.of(scan.first(), scan.last())) {
      List<SearchHit> hits = new ArrayList<>(places.size());
      int cachedMessage = -1;
      List<Fragment> cachedHidden = List.of();
      for (TextFinder.Place p : places) {
        IdSequence.Draw draw = sequence.next('s', id -> searchHits.containsKey(new SearchResultId(id)));
        sequence = draw.next();
        StoredHit stored = new StoredHit(new SearchResultId(draw.id()), text, p.message(), p.offset(),
            text.length());
        remembered.put(stored.id(), stored);
        if (stored.messageIndex() != cachedMessage) {
          cachedMessage = stored.messageIndex();
          cachedHidden = maximalHidden(cachedMessage, fragments);
        }
        hits.add(toHit(stored, query.contextSize(), cachedHidden));
      }
      shown.add(hits);
    }
    Iterator<SearchResultId> oldest = remembered.keySet().iterator();
    for (int excess = remembered.size() - MAX_REMEMBERED_SEARCH_HITS; excess > 0; excess--) {
      oldest.next();
      oldest.remove();
    }
    ContextState next = new ContextState(original, counter, sequence, fragments, ordinals, fragmentsByMessage,
        Collections.unmodifiableMap(remembered), pinned, tokens);
    return new Outcome.Success<>(next, SearchResults.of(query, total, shown.get(0), shown.get(1)));
  }

  /**
   * Shows a remembered search hit again with {@code extendedContext} characters of original text
   * before and after it, and which fragment hides it now, if any. Changes nothing.
   *
   * @return the hit, or a {@link FailureReason#UNKNOWN_SEARCH_RESULT} failure
   * @throws IllegalArgumentException if {@code extendedContext} is negative
   */
  public Outcome<SearchHit> searchDetail(SearchResultId id, int extendedContext) {
    Objects.requireNonNull(id, "id");
    Preconditions.inRange(extendedContext, 0, Integer.MAX_VALUE, "extendedContext");
    StoredHit stored = searchHits.get(id);
    if (stored == null) {
      return fail(new Refusal.UnknownSearchResult(id, searchHits.keySet().stream().reduce((a, b) -> b),
          MAX_REMEMBERED_SEARCH_HITS));
    }
    return new Outcome.Success<>(this, toHit(stored, extendedContext,
        maximalHidden(stored.messageIndex(), fragments)));
  }

  private SearchHit toHit(StoredHit stored, int context, List<Fragment> hiddenInMessage) {
    Message message = original.get(stored.messageIndex());
    String content = message.content();
    int matchEnd = stored.offset() + stored.length();
    int from = Math.max(0, stored.offset() - context);
    int to = (int) Math.min(content.length(), (long) matchEnd + context);
    if (from > 0 && Character.isLowSurrogate(content.charAt(from))) {
      from++;
    }
    if (to < content.length() && Character.isLowSurrogate(content.charAt(to))) {
      to--;
    }
    return SearchHit.of(stored.id(), stored.messageIndex(), message.role(), stored.offset(),
        content.substring(from, stored.offset()), content.substring(stored.offset(), matchEnd),
        content.substring(matchEnd, to), hider(hiddenInMessage, stored.messageIndex(), stored.offset()));
  }

  private Set<String> ignoredCallIds(Set<String> toolNames) {
    if (toolNames.isEmpty()) {
      return Set.of();
    }
    Set<String> ids = new HashSet<>();
    for (Message m : original) {
      for (ToolCall call : m.toolCalls()) {
        if (toolNames.contains(call.name())) {
          ids.add(call.id());
        }
      }
    }
    return ids;
  }

  // ---------------------------------------------------------------- helpers

  private boolean fragmentable(int m, RoleFilter roles) {
    return roles.includes(original.get(m).role()) && !pinned.contains(m);
  }

  private boolean idTaken(String id) {
    return ordinals.containsKey(new FragmentId(id));
  }

  private Refusal unknownFragment(FragmentId id) {
    List<FragmentId> newest = new ArrayList<>();
    for (int i = Math.max(0, fragments.length - 8); i < fragments.length; i++) {
      newest.add(fragments[i].id());
    }
    return new Refusal.UnknownFragment(id, fragments.length, newest);
  }

  /**
   * {@return the refusal for {@code id} if no fragment has it}: what every operation on a fragment
   * id reports, so that callers can word an unknown id alike without attempting an operation
   */
  public Optional<Refusal> checkFragment(FragmentId id) {
    return ordinals.containsKey(Objects.requireNonNull(id, "id")) ? Optional.empty()
        : Optional.of(unknownFragment(id));
  }

  private <T> Outcome<T> fail(Refusal refusal) {
    return new Outcome.Failure<>(this, refusal);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContextState s
        && original.equals(s.original)
        && counter.equals(s.counter)
        && ids.equals(s.ids)
        && Arrays.equals(fragments, s.fragments)
        && searchHits.equals(s.searchHits)
        && pinned.equals(s.pinned);
  }

  @Override
  public int hashCode() {
    return Objects.hash(original, ids, Arrays.hashCode(fragments), searchHits, pinned);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "ContextState[%d messages, %d fragments, %d search hits, view %d of %d tokens]",
        original.size(), fragments.length, searchHits.size(), viewTokens(), originalTokens());
  }
}
