package io.sculptor.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sculptor.anthropic.MessagesFormat;
import io.sculptor.model.ToolSpec;
import io.sculptor.openai.ChatCompletionsFormat;
import io.sculptor.openai.ResponsesFormat;
import io.sculptor.tools.SculptorTools;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sculptor tools}: prints the six tool schemas in a provider's format. */
@Command(name = "tools", mixinStandardHelpOptions = true,
    description = "Print the schemas of the six Sculptor tools (Appendix H of the paper) as JSON.")
final class ToolsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--format", defaultValue = "openai-chat",
      description = "openai-chat (Chat Completions tools), openai-responses (Responses API tools) or anthropic"
          + " (Messages API tools); default ${DEFAULT-VALUE}")
  String format;

  @Option(names = "--strict", description = "the variant for strict function calling")
  boolean strict;

  @Override
  public Integer call() throws Exception {
    List<ToolSpec> specs = strict ? SculptorTools.strictSpecs() : SculptorTools.specs();
    var json = switch (format) {
      case "openai-chat" -> ChatCompletionsFormat.tools(specs);
      case "openai-responses" -> ResponsesFormat.tools(specs);
      case "anthropic" -> MessagesFormat.tools(specs);
      default -> throw new ParameterException(spec.commandLine(), "unknown format '" + format
          + "'; expected openai-chat, openai-responses or anthropic");
    };
    spec.commandLine().getOut().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(json));
    return 0;
  }
}
