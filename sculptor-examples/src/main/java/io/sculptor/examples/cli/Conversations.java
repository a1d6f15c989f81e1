package io.sculptor.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sculptor.core.TokenCounter;
import io.sculptor.openai.ChatCompletionsFormat;
import io.sculptor.openai.TiktokenCounter;
import io.sculptor.core.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reading and writing OpenAI-format conversation files for the command line. */
final class Conversations {
  static final ObjectMapper JSON = new ObjectMapper();

  private Conversations() {}

  /** Reads a file holding a Chat Completions {@code messages} array, or an object with such an array. */
  static List<Message> read(Path file) throws IOException {
    String text = readText(file);
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage().split("\n")[0]);
    }
    JsonNode messages = root != null && root.isObject() ? root.get("messages") : root;
    if (messages == null || !messages.isArray()) {
      throw new IllegalArgumentException(file + " holds no messages: expected a JSON array of Chat Completions"
          + " messages, or an object with a \"messages\" array");
    }
    return ChatCompletionsFormat.toMessages(messages);
  }

  static String readText(Path file) throws IOException {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such file: " + file);
    }
  }

  static TokenCounter counter(String encoding) {
    return switch (encoding) {
      case "o200k_base" -> TiktokenCounter.o200k();
      case "cl100k_base" -> TiktokenCounter.cl100k();
      default -> throw new IllegalArgumentException("unknown encoding '" + encoding + "'; expected o200k_base or"
          + " cl100k_base");
    };
  }

  /**
   * {@return the store at {@code url}}: {@code jdbc:h2:…} embedded (created if absent), any other
   * JDBC URL through its driver, with user and password in the URL
   */
  static io.sculptor.store.jdbc.JdbcContextStore openStore(picocli.CommandLine.Model.CommandSpec spec, String url) {
    if (!url.startsWith("jdbc:")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--store must be a JDBC URL such as"
          + " jdbc:h2:file:./sculptor, got '" + url + "'");
    }
    return io.sculptor.store.jdbc.JdbcContextStore.open(url, url.startsWith("jdbc:h2:") ? "sa" : null,
        url.startsWith("jdbc:h2:") ? "" : null);
  }
}
