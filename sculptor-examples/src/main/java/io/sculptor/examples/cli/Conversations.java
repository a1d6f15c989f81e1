package io.sculptor.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import io.sculptor.core.TokenCounter;
import io.sculptor.core.ToolCall;
import io.sculptor.openai.ChatCompletionsFormat;
import io.sculptor.openai.TiktokenCounter;
import io.sculptor.openai.WireFormatException;
import io.sculptor.store.jdbc.JdbcContextStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Reading and writing OpenAI-format conversation files for the command line; {@code -} is standard input or output. */
final class Conversations {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper PRETTY = JSON.copy().enable(SerializationFeature.INDENT_OUTPUT);
  /** The file name that stands for standard input or standard output. */
  static final String STANDARD_STREAM = "-";

  private Conversations() {}

  /**
   * A conversation as read: its messages, and the JSON it came in — an array of messages, or a
   * request object whose other fields ({@code model}, {@code temperature}…) a view keeps.
   */
  record Input(String name, JsonNode root, List<Message> messages) {
    /** {@return {@code root} with its messages replaced by {@code view}: an array, or the request object with every other field} */
    JsonNode withMessages(List<Message> view) {
      ArrayNode messages = ChatCompletionsFormat.toJson(view);
      if (root.isObject()) {
        ObjectNode request = root.deepCopy();
        request.set("messages", messages);
        return request;
      }
      return messages;
    }
  }

  /**
   * Reads a file (or standard input for {@code -}) holding a Chat Completions {@code messages}
   * array, or a request object with such an array, and checks that every tool message answers a
   * call that an earlier assistant message made, once.
   */
  static Input read(String file, CommandSpec spec) throws IOException {
    String name = isStandardStream(file) ? "standard input" : file;
    String text = readText(file, spec);
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(name + " is not valid JSON: " + e.getMessage().split("\n")[0]);
    }
    JsonNode messages = root != null && root.isObject() ? root.get("messages") : root;
    if (messages == null || !messages.isArray()) {
      throw new IllegalArgumentException(name + " holds no messages: expected a JSON array of Chat Completions"
          + " messages, or a request object with a \"messages\" array");
    }
    List<Message> parsed;
    try {
      parsed = ChatCompletionsFormat.toMessages(messages);
    } catch (WireFormatException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage());
    }
    checkToolResults(name, parsed);
    return new Input(name, root, parsed);
  }

  /**
   * Refuses a tool message that answers no call of an earlier assistant message, or a call already
   * answered: providers reject such a conversation, and the view would carry it on.
   */
  static void checkToolResults(String name, List<Message> messages) {
    Map<String, Integer> calls = new HashMap<>();
    Map<String, Integer> answers = new HashMap<>();
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      for (ToolCall call : m.toolCalls()) {
        calls.put(call.id(), i);
      }
      if (m.role() != Role.TOOL) {
        continue;
      }
      String id = m.toolCallId().orElse("");
      if (!calls.containsKey(id)) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: message %d (tool) answers tool call '%s',"
            + " which no earlier assistant message made; remove the message or add the call", name, i, id));
      }
      Integer earlier = answers.put(id, i);
      if (earlier != null) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: message %d (tool) answers tool call '%s'"
            + " again; message %d already did", name, i, id, earlier));
      }
    }
  }

  /** {@return the text of {@code file}, or all of standard input for {@code -}} */
  static String readText(String file, CommandSpec spec) throws IOException {
    if (isStandardStream(file)) {
      InputStream in = SculptorCommand.standardInput(spec);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path path = Path.of(file);
    if (Files.isDirectory(path)) {
      throw new IllegalArgumentException(file + " is a directory, not a file");
    }
    try {
      return Files.readString(path);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such file: " + file);
    }
  }

  static boolean isStandardStream(String file) {
    return STANDARD_STREAM.equals(file);
  }

  /** {@return {@code json} as indented text} */
  static String pretty(JsonNode json) throws IOException {
    return PRETTY.writeValueAsString(json) + "\n";
  }

  /**
   * Writes each of {@code texts} to its file, all or none: every text goes first to a temporary
   * file beside its target, so that a target that cannot be written fails before any is replaced.
   * A file named {@code -} is written to {@code out} instead.
   *
   * @param texts what to write, what it is and where
   * @param out standard output
   */
  static void writeAll(List<Output> texts, PrintWriter out) throws IOException {
    List<Path> temporary = new ArrayList<>();
    try {
      for (Output o : texts) {
        temporary.add(o.toStandardOutput() ? null : prepare(o));
      }
      for (int i = 0; i < texts.size(); i++) {
        Output o = texts.get(i);
        if (o.toStandardOutput()) {
          out.print(o.text());
          out.flush();
        } else {
          Files.move(temporary.get(i), Path.of(o.file()), StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
          temporary.set(i, null);
        }
      }
    } finally {
      for (Path t : temporary) {
        if (t != null) {
          Files.deleteIfExists(t);
        }
      }
    }
  }

  /** One text to write: what it is ({@code view}, {@code snapshot}), where, and the text. */
  record Output(String what, String file, String text) {
    boolean toStandardOutput() {
      return isStandardStream(file);
    }
  }

  private static Path prepare(Output o) {
    Path target = Path.of(o.file()).toAbsolutePath();
    if (Files.isDirectory(target)) {
      throw new IllegalArgumentException("cannot write the " + o.what() + " to " + o.file() + ": it is a directory");
    }
    Path folder = target.getParent();
    try {
      Path temporary = Files.createTempFile(folder, "." + target.getFileName(), ".tmp");
      Files.writeString(temporary, o.text());
      return temporary;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write the " + o.what() + " to " + o.file() + ": " + reason(e, folder));
    }
  }

  /** {@return why a file could not be written, in words} */
  private static String reason(IOException e, Path folder) {
    if (!Files.exists(folder)) {
      return "the folder " + folder + " does not exist";
    }
    if (!Files.isDirectory(folder)) {
      return folder + " is not a folder";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied in " + folder;
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason().toLowerCase(Locale.ROOT);
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  static TokenCounter counter(String encoding) {
    return switch (encoding) {
      case "o200k_base" -> TiktokenCounter.o200k();
      case "cl100k_base" -> TiktokenCounter.cl100k();
      default -> throw new IllegalArgumentException("unknown encoding '" + encoding + "'; expected o200k_base or"
          + " cl100k_base");
    };
  }

  /** {@return {@code count} and the noun, singular or plural as the count asks: 1 fragment, 7 fragments} */
  static String count(long count, String noun) {
    return String.format(Locale.ROOT, "%,d %s", count, count == 1 ? noun : noun + "s");
  }

  /**
   * {@return the store at {@code url}}: {@code jdbc:h2:…} embedded (created if absent), any other
   * JDBC URL through its driver, with user and password in the URL
   */
  static JdbcContextStore openStore(CommandSpec spec, String url) {
    if (!url.startsWith("jdbc:")) {
      throw new ParameterException(spec.commandLine(), "--store must be a JDBC URL such as"
          + " jdbc:h2:file:./sculptor, got '" + url + "'");
    }
    return JdbcContextStore.open(url, url.startsWith("jdbc:h2:") ? "sa" : null, url.startsWith("jdbc:h2:") ? "" : null);
  }
}
