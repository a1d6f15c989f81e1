package io.sculptor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sculptor.core.internal.Preconditions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shared argument checks return their argument, or name it and put the bad value in brackets. */
class PreconditionsTest {
  @ParameterizedTest
  @ValueSource(ints = {0, 1, Integer.MAX_VALUE})
  void atLeast_valueAtOrAboveTheMinimum_isReturned(int value) {
    assertThat(Preconditions.atLeast(value, 0, "maxSteps")).isEqualTo(value);
    assertThat(Preconditions.atLeast((long) value, 0L, "maxTokens")).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, Integer.MIN_VALUE})
  void atLeast_valueBelowTheMinimum_isRefusedNamingIt(int value) {
    assertThatThrownBy(() -> Preconditions.atLeast(value, 0, "maxSteps")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxSteps must be >= 0, got [" + value + "]");
    assertThatThrownBy(() -> Preconditions.atLeast(Long.MIN_VALUE, 0L, "maxTokens"))
        .hasMessage("maxTokens must be >= 0, got [" + Long.MIN_VALUE + "]");
  }

  @Test
  void inRange_refusesEitherSideAndReturnsTheValueInside() {
    assertThat(Preconditions.inRange(5, 1, 5, "pieces")).isEqualTo(5);
    assertThatThrownBy(() -> Preconditions.inRange(0, 1, 5, "pieces")).hasMessage("pieces must be in [1, 5], got [0]");
    assertThatThrownBy(() -> Preconditions.inRange(6, 1, 5, "pieces")).hasMessage("pieces must be in [1, 5], got [6]");
  }

  @Test
  void notEmpty_refusesNullAndEmpty() {
    assertThat(Preconditions.notEmpty("x", "text")).isEqualTo("x");
    assertThatThrownBy(() -> Preconditions.notEmpty(null, "text")).isInstanceOf(NullPointerException.class)
        .hasMessage("text");
    assertThatThrownBy(() -> Preconditions.notEmpty("", "text")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("text must not be empty");
  }

  @Test
  void idFormat_refusesAnythingButThePrefixAndFiveBase36Characters() {
    assertThat(Preconditions.idFormat("f1a2b3", 'f', "fragment id")).isEqualTo("f1a2b3");
    assertThatThrownBy(() -> Preconditions.idFormat("s1a2b3", 'f', "fragment id"))
        .hasMessage("fragment id must be 'f' and five characters [0-9a-z], got [s1a2b3]");
  }
}
