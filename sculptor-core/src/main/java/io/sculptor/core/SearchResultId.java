package io.sculptor.core;

import io.sculptor.core.internal.Preconditions;

/**
 * The identifier of one search hit: {@code s} followed by five lower-case letters or digits, such as
 * {@code s1a2b3}. Value semantics, immutable, thread-safe.
 *
 * @param value the identifier text
 * @since 0.1
 */
public record SearchResultId(String value) {
  /** Checks the format; throws {@link IllegalArgumentException} naming the bad value. */
  public SearchResultId {
    Preconditions.idFormat(value, 's', "search result id");
  }

  /** {@return the id for {@code value}} Throws {@link IllegalArgumentException} when malformed. */
  public static SearchResultId of(String value) {
    return new SearchResultId(value);
  }

  /** {@return whether {@code value} has the format of a search result id} */
  public static boolean isWellFormed(String value) {
    return Preconditions.isIdFormat(value, 's');
  }

  @Override
  public String toString() {
    return value;
  }
}
