package io.sculptor.springai;

import io.sculptor.model.ToolSpec;
import java.util.Objects;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * One of the six Sculptor tools as a Spring AI {@link ToolCallback}: its definition carries the
 * tool's name, description and JSON schema exactly as Sculptor defines them, and each call runs
 * on the conversation named by {@link ChatMemory#CONVERSATION_ID} in the {@link ToolContext}
 * ({@value SculptorAdvisor#DEFAULT_CONVERSATION_ID} when absent). The text it returns is the
 * tool's result for the model; a bad call is such a result, never an exception. Made by
 * {@link SculptorAdvisor#toolCallbacks()}.
 *
 * <p>Immutable, thread-safe.
 *
 * @since 0.1
 */
public final class SculptorToolCallback implements ToolCallback {
  private final ToolDefinition definition;
  private final SculptorAdvisor advisor;

  SculptorToolCallback(ToolSpec spec, SculptorAdvisor advisor) {
    this.definition = ToolDefinition.builder().name(spec.name()).description(spec.description())
        .inputSchema(spec.parametersJson()).build();
    this.advisor = Objects.requireNonNull(advisor, "advisor");
  }

  @Override
  public ToolDefinition getToolDefinition() {
    return definition;
  }

  /** {@return the result of the call on the default conversation} */
  @Override
  public String call(String toolInput) {
    return call(toolInput, null);
  }

  /** {@return the result of the call on the conversation the tool context names} */
  @Override
  public String call(String toolInput, ToolContext toolContext) {
    Object id = toolContext == null ? null : toolContext.getContext().get(ChatMemory.CONVERSATION_ID);
    String conversationId = id == null ? SculptorAdvisor.DEFAULT_CONVERSATION_ID : id.toString();
    return advisor.execute(conversationId, definition.name(), toolInput).text();
  }

  @Override
  public String toString() {
    return "SculptorToolCallback[" + definition.name() + "]";
  }
}
