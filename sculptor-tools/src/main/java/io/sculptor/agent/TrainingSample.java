package io.sculptor.agent;

import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.model.ToolSpec;
import java.util.List;
import java.util.Objects;

/**
 * One training instance made from a trajectory: a conversation and, for each message, whether its
 * tokens carry loss. Only assistant messages ever carry loss.
 *
 * @param messages the conversation of the instance
 * @param trained per message, whether it is trained (loss 1) in this instance
 * @param tools the tools offered to the model
 * @since 0.1
 */
public record TrainingSample(List<Message> messages, List<Boolean> trained, List<ToolSpec> tools) {
  /** Copies the lists and checks that they line up and that only assistant messages are trained. */
  public TrainingSample {
    messages = List.copyOf(messages);
    trained = List.copyOf(trained);
    tools = List.copyOf(tools);
    if (messages.size() != trained.size()) {
      throw new IllegalArgumentException("one flag per message: [" + messages.size() + "] messages, ["
          + trained.size() + "] flags");
    }
    for (int i = 0; i < messages.size(); i++) {
      if (trained.get(i) && messages.get(i).role() != Role.ASSISTANT) {
        throw new IllegalArgumentException("message [" + i + "] is not an assistant message and cannot be trained");
      }
    }
    Objects.requireNonNull(tools, "tools");
  }
}
