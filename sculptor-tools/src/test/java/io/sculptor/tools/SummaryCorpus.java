package io.sculptor.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The corpus of real-shaped tool outputs in {@code src/test/resources/summary-corpus}, each with
 * the lines a reviewer marked as must-keep: what an engineer needs from the output to decide the
 * next step, chosen so that it fits in the extractive summarizer's default budget (a quarter of
 * the output, at most 1,000 characters).
 *
 * <p>A case file starts with {@code kind:} and {@code focus:} lines and a {@code ---} line; the
 * output follows. A line that starts with {@code "» "} is a must-keep line (the marker is not part
 * of the output); text between {@code «} and {@code »} inside a line is a must-keep part of that
 * line, for long lines and for prose, where the sentence matters and not the paragraph.
 */
final class SummaryCorpus {
  static final Path DIRECTORY = Path.of("src", "test", "resources", "summary-corpus");
  private static final String LINE_MARK = "» ";
  private static final Pattern SPAN = Pattern.compile("«([^«»]+)»");

  private SummaryCorpus() {}

  /** One tool output and what must survive its summary. */
  record Case(String name, String kind, String focus, String text, List<String> mustKeep) {
    Case {
      mustKeep = List.copyOf(mustKeep);
    }

    /**
     * {@return how many must-keep items {@code summary} holds}: each item counts as often as it was
     * marked, and as kept as often as the summary contains it, ignoring differences in whitespace
     */
    int keptIn(String summary) {
      Map<String, Integer> wanted = new LinkedHashMap<>();
      mustKeep.forEach(item -> wanted.merge(normalized(item), 1, Integer::sum));
      String haystack = normalized(summary);
      int kept = 0;
      for (Map.Entry<String, Integer> item : wanted.entrySet()) {
        kept += Math.min(item.getValue(), occurrences(haystack, item.getKey()));
      }
      return kept;
    }

    /** {@return how many times {@code item} occurs in the text of the output, ignoring whitespace} */
    int occurrencesInText(String item) {
      return occurrences(normalized(text), normalized(item));
    }
  }

  /** {@return every case, in file-name order} */
  static List<Case> load() {
    try (Stream<Path> files = Files.list(DIRECTORY)) {
      List<Case> cases = new ArrayList<>();
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".txt")).sorted().toList()) {
        String name = file.getFileName().toString();
        cases.add(parse(name.substring(0, name.length() - 4), Files.readString(file, StandardCharsets.UTF_8)));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Case parse(String name, String raw) {
    int separator = raw.indexOf("\n---\n");
    if (separator < 0) {
      throw new IllegalArgumentException(name + ": no '---' line after the header");
    }
    Map<String, String> header = new LinkedHashMap<>();
    for (String line : raw.substring(0, separator).split("\n")) {
      int colon = line.indexOf(':');
      header.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
    }
    List<String> mustKeep = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (String line : raw.substring(separator + 5).split("\n", -1)) {
      String output = line;
      if (output.startsWith(LINE_MARK)) {
        output = output.substring(LINE_MARK.length());
        mustKeep.add(output.strip());
      }
      Matcher span = SPAN.matcher(output);
      while (span.find()) {
        mustKeep.add(span.group(1).strip());
      }
      text.append(span.replaceAll("$1")).append('\n');
    }
    String body = text.toString().stripTrailing() + "\n";
    return new Case(name, header.get("kind"), header.get("focus"), body, mustKeep);
  }

  private static String normalized(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  private static int occurrences(String haystack, String needle) {
    int count = 0;
    for (int at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length())) {
      count++;
    }
    return count;
  }
}
