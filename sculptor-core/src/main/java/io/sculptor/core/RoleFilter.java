package io.sculptor.core;

import java.util.Locale;
import java.util.Objects;

/**
 * Which messages a marker search or a text search looks at. System messages are never included.
 *
 * @since 0.1
 */
public enum RoleFilter {
  /** User messages only (the paper's default). */
  USER,
  /** Assistant messages only. */
  ASSISTANT,
  /** User, assistant and tool messages; never system messages. */
  ALL;

  /** {@return whether messages of {@code role} are included by this filter} */
  public boolean includes(Role role) {
    Objects.requireNonNull(role, "role");
    return switch (this) {
      case USER -> role == Role.USER;
      case ASSISTANT -> role == Role.ASSISTANT;
      case ALL -> role != Role.SYSTEM;
    };
  }

  /** {@return how the selected messages are called in results, e.g. {@code "user messages"}} */
  public String description() {
    return switch (this) {
      case USER -> "user messages";
      case ASSISTANT -> "assistant messages";
      case ALL -> "user, assistant and tool messages";
    };
  }

  /** {@return the name used in tool arguments: {@code "user"}, {@code "assistant"} or {@code "all"}} */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
