package io.sculptor.examples.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the public data sets in their own shapes, one task per row, and writes generated tasks in
 * the same shapes. A file is a JSON array of rows or JSON Lines (one row per line); the rows are:
 *
 * <ul>
 *   <li>PI-LLM ({@code giantfish-fly/pi-llm}): {@code prompt} (the JSON text of the chat messages,
 *       or the user message itself), {@code answer_formatted} (the JSON text of an object of every
 *       key's last value); optional {@code n_updates}, {@code experiment}, {@code id}.
 *   <li>OpenAI MRCR ({@code openai/mrcr}): {@code prompt} (the JSON text of the messages),
 *       {@code answer}, {@code random_string_to_prepend}; optional {@code desired_msg_index},
 *       {@code n_needles}, {@code total_messages}, {@code n_chars}, {@code id}, checked against the
 *       prompt when present.
 *   <li>NeedleBench v2 (OpenCompass's rows): {@code prompt}, {@code answer}; optional
 *       {@code needles} (the relation statements; otherwise they are read from the prompt by
 *       NeedleBench's templates) and {@code id}.
 * </ul>
 *
 * <p>Each task is scored by its benchmark's own grader ({@link Graders}). Rows of the token-sized
 * families are grouped by a power-of-two bin of their o200k tokens (the size shown in reports).
 * A file that does not fit fails with a {@link DatasetException} whose one-line message names the
 * row and the field.
 */
public final class Datasets {
  private static final ObjectReader ROWS = TaskGenerator.JSON.reader()
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern LAST_PERSON = Pattern.compile("relative that '([^'\\n]+)' can trace back");

  private Datasets() {}

  /**
   * Reads the tasks of {@code family} from {@code file}.
   *
   * @return the tasks, in the file's order
   * @throws DatasetException if the file is missing, not JSON rows, or a row lacks or misstates a
   *     field, or the family is {@link EvalTask.Family#FIX}, which has no data set
   */
  public static List<EvalTask> read(EvalTask.Family family, Path file) {
    if (family == EvalTask.Family.FIX) {
      throw new DatasetException("fix tasks are generated from a seed; there is no data set to read");
    }
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new DatasetException("no such file: " + file);
    } catch (IOException e) {
      throw new DatasetException("cannot read " + file + ": " + e.getMessage());
    }
    List<EvalTask> tasks = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Row row : rows(name, text)) {
      EvalTask task = switch (family) {
        case PI_LLM -> piLlm(row);
        case MRCR -> mrcr(row);
        case NEEDLE -> needle(row);
        case FIX -> throw new IllegalStateException("fix has no data set");
      };
      if (!ids.add(task.id())) {
        throw row.error("id", "the id '" + task.id() + "' is used by an earlier row");
      }
      tasks.add(task);
    }
    if (tasks.isEmpty()) {
      throw new DatasetException(name + ": no rows");
    }
    return tasks;
  }

  /** Writes {@code tasks} to {@code file} as JSON Lines, each task's {@link EvalTask#row()}. */
  public static void write(List<EvalTask> tasks, Path file) {
    StringBuilder out = new StringBuilder();
    for (EvalTask task : tasks) {
      out.append(TaskGenerator.json(task.row())).append('\n');
    }
    try {
      Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One row of a file, with where it came from. */
  private record Row(String file, int number, ObjectNode json) {
    DatasetException error(String field, String problem) {
      return new DatasetException(String.format(Locale.ROOT, "%s row %d, field '%s': %s", file, number, field,
          problem));
    }

    String string(String field) {
      JsonNode value = json.get(field);
      if (value == null || value.isNull()) {
        throw error(field, "missing");
      }
      if (!value.isTextual()) {
        throw error(field, "must be a string, got " + kind(value));
      }
      return value.asText();
    }

    Integer integer(String field, int least) {
      JsonNode value = json.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isIntegralNumber() || !value.canConvertToInt()) {
        throw error(field, "must be an integer, got " + kind(value));
      }
      if (value.asInt() < least) {
        throw error(field, "must be at least " + least + ", got " + value.asInt());
      }
      return value.asInt();
    }

    String id() {
      JsonNode value = json.get("id");
      if (value == null || value.isNull()) {
        return file + "#" + number;
      }
      if (!value.isTextual() && !value.isIntegralNumber()) {
        throw error("id", "must be a string or an integer, got " + kind(value));
      }
      return value.asText();
    }

    /** The messages of {@code field}: the JSON text of a message array, an array, or (when {@code plain}) the user's text. */
    List<Message> messages(String field, boolean plain) {
      JsonNode value = json.get(field);
      if (value == null || value.isNull()) {
        throw error(field, "missing");
      }
      JsonNode array = value;
      if (value.isTextual()) {
        String text = value.asText();
        if (!text.stripLeading().startsWith("[")) {
          if (plain) {
            return List.of(Message.user(text));
          }
          throw error(field, "must be the JSON text of an array of {role, content} messages");
        }
        try {
          array = ROWS.readTree(text);
        } catch (JsonProcessingException e) {
          throw error(field, "not valid JSON: " + e.getOriginalMessage());
        }
      }
      if (!array.isArray() || array.isEmpty()) {
        throw error(field, "must hold a non-empty array of {role, content} messages, got " + kind(array));
      }
      List<Message> messages = new ArrayList<>();
      for (int i = 0; i < array.size(); i++) {
        JsonNode m = array.get(i);
        String role = m.path("role").asText("");
        JsonNode content = m.get("content");
        if (!m.isObject() || content == null || !content.isTextual()) {
          throw error(field, "message " + i + " has no string \"content\"");
        }
        messages.add(switch (role) {
          case "user" -> Message.user(content.asText());
          case "assistant" -> Message.assistant(content.asText());
          case "system", "developer" -> Message.system(content.asText());
          default -> throw error(field, "message " + i + " has role '" + role + "'; expected user, assistant or system");
        });
      }
      if (messages.get(messages.size() - 1).role() != Role.USER) {
        throw error(field, "the last message must be the user's question, got a " + messages.get(messages.size() - 1)
            .role().wireName() + " message");
      }
      return messages;
    }
  }

  private static List<Row> rows(String file, String text) {
    List<Row> rows = new ArrayList<>();
    if (text.stripLeading().startsWith("[")) {
      JsonNode array;
      try {
        array = ROWS.readTree(text);
      } catch (JsonProcessingException e) {
        throw new DatasetException(file + ": not a valid JSON array of rows: " + e.getOriginalMessage()
            + " (line " + e.getLocation().getLineNr() + ")");
      }
      for (int i = 0; i < array.size(); i++) {
        rows.add(row(file, i + 1, array.get(i)));
      }
      return rows;
    }
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      JsonNode json;
      try {
        json = ROWS.readTree(lines[i]);
      } catch (JsonProcessingException e) {
        throw new DatasetException(file + " row " + (i + 1) + ": not valid JSON: " + e.getOriginalMessage());
      }
      rows.add(row(file, i + 1, json));
    }
    return rows;
  }

  private static Row row(String file, int number, JsonNode json) {
    if (!(json instanceof ObjectNode object)) {
      throw new DatasetException(file + " row " + number + ": must be a JSON object, got " + kind(json));
    }
    return new Row(file, number, object);
  }

  private static EvalTask piLlm(Row row) {
    List<Message> messages = row.messages("prompt", true);
    JsonNode answer = row.json.get("answer_formatted");
    if (answer == null || answer.isNull()) {
      throw row.error("answer_formatted", "missing");
    }
    if (answer.isTextual()) {
      try {
        answer = ROWS.readTree(answer.asText());
      } catch (JsonProcessingException e) {
        throw row.error("answer_formatted", "not valid JSON: " + e.getOriginalMessage());
      }
    }
    if (!answer.isObject() || answer.isEmpty()) {
      throw row.error("answer_formatted", "must be a non-empty JSON object of each key's last value, got "
          + kind(answer));
    }
    String prompt = String.join("\n", messages.stream().map(Message::content).toList());
    Map<String, String> truth = new LinkedHashMap<>();
    List<String> facts = new ArrayList<>();
    StringBuilder gold = new StringBuilder();
    int most = 0;
    for (Map.Entry<String, JsonNode> e : answer.properties()) {
      if (!e.getValue().isTextual()) {
        throw row.error("answer_formatted", "the value of '" + e.getKey() + "' must be a string, got "
            + kind(e.getValue()));
      }
      String value = e.getValue().asText();
      String update = e.getKey() + ": " + value;
      String fact = prompt.contains(update + ";") ? update + ";" : update;
      if (!prompt.contains(fact)) {
        throw row.error("answer_formatted", "the last value of '" + e.getKey() + "' ('" + value
            + "') is never set in 'prompt'");
      }
      truth.put(e.getKey(), value);
      facts.add(fact);
      gold.append("The current value of ").append(e.getKey()).append(" is ").append(value).append(".\n");
      most = Math.max(most, occurrences(prompt, e.getKey() + ": "));
    }
    Integer updates = row.integer("n_updates", 1);
    Map<String, String> frozen = Map.copyOf(truth);
    return new EvalTask(EvalTask.Family.PI_LLM, row.id(), updates != null ? updates : most, truth.size(),
        Conversation.of(messages), facts, gold.toString().strip(), response -> Graders.piLlm(response, frozen),
        row.json);
  }

  private static EvalTask mrcr(Row row) {
    List<Message> messages = row.messages("prompt", false);
    String answer = row.string("answer");
    String prefix = row.string("random_string_to_prepend");
    if (prefix.isEmpty()) {
      throw row.error("random_string_to_prepend", "must not be empty");
    }
    if (!answer.startsWith(prefix)) {
      throw row.error("answer", "does not start with random_string_to_prepend '" + prefix + "'");
    }
    String target = answer.substring(prefix.length());
    Integer desired = row.integer("desired_msg_index", 0);
    int needles = 1;
    if (desired != null) {
      if (desired + 1 >= messages.size() - 1 || messages.get(desired).role() != Role.USER
          || messages.get(desired + 1).role() != Role.ASSISTANT) {
        throw row.error("desired_msg_index", desired + " is not a user request followed by an answer among the "
            + messages.size() + " messages");
      }
      if (!messages.get(desired + 1).content().equals(target)) {
        throw row.error("desired_msg_index", "the answer after message " + desired
            + " is not 'answer' without its random string");
      }
      String request = messages.get(desired).content();
      needles = (int) messages.stream().filter(m -> m.role() == Role.USER && m.content().equals(request)).count();
    } else if (messages.stream().noneMatch(m -> m.role() == Role.ASSISTANT && m.content().equals(target))) {
      throw row.error("answer", "without its random string it is none of the assistant messages in 'prompt'");
    }
    Integer stated = row.integer("n_needles", 1);
    if (stated != null && desired != null && stated != needles) {
      throw row.error("n_needles", stated + ", but the request of message " + desired + " occurs " + needles
          + " times");
    }
    Integer total = row.integer("total_messages", 1);
    if (total != null && total != messages.size()) {
      throw row.error("total_messages", total + ", but 'prompt' holds " + messages.size() + " messages");
    }
    row.integer("n_chars", 0);
    Conversation conversation = Conversation.of(messages);
    return new EvalTask(EvalTask.Family.MRCR, row.id(), bin(TaskGenerator.tokens(conversation)),
        stated != null ? stated : needles, conversation, List.of(target), answer,
        response -> Graders.mrcr(response, answer, prefix), row.json);
  }

  private static EvalTask needle(Row row) {
    String prompt = row.string("prompt");
    String answer = row.string("answer");
    List<String> facts = new ArrayList<>();
    JsonNode given = row.json.get("needles");
    if (given != null && !given.isNull()) {
      if (!given.isArray() || given.isEmpty()) {
        throw row.error("needles", "must be a non-empty array of the relation statements, got " + kind(given));
      }
      for (JsonNode needle : given) {
        if (!needle.isTextual() || !prompt.contains(needle.asText())) {
          throw row.error("needles", "every needle must be a string that occurs in 'prompt': " + needle);
        }
        facts.add(needle.asText());
      }
    } else {
      facts.addAll(chain(row, prompt, answer));
    }
    Conversation conversation = Conversation.of(Message.user(prompt));
    return new EvalTask(EvalTask.Family.NEEDLE, row.id(), bin(TaskGenerator.tokens(conversation)), facts.size(),
        conversation, facts, answer, response -> Graders.needleBench(response, answer), row.json);
  }

  /** The statements linking the asked-about person to {@code answer}, read by NeedleBench's templates. */
  private static List<String> chain(Row row, String prompt, String answer) {
    Matcher asked = LAST_PERSON.matcher(prompt);
    if (!asked.find()) {
      throw row.error("prompt", "no NeedleBench question \"who is the eldest relative that '<name>' can trace"
          + " back to\" (or give the statements in 'needles')");
    }
    Map<String, String[]> parentOf = new LinkedHashMap<>();
    List<Pattern> templates = TaskGenerator.RELATION_TEMPLATES.stream().map(Datasets::templatePattern).toList();
    for (String line : prompt.split("\n")) {
      String statement = line.strip();
      for (Pattern template : templates) {
        Matcher m = template.matcher(statement);
        if (m.matches() && !parentOf.containsKey(m.group("b"))) {
          parentOf.put(m.group("b"), new String[] {m.group("a"), statement});
          break;
        }
      }
    }
    List<String> facts = new ArrayList<>();
    String person = asked.group(1);
    Set<String> visited = new HashSet<>();
    while (parentOf.containsKey(person) && visited.add(person)) {
      facts.add(parentOf.get(person)[1]);
      person = parentOf.get(person)[0];
    }
    if (facts.isEmpty()) {
      throw row.error("prompt", "no relation statement names '" + asked.group(1) + "' as the younger person");
    }
    if (!person.equals(answer.strip())) {
      throw row.error("answer", "'" + answer + "', but the statements in 'prompt' trace '" + asked.group(1)
          + "' back to '" + person + "'");
    }
    return facts;
  }

  /** {@return a pattern that matches a whole statement of {@code template}, the elder in group a, the younger in b} */
  static Pattern templatePattern(String template) {
    String name = "\\p{Lu}[^,.;']*?";
    String terms = String.join("|", TaskGenerator.RELATION_TERMS.stream().map(Pattern::quote).toList());
    StringBuilder regex = new StringBuilder();
    Set<String> named = new HashSet<>();
    Matcher part = Pattern.compile("\\{(A|B|relationship)\\}").matcher(template);
    int last = 0;
    while (part.find()) {
      regex.append(Pattern.quote(template.substring(last, part.start())));
      String group = part.group(1).toLowerCase(Locale.ROOT);
      if (group.equals("relationship")) {
        regex.append("(?:").append(terms).append(')');
      } else {
        regex.append(named.add(group) ? "(?<" + group + ">" + name + ")" : "\\k<" + group + ">");
      }
      last = part.end();
    }
    regex.append(Pattern.quote(template.substring(last)));
    return Pattern.compile(regex.toString());
  }

  /** {@return the smallest power of two that is at least {@code tokens}, from 1,024 on} */
  static int bin(long tokens) {
    long bin = 1024;
    while (bin < tokens) {
      bin *= 2;
    }
    return (int) Math.min(bin, Integer.MAX_VALUE);
  }

  private static int occurrences(String text, String part) {
    int count = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      count++;
    }
    return count;
  }

  private static String kind(JsonNode value) {
    return switch (value.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number (" + value.asText() + ")";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }
}
