package io.sculptor.agent.internal;

import io.sculptor.agent.ContextPolicy;
import io.sculptor.core.ContextState;
import io.sculptor.core.FailureReason;
import io.sculptor.core.Fragment;
import io.sculptor.core.FragmentId;
import io.sculptor.core.Fragmentation;
import io.sculptor.core.Message;
import io.sculptor.core.Outcome;
import io.sculptor.core.Role;
import io.sculptor.core.RoleFilter;
import io.sculptor.core.Span;
import io.sculptor.core.Summary;
import io.sculptor.core.internal.Preconditions;
import io.sculptor.tools.Summarizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The built-in budget policies. Each edits only through fragments, so all is reversible. */
public final class Policies {
  private static final Logger LOG = LoggerFactory.getLogger(Policies.class);
  private static final String SUMMARY_FOCUS = "facts, decisions and open questions";

  private Policies() {}

  /** Checks a token budget. */
  public static long checkBudget(long maxTokens) {
    return Preconditions.atLeast(maxTokens, 0, "maxTokens");
  }

  private static int checkKeep(int keepLast) {
    return Preconditions.atLeast(keepLast, 0, "keepLast");
  }

  /** See {@link ContextPolicy#foldOldest(long, int)}. */
  public static ContextPolicy foldOldest(long maxTokens, int keepLast) {
    checkBudget(maxTokens);
    checkKeep(keepLast);
    return state -> {
      ContextState s = state;
      int limit = Math.max(0, s.original().size() - keepLast);
      for (int i = 0; i < limit && s.viewTokens() > maxTokens; i++) {
        s = foldMessage(s, i, limit);
      }
      return s;
    };
  }

  /** See {@link ContextPolicy#foldStaleToolResults(int)}. */
  public static ContextPolicy foldStaleToolResults(int keepLast) {
    checkKeep(keepLast);
    return state -> {
      List<Integer> results = new ArrayList<>();
      for (int i = 0; i < state.original().size(); i++) {
        if (state.original().get(i).role() == Role.TOOL) {
          results.add(i);
        }
      }
      int stale = Math.max(0, results.size() - keepLast);
      int limit = stale < results.size() ? results.get(stale) : state.original().size();
      ContextState s = state;
      for (int k = 0; k < stale; k++) {
        s = foldMessage(s, results.get(k), limit);
      }
      return s;
    };
  }

  /** See {@link ContextPolicy#middleOut(long, int)}. */
  public static ContextPolicy middleOut(long maxTokens, int keepLast) {
    checkBudget(maxTokens);
    checkKeep(keepLast);
    return state -> {
      if (state.viewTokens() <= maxTokens) {
        return state;
      }
      int limit = Math.max(0, state.original().size() - keepLast);
      double middle = (limit - 1) / 2.0;
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < limit; i++) {
        order.add(i);
      }
      order.sort(Comparator.<Integer>comparingDouble(i -> Math.abs(i - middle)).thenComparingInt(i -> i));
      ContextState s = state;
      for (int i : order) {
        if (s.viewTokens() <= maxTokens) {
          break;
        }
        s = foldMessage(s, i, limit);
      }
      return s;
    };
  }

  /** See {@link ContextPolicy#summarizeOldest(long, int, Summarizer)}. */
  public static ContextPolicy summarizeOldest(long maxTokens, int keepLast, Summarizer summarizer) {
    checkBudget(maxTokens);
    checkKeep(keepLast);
    Objects.requireNonNull(summarizer, "summarizer");
    ContextPolicy fallback = foldOldest(maxTokens, keepLast);
    return state -> {
      if (state.viewTokens() <= maxTokens) {
        return state;
      }
      int limit = Math.max(0, state.original().size() - keepLast);
      int from = 0;
      while (from < limit && !foldable(state, from)) {
        from++;
      }
      long needed = state.viewTokens() - maxTokens;
      long gathered = 0;
      int to = from;
      while (to < limit && gathered < needed + needed / 4) {
        gathered += state.viewTokens(to);
        to++;
      }
      if (from >= to) {
        return fallback.apply(state);
      }
      Outcome<Fragmentation> made = state.fragmentMessages(from, to, RoleFilter.ALL, 1);
      if (!made.isSuccess()) {
        return fallback.apply(state);
      }
      FragmentId id = made.value().fragments().get(0).id();
      ContextState s = state;
      try {
        String text = summarizer.summarize(made.state().originalText(id).orElseThrow(), SUMMARY_FOCUS);
        if (text != null && !text.isBlank()) {
          Outcome<?> summarized = made.state().summarize(id, new Summary(text.strip(), SUMMARY_FOCUS));
          if (summarized.isSuccess() && summarized.state().viewTokens() < state.viewTokens()) {
            s = summarized.state();
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("summarizer failed for messages {} to {}; folding instead", from, to - 1, e);
      }
      return fallback.apply(s);
    };
  }

  /**
   * Hides message {@code i} when that makes the view smaller: folds a new fragment over the whole
   * message, or, when a fragment crosses the message, the largest visible fragment through it that
   * ends before {@code limit}.
   */
  static ContextState foldMessage(ContextState s, int i, int limit) {
    if (!foldable(s, i)) {
      return s;
    }
    ContextState candidate = null;
    Outcome<Fragmentation> made = s.fragmentMessages(i, i + 1, RoleFilter.ALL, 1);
    if (made.isSuccess()) {
      candidate = made.state().fold(made.value().fragments().get(0).id()).state();
    } else if (made.failure().orElseThrow().reason() == FailureReason.OVERLAPS_FRAGMENT) {
      Fragment widest = null;
      for (Fragment f : s.fragments()) {
        if (f.spanIn(i).isPresent() && f.lastMessageIndex() < limit && !f.status().hidesOriginal()
            && f.spans().stream().noneMatch(sp -> s.isPinned(sp.messageIndex()))
            && (widest == null || f.characters() > widest.characters())) {
          widest = f;
        }
      }
      if (widest != null) {
        candidate = s.fold(widest.id()).state();
      }
    }
    return candidate != null && candidate.viewTokens() < s.viewTokens() ? candidate : s;
  }

  /** Whether message {@code i} has text that a policy may hide and that is not hidden yet. */
  static boolean foldable(ContextState s, int i) {
    Message m = s.original().get(i);
    if (s.isPinned(i) || m.content().isEmpty()) {
      return false;
    }
    Optional<FragmentId> hider = s.hiddenBy(i, 0);
    if (hider.isEmpty()) {
      return true;
    }
    Span span = s.fragment(hider.get()).orElseThrow().spanIn(i).orElseThrow();
    return !(span.start() == 0 && span.end() == m.content().length());
  }
}
