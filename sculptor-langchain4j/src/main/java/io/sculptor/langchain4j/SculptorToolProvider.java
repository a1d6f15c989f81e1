package io.sculptor.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderRequest;
import dev.langchain4j.service.tool.ToolProviderResult;
import io.sculptor.model.ToolSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The six Sculptor tools (and {@code branch} and {@code return} when the toolkit has them) as a
 * LangChain4j {@link ToolProvider}: each call runs on the
 * {@link SculptorChatMemory} of the invocation's memory id, and its result text goes back to the
 * model as the tool's answer. Made by {@link SculptorChatMemoryProvider#toolProvider()}.
 *
 * <p>Schemas are converted from the one tool definition. LangChain4j's schema types hold types,
 * descriptions, enums and required properties, but not {@code minimum}, {@code maximum} or
 * {@code default}; those are written into the property's description (e.g. "(an integer from 1
 * to 20; default 5)"), and Sculptor still checks every bound when the call runs.
 *
 * <p>Immutable, thread-safe.
 *
 * @since 0.1
 */
public final class SculptorToolProvider implements ToolProvider {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<ToolSpecification, ToolExecutor> tools;
  private final List<String> names;

  SculptorToolProvider(SculptorChatMemoryProvider memories, List<ToolSpec> specs) {
    Map<ToolSpecification, ToolExecutor> byName = new LinkedHashMap<>();
    for (ToolSpec spec : specs) {
      byName.put(specification(spec),
          (request, memoryId) -> memories.get(memoryId == null ? "default" : memoryId)
              .execute(request.name(), request.arguments()).text());
    }
    this.tools = Map.copyOf(byName);
    this.names = specs.stream().map(ToolSpec::name).toList();
  }

  @Override
  public ToolProviderResult provideTools(ToolProviderRequest request) {
    return new ToolProviderResult(tools);
  }

  /** {@return the tool specifications, in the paper's order, then {@code branch} and {@code return} when offered} */
  public List<ToolSpecification> specifications() {
    List<ToolSpecification> ordered = new ArrayList<>();
    for (String name : names) {
      tools.keySet().stream().filter(t -> t.name().equals(name)).forEach(ordered::add);
    }
    return ordered;
  }

  /** {@return {@code spec} as a LangChain4j tool specification} */
  static ToolSpecification specification(ToolSpec spec) {
    JsonNode schema;
    try {
      schema = JSON.readTree(spec.parametersJson());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("schema of [" + spec.name() + "] is not JSON", e);
    }
    JsonObjectSchema.Builder parameters = JsonObjectSchema.builder();
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> property = it.next();
      JsonNode p = property.getValue();
      String description = p.path("description").asText("") + bounds(p);
      if (p.has("enum")) {
        List<String> values = new ArrayList<>();
        p.get("enum").forEach(v -> {
          if (!v.isNull()) {
            values.add(v.asText());
          }
        });
        parameters.addProperty(property.getKey(),
            JsonEnumSchema.builder().enumValues(values).description(description).build());
      } else if (p.path("type").asText().equals("integer")) {
        parameters.addProperty(property.getKey(), JsonIntegerSchema.builder().description(description).build());
      } else {
        parameters.addProperty(property.getKey(), JsonStringSchema.builder().description(description).build());
      }
    }
    List<String> required = new ArrayList<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    parameters.required(required).additionalProperties(schema.path("additionalProperties").asBoolean(true));
    return ToolSpecification.builder().name(spec.name()).description(spec.description())
        .parameters(parameters.build()).build();
  }

  /** The bounds and default LangChain4j's schema types cannot hold, as words. */
  private static String bounds(JsonNode property) {
    List<String> parts = new ArrayList<>();
    if (property.has("minimum") && property.has("maximum")) {
      parts.add(String.format(Locale.ROOT, "an integer from %d to %d", property.get("minimum").asInt(),
          property.get("maximum").asInt()));
    }
    if (property.has("default")) {
      parts.add("default " + property.get("default").asText());
    }
    return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
  }

  @Override
  public String toString() {
    return "SculptorToolProvider" + names;
  }
}
