package io.sculptor.core;

import java.util.List;
import java.util.Objects;

/**
 * The result of creating fragments over a region.
 *
 * @param fragments the fragments made, in text order; never empty
 * @param requestedPieces how many pieces were asked for; {@code fragments().size()} may be smaller
 *     when the region has too few places to cut without splitting a word or an enclosed fragment
 * @param regionStart where the region begins (the start of the start marker)
 * @param regionEnd where the region ends (the end of the end marker)
 * @param startMarkerOccurrences how often the start marker occurs in the searched messages (the
 *     first one is used); 0 when the region was given by message indexes
 * @param endMarkerOccurrences how often the end marker occurs in the searched messages (the first
 *     one after the start marker is used); 0 when the region was given by message indexes
 * @since 0.1
 */
public record Fragmentation(List<Fragment> fragments, int requestedPieces, TextPosition regionStart,
    TextPosition regionEnd, int startMarkerOccurrences, int endMarkerOccurrences) {
  /** Copies the list and checks that nothing is null. */
  public Fragmentation {
    fragments = List.copyOf(fragments);
    Objects.requireNonNull(regionStart, "regionStart");
    Objects.requireNonNull(regionEnd, "regionEnd");
  }
}
