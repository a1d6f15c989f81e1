package io.sculptor.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.agent.TrainingSample;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.ToolCall;
import io.sculptor.openai.internal.Json;
import java.util.List;

/**
 * Writes training samples in OpenAI's fine-tuning chat format: one JSON object per line with
 * {@code messages} and {@code tools}, where every assistant message carries {@code "weight": 1}
 * when it is trained in that sample and {@code "weight": 0} when it is not — the paper's
 * incremental loss assignment.
 *
 * <p>Messages are written in their plain form (role, content, name, tool calls, tool-call id):
 * provider fields kept in extensions are left out, because the fine-tuning format does not accept
 * them. Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class FineTuningExport {
  private FineTuningExport() {}

  /** {@return one sample as a fine-tuning JSON object} */
  public static ObjectNode toJson(TrainingSample sample) {
    ObjectNode line = Json.object();
    ArrayNode messages = line.putArray("messages");
    for (int i = 0; i < sample.messages().size(); i++) {
      Message m = sample.messages().get(i);
      ObjectNode message = messages.addObject();
      message.put("role", m.role().wireName());
      if (!m.content().isEmpty() || m.toolCalls().isEmpty()) {
        message.put("content", m.content());
      }
      m.name().ifPresent(n -> message.put("name", n));
      if (!m.toolCalls().isEmpty()) {
        ArrayNode calls = message.putArray("tool_calls");
        for (ToolCall call : m.toolCalls()) {
          ObjectNode c = calls.addObject().put("id", call.id()).put("type", "function");
          c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
        }
      }
      m.toolCallId().ifPresent(id -> message.put("tool_call_id", id));
      if (m.role() == Role.ASSISTANT) {
        message.put("weight", sample.trained().get(i) ? 1 : 0);
      }
    }
    if (!sample.tools().isEmpty()) {
      line.set("tools", ChatCompletionsFormat.tools(sample.tools()));
    }
    return line;
  }

  /** {@return the samples as JSONL: one compact JSON object per line, each line ending in a newline} */
  public static String toJsonl(List<TrainingSample> samples) {
    StringBuilder out = new StringBuilder();
    for (TrainingSample sample : samples) {
      out.append(Json.write(toJson(sample))).append('\n');
    }
    return out.toString();
  }
}
