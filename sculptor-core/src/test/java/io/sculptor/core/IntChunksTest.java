package io.sculptor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.internal.IntChunks;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntChunksTest {
  @Test
  void withAndAppend_behaveLikeACopiedArrayAndLeaveTheOriginalAlone() {
    Random random = new Random(3);
    int[] expected = new int[150];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = random.nextInt();
    }
    IntChunks chunks = IntChunks.of(expected);
    IntChunks first = chunks;
    int[] model = expected.clone();
    for (int step = 0; step < 2000; step++) {
      if (random.nextInt(4) == 0) {
        int value = random.nextInt();
        model = java.util.Arrays.copyOf(model, model.length + 1);
        model[model.length - 1] = value;
        chunks = chunks.append(value);
      } else {
        int index = random.nextInt(model.length);
        int value = random.nextInt(10);
        model[index] = value;
        chunks = chunks.with(index, value);
      }
    }
    assertThat(chunks.length()).isEqualTo(model.length);
    for (int i = 0; i < model.length; i++) {
      assertThat(chunks.get(i)).isEqualTo(model[i]);
    }
    for (int i = 0; i < expected.length; i++) {
      assertThat(first.get(i)).isEqualTo(expected[i]);
    }
    assertThat(chunks.with(0, chunks.get(0))).isSameAs(chunks);
    assertThat(IntChunks.of(new int[0]).append(7).get(0)).isEqualTo(7);
  }
}
