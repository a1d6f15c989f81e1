package io.sculptor.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * An ordered list of messages.
 *
 * <p>Value semantics, immutable, thread-safe: {@link #append(Message)} returns a new conversation.
 *
 * @since 0.1
 */
public final class Conversation implements Iterable<Message> {
  private static final Conversation EMPTY = new Conversation(List.of());

  private final List<Message> messages;

  private Conversation(List<Message> messages) {
    this.messages = messages;
  }

  /** {@return the conversation holding {@code messages} in order} */
  public static Conversation of(List<Message> messages) {
    return messages.isEmpty() ? EMPTY : new Conversation(List.copyOf(messages));
  }

  /** {@return the conversation holding {@code messages} in order} */
  public static Conversation of(Message... messages) {
    return of(Arrays.asList(messages));
  }

  /** {@return the empty conversation} */
  public static Conversation empty() {
    return EMPTY;
  }

  /** {@return the messages, unmodifiable} */
  public List<Message> messages() {
    return messages;
  }

  /** {@return the message at {@code index}} Throws {@link IndexOutOfBoundsException} when absent. */
  public Message get(int index) {
    return messages.get(index);
  }

  /** {@return the number of messages} */
  public int size() {
    return messages.size();
  }

  /** {@return whether there are no messages} */
  public boolean isEmpty() {
    return messages.isEmpty();
  }

  /** {@return a new conversation with {@code message} added at the end} */
  public Conversation append(Message message) {
    Objects.requireNonNull(message, "message");
    List<Message> longer = new ArrayList<>(messages.size() + 1);
    longer.addAll(messages);
    longer.add(message);
    return new Conversation(Collections.unmodifiableList(longer));
  }

  /** {@return the total number of content characters of all messages} */
  public long contentLength() {
    long total = 0;
    for (Message m : messages) {
      total += m.content().length();
    }
    return total;
  }

  @Override
  public Iterator<Message> iterator() {
    return messages.iterator();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Conversation c && messages.equals(c.messages);
  }

  @Override
  public int hashCode() {
    return messages.hashCode();
  }

  @Override
  public String toString() {
    return "Conversation[" + messages.size() + " messages]";
  }
}
