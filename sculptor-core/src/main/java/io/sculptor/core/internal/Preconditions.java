package io.sculptor.core.internal;

import java.util.Locale;
import java.util.Objects;

/**
 * Argument checks that return their argument, so that they read as assignments. Each throws
 * {@link IllegalArgumentException} (or {@link NullPointerException} for a null) with a message that
 * names the argument and puts the bad value in brackets.
 *
 * <p>Shared with {@code io.sculptor.tools} by a qualified export; not an API.
 */
public final class Preconditions {
  private Preconditions() {}

  /** {@return {@code value}} Throws {@link IllegalArgumentException} when it is below {@code min}. */
  public static int atLeast(int value, int min, String what) {
    if (value < min) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "%s must be >= %d, got [%d]", what, min, value));
    }
    return value;
  }

  /** {@return {@code value}} Throws {@link IllegalArgumentException} when it is below {@code min}. */
  public static long atLeast(long value, long min, String what) {
    if (value < min) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "%s must be >= %d, got [%d]", what, min, value));
    }
    return value;
  }

  /** {@return {@code value}} Throws {@link IllegalArgumentException} when it is outside the range. */
  public static int inRange(int value, int min, int max, String what) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "%s must be in [%d, %d], got [%d]", what, min, max, value));
    }
    return value;
  }

  /** {@return {@code value}} Throws {@link IllegalArgumentException} when it is empty. */
  public static String notEmpty(String value, String what) {
    if (Objects.requireNonNull(value, what).isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return value;
  }

  /**
   * {@return {@code value}} Throws {@link IllegalArgumentException} unless it is {@code prefix}
   * followed by five characters from {@code [0-9a-z]}.
   */
  public static String idFormat(String value, char prefix, String what) {
    Objects.requireNonNull(value, what);
    if (!isIdFormat(value, prefix)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s must be '%c' and five characters [0-9a-z], got [%s]", what, prefix, value));
    }
    return value;
  }

  /** {@return whether {@code value} is {@code prefix} followed by five of {@code [0-9a-z]}} */
  public static boolean isIdFormat(String value, char prefix) {
    if (value == null || value.length() != 6 || value.charAt(0) != prefix) {
      return false;
    }
    for (int i = 1; i < 6; i++) {
      char c = value.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z')) {
        return false;
      }
    }
    return true;
  }
}
