package io.sculptor.examples.eval.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The application tools work on the files; bad calls say what to do and change nothing. */
class WorkspaceTest {
  private final Repository repository = Repository.generate(2, 4, 3);
  private final Workspace workspace = new Workspace(repository);
  private final Repository.Bug bug = repository.bugs().get(0);

  @Test
  void readFile_numbersTheLines() {
    String listing = workspace.readFile("{\"path\": \"" + bug.sourcePath() + "\"}");
    String content = repository.files().get(bug.sourcePath());
    assertThat(listing).startsWith(bug.sourcePath() + " (" + content.split("\n").length + " lines)\n     1\t\"\"\"");
    assertThat(listing).contains(String.format("%6d\t%s\n", bug.line(), bug.buggy()));
  }

  @Test
  void applyPatch_thenRunTests_makesTheFailingTestPass() {
    String verbose = workspace.runTests("{\"path\": \"" + bug.sourcePath() + "\"}");
    assertThat(verbose).contains(bug.testId() + " FAILED").contains("FAILED " + bug.testId() + " - assert ")
        .contains(bug.sourcePath() + ":").contains("in " + bug.function() + "\n");
    String patched = workspace.applyPatch(json(bug.sourcePath(), bug.buggy(), bug.correct()));
    assertThat(patched).startsWith("Patched " + bug.sourcePath() + ": replaced 1 line at line " + bug.line() + ".")
        .contains(String.format("%6d\t%s\n", bug.line(), bug.correct()));
    String after = workspace.runTests("{\"path\": \"" + TestRunner.testOf(bug.sourcePath()).orElseThrow() + "\"}");
    assertThat(after).contains(bug.testId() + " PASSED").doesNotContain("FAILED");
    String suite = workspace.runTests("{}");
    assertThat(suite).contains(TestRunner.testOf(bug.sourcePath()).orElseThrow() + " ....")
        .contains("1 failed, 7 passed");
    assertThat(workspace.runAll().passed()).isEqualTo(7);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"path\": \"src/none.py\", \"old_text\": \"a\", \"new_text\": \"b\"}|there is no file src/none.py;",
      "{\"path\": \"SRC\", \"old_text\": \"no such text\", \"new_text\": \"b\"}|old_text occurs 0 times in SRC;",
      "{\"path\": \"SRC\", \"old_text\": \"    return\", \"new_text\": \"b\"}|old_text occurs more than once in SRC",
      "{\"path\": \"SRC\", \"old_text\": \"\", \"new_text\": \"b\"}|old_text is empty",
      "{\"path\": \"SRC\", \"old_text\": 3, \"new_text\": \"b\"}|\"old_text\" must be a string",
      "{\"path\": \"SRC\", \"old\": \"a\", \"new_text\": \"b\"}|apply_patch has no parameter \"old\"",
      "{\"path\": \"SRC\"}|apply_patch needs \"",
      "{\"path\": |the arguments of apply_patch are not valid JSON",
      "[1]|the arguments of apply_patch must be one JSON object"})
  void applyPatch_badCalls_sayWhatToDo_andChangeNothing(String arguments, String message) {
    Map<String, String> before = workspace.files();
    assertThatThrownBy(() -> workspace.applyPatch(arguments.replace("SRC", bug.sourcePath())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message.replace("SRC", bug.sourcePath()));
    assertThat(workspace.files()).isEqualTo(before);
  }

  @Test
  void runTests_ofAnUnknownFile_saysWhatItTakes() {
    assertThatThrownBy(() -> workspace.runTests("{\"path\": \"README.md\"}"))
        .hasMessageStartingWith("there are no tests for README.md; give a test file");
    assertThatThrownBy(() -> workspace.readFile("{}")).hasMessage("read_file needs \"path\"");
  }

  @Test
  void runTests_reportsASyntaxErrorAsACollectionError_andARuntimeErrorAsAFailure() {
    String test = TestRunner.testOf(bug.sourcePath()).orElseThrow();
    workspace.applyPatch(json(bug.sourcePath(), bug.buggy(), bug.buggy() + " +"));
    String broken = workspace.runTests("{\"path\": \"" + test + "\"}");
    assertThat(broken).contains("ERROR collecting " + test).contains(bug.sourcePath() + ":" + bug.line()
        + ": SyntaxError: invalid syntax").contains(" ERROR ").contains("1 error");
    assertThat(workspace.runAll().outcome(bug.testId()).orElseThrow().status()).isEqualTo(TestRunner.Status.ERROR);
    String body = bug.buggy().substring(0, bug.buggy().indexOf(bug.buggy().strip()));
    workspace.applyPatch(json(bug.sourcePath(), bug.buggy() + " +", body + "return 1 // 0"));
    String failing = workspace.runTests("{\"path\": \"" + test + "\"}");
    assertThat(failing).contains("E   ZeroDivisionError: integer division or modulo by zero")
        .contains("FAILED " + bug.testId() + " - ZeroDivisionError: integer division or modulo by zero");
  }

  private static String json(String path, String oldText, String newText) {
    return "{\"path\": \"" + path + "\", \"old_text\": \"" + oldText + "\", \"new_text\": \"" + newText + "\"}";
  }
}
