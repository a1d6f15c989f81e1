package io.sculptor.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of folding, summarizing or restoring a fragment.
 *
 * @param fragment the fragment as it is after the edit
 * @param alsoRestored fragments inside it that a restore made visible too, in creation order
 * @param hiddenBy an enclosing fragment that still hides this one from the view, if any; the view
 *     shows this fragment's new status only once that one is restored
 * @param viewTokensBefore the view's token total before the edit
 * @param viewTokensAfter the view's token total after the edit
 * @since 0.1
 */
public record FragmentEdit(Fragment fragment, List<FragmentId> alsoRestored,
    Optional<FragmentId> hiddenBy, long viewTokensBefore, long viewTokensAfter) {
  /** Copies the list and checks that nothing is null. */
  public FragmentEdit {
    Objects.requireNonNull(fragment, "fragment");
    alsoRestored = List.copyOf(alsoRestored);
    Objects.requireNonNull(hiddenBy, "hiddenBy");
  }
}
