package io.sculptor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The code shown in README.md and docs/ is the code that the build compiles and runs. */
class DocsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern SNIPPET = Pattern.compile(
      "<!-- snippet: ([^#]+)#([\\w-]+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void readmeQuickStart_isTheCompiledExample() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String section = readme.substring(readme.indexOf("## Quick start"));
    String shown = section.substring(section.indexOf("```java") + 7, section.indexOf("```", section.indexOf("```java") + 7));
    String source = Files.readString(ROOT.resolve(
        "sculptor-examples/src/main/java/io/sculptor/examples/QuickStart.java"));
    String compiled = source.substring(source.indexOf("// quick-start:begin") + "// quick-start:begin".length(),
        source.indexOf("// quick-start:end"));
    assertThat(normalize(shown)).isEqualTo(normalize(compiled));
  }

  @Test
  void everySnippetInTheDocs_matchesItsSource() throws IOException {
    int checked = 0;
    List<Path> docs;
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      docs = files.filter(p -> p.toString().endsWith(".md")).toList();
    }
    for (Path doc : docs) {
      Matcher m = SNIPPET.matcher(Files.readString(doc));
      while (m.find()) {
        String source = Files.readString(ROOT.resolve(m.group(1)));
        String begin = "// snippet:" + m.group(2) + "\n";
        int from = source.indexOf(begin);
        assertThat(from).as("%s names snippet %s in %s", doc.getFileName(), m.group(2), m.group(1)).isNotNegative();
        String region = source.substring(from + begin.length(), source.indexOf("// end-snippet", from));
        assertThat(normalize(m.group(3))).as("%s snippet %s", doc.getFileName(), m.group(2)).isEqualTo(normalize(region));
        checked++;
      }
    }
    assertThat(checked).as("snippets checked in docs/").isGreaterThanOrEqualTo(42);
  }

  private static String normalize(String code) {
    return code.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
  }
}
