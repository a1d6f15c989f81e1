package io.sculptor.core.internal;

import java.util.Arrays;

/**
 * An immutable array of ints stored in chunks of 64, so that changing one entry copies one chunk
 * and the chunk table (n / 64 references) instead of all n entries. Edits to a state change the
 * token totals of the few messages they touch; this keeps their cost independent of the length of
 * the conversation.
 */
public final class IntChunks {
  private static final int SHIFT = 6;
  private static final int SIZE = 1 << SHIFT;
  private static final int MASK = SIZE - 1;

  private final int[][] chunks;
  private final int length;

  private IntChunks(int[][] chunks, int length) {
    this.chunks = chunks;
    this.length = length;
  }

  /** {@return the chunked copy of {@code values}} */
  public static IntChunks of(int[] values) {
    int[][] chunks = new int[(values.length + MASK) >>> SHIFT][];
    for (int c = 0; c < chunks.length; c++) {
      chunks[c] = Arrays.copyOfRange(values, c << SHIFT, Math.min(values.length, (c + 1) << SHIFT));
    }
    return new IntChunks(chunks, values.length);
  }

  /** {@return the number of entries} */
  public int length() {
    return length;
  }

  /** {@return entry {@code index}} */
/** {@return all values, in order, as a new array} */
    public int[] toArray() {
    int[] all = new int[length()];
    for (int i = 0; i < all.length; i++) {
      all[i] = get(i);
    }
    return all;
  }

  /** {@return the value at {@code index}} */
  public int get(int index) {
    return chunks[index >>> SHIFT][index & MASK];
  }

  /** {@return a copy with entry {@code index} set to {@code value}, or this when it is already} */
  public IntChunks with(int index, int value) {
    if (get(index) == value) {
      return this;
    }
    int[][] copy = chunks.clone();
    int[] chunk = copy[index >>> SHIFT].clone();
    chunk[index & MASK] = value;
    copy[index >>> SHIFT] = chunk;
    return new IntChunks(copy, length);
  }

  /** {@return a copy with {@code value} added at the end} */
  public IntChunks append(int value) {
    int last = length >>> SHIFT;
    int[][] copy = last < chunks.length ? chunks.clone() : Arrays.copyOf(chunks, chunks.length + 1);
    int[] chunk = last < chunks.length ? Arrays.copyOf(chunks[last], (length & MASK) + 1) : new int[1];
    chunk[length & MASK] = value;
    copy[last] = chunk;
    return new IntChunks(copy, length + 1);
  }
}
