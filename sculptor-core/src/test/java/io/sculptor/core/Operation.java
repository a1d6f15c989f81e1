package io.sculptor.core;

import java.util.List;

/**
 * One random operation on a state, described by numbers that are resolved against the state it
 * is applied to, so that any sequence is applicable to any state.
 */
sealed interface Operation {
  Outcome<?> apply(ContextState state);

  /** Fragments between two markers cut from the text of message {@code message}. */
  record FragmentByMarkers(int message, int from, int length, int gap, int endLength, RoleFilter roles,
      int pieces) implements Operation {
    @Override
    public Outcome<?> apply(ContextState state) {
      int n = state.original().size();
      String start = cut(state.original().get(Math.floorMod(message, n)).content(), from, length);
      String end = cut(state.original().get(Math.floorMod(message + gap, n)).content(), from + 7, endLength);
      if (start.isEmpty() || end.isEmpty()) {
        return state.fragmentBetween("no such marker ⊥", "x", roles, pieces);
      }
      return state.fragmentBetween(start, end, roles, pieces);
    }

    private static String cut(String text, int from, int length) {
      if (text.isEmpty()) {
        return "";
      }
      int s = Math.floorMod(from, text.length());
      int e = Math.min(text.length(), s + 1 + Math.floorMod(length, 12));
      if (Character.isLowSurrogate(text.charAt(s))) {
        s--;
      }
      if (e < text.length() && Character.isLowSurrogate(text.charAt(e))) {
        e++;
      }
      return text.substring(s, e);
    }
  }

  /** Fragments whole messages. */
  record FragmentByMessages(int from, int count, RoleFilter roles, int pieces) implements Operation {
    @Override
    public Outcome<?> apply(ContextState state) {
      int n = state.original().size();
      int start = Math.floorMod(from, n);
      int end = Math.min(n, start + 1 + Math.floorMod(count, n));
      return state.fragmentMessages(start, end, roles, pieces);
    }
  }

  /** Folds the fragment {@code which} (modulo their number) or an unknown one. */
  record Fold(int which) implements Operation {
    @Override
    public Outcome<?> apply(ContextState state) {
      return state.fold(pick(state, which));
    }
  }

  /** Summarizes a fragment with a summary of {@code length} characters. */
  record Summarize(int which, int length) implements Operation {
    @Override
    public Outcome<?> apply(ContextState state) {
      return state.summarize(pick(state, which), new Summary("S".repeat(1 + Math.floorMod(length, 30)), "main points"));
    }
  }

  /** Restores a fragment. */
  record Restore(int which) implements Operation {
    @Override
    public Outcome<?> apply(ContextState state) {
      return state.restore(pick(state, which));
    }
  }

  /** Searches for a word. */
  record Search(String word, RoleFilter roles, int max) implements Operation {
    @Override
    public Outcome<?> apply(ContextState state) {
      return state.search(SearchQuery.of(word, roles, 1 + Math.floorMod(max, 5), 20));
    }
  }

  /** Shows a remembered search hit, or an unknown one. */
  record Detail(int which) implements Operation {
    @Override
    public Outcome<?> apply(ContextState state) {
      List<SearchResultId> ids = state.searchResultIds();
      SearchResultId id = ids.isEmpty() || which < 0 ? SearchResultId.of("szzzzz")
          : ids.get(which % ids.size());
      return state.searchDetail(id, 300);
    }
  }

  /** Pins a message. */
  record Pin(int message) implements Operation {
    @Override
    public Outcome<?> apply(ContextState state) {
      return state.pin(Math.floorMod(message, state.original().size()));
    }
  }

  /** Appends a message, as the agent loop does. */
  record Append(String text) implements Operation {
    @Override
    public Outcome<?> apply(ContextState state) {
      ContextState next = state.append(Message.user(text));
      return new Outcome.Success<>(next, next.original().size());
    }
  }

  private static FragmentId pick(ContextState state, int which) {
    List<Fragment> fragments = state.fragments();
    if (fragments.isEmpty() || which < 0) {
      return FragmentId.of("fzzzzz");
    }
    return fragments.get(which % fragments.size()).id();
  }
}
