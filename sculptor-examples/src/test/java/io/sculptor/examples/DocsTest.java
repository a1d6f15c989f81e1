package io.sculptor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The code shown in the README is the code that the build compiles and runs. */
class DocsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

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

  private static String normalize(String code) {
    List<String> lines = code.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    return lines.stream().collect(Collectors.joining("\n"));
  }
}
