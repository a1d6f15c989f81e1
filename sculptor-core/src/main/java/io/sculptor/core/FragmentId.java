package io.sculptor.core;

import io.sculptor.core.internal.Preconditions;

/**
 * The identifier of a fragment: {@code f} followed by five lower-case letters or digits, such as
 * {@code f1a2b3}. Value semantics, immutable, thread-safe.
 *
 * @param value the identifier text
 * @since 0.1
 */
public record FragmentId(String value) {
  /** Checks the format; throws {@link IllegalArgumentException} naming the bad value. */
  public FragmentId {
    Preconditions.idFormat(value, 'f', "fragment id");
  }

  /** {@return the id for {@code value}} Throws {@link IllegalArgumentException} when malformed. */
  public static FragmentId of(String value) {
    return new FragmentId(value);
  }

  /** {@return whether {@code value} has the format of a fragment id} */
  public static boolean isWellFormed(String value) {
    return Preconditions.isIdFormat(value, 'f');
  }

  @Override
  public String toString() {
    return value;
  }
}
