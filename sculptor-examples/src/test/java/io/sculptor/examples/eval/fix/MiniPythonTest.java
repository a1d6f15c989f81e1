package io.sculptor.examples.eval.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The interpreter computes what Python computes on the subset, and fails as Python fails. */
class MiniPythonTest {
  private static final String MODULE = """
      \"\"\"A module.

      With a docstring of two paragraphs.
      \"\"\"


      def fee(amount, days):
          \"\"\"One line.\"\"\"
          # a comment
          base = amount * days // 7
          capped = min(base, amount + 3)
          return capped - days if capped >= days else -days


      def twice(amount):
          return fee(amount, 2) * 2
      """;

  private static Optional<Long> call(String source, String function, long... arguments) {
    MiniPython.Module module = MiniPython.parse(source);
    List<Long> values = new ArrayList<>();
    for (long a : arguments) {
      values.add(a);
    }
    return MiniPython.call(module.functions().get(function), values, module.functions()::get, new ArrayList<>());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"-7 // 2| -4", "-7 % 3| 2", "7 % -3| -2", "2 + 3 * 4| 14",
      "(2 + 3) * 4| 20", "-2 * -3| 6", "1 if 2 > 3 else 4| 4", "5 if 2 <= 3 else 4| 5",
      "max(1, 9, 4) - min(3, -2)| 11", "abs(-5)| 5", "3 != 3| 0", "10 - 4 - 3| 3", "100 // 7 // 2| 7"})
  void evaluate_followsPythonsIntegerArithmetic(String expression, long expected) {
    String source = "def f():\n    return " + expression + "\n";
    assertThat(call(source, "f")).contains(expected);
  }

  @Test
  void call_runsAssignmentsInOrder_tracesEachStatement_andCallsOtherFunctions() {
    MiniPython.Module module = MiniPython.parse(MODULE);
    List<MiniPython.Step> trace = new ArrayList<>();
    Optional<Long> value = MiniPython.call(module.functions().get("fee"), List.of(20L, 5L), module.functions()::get,
        trace);
    assertThat(value).contains(9L);
    assertThat(trace).extracting(MiniPython.Step::line).containsExactly(10, 11, 12);
    assertThat(trace).extracting(s -> s.value().orElseThrow()).containsExactly(14L, 14L, 9L);
    assertThat(call(MODULE, "twice", 20)).contains(2 * call(MODULE, "fee", 20, 2).orElseThrow());
    assertThat(module.functions().get("fee").parameters()).containsExactly("amount", "days");
    assertThat(module.functions().get("fee").lastLine()).isEqualTo(12);
  }

  @Test
  void errors_arePythonsWithTheirLines() {
    assertThatThrownBy(() -> call("def f(a):\n    return a // 0\n", "f", 1))
        .isInstanceOfSatisfying(MiniPython.PythonError.class, e -> {
          assertThat(e.describe()).isEqualTo("ZeroDivisionError: integer division or modulo by zero");
          assertThat(e.line()).isEqualTo(2);
        });
    assertThatThrownBy(() -> call("def f(a):\n    return b\n", "f", 1)).hasMessage("name 'b' is not defined");
    assertThatThrownBy(() -> call("def f(a):\n    return a\n", "f", 1, 2))
        .hasMessage("f() takes 1 positional arguments but 2 were given");
    assertThatThrownBy(() -> call("def f(a):\n    return f(a)\n", "f", 1))
        .isInstanceOfSatisfying(MiniPython.PythonError.class, e -> assertThat(e.type()).isEqualTo("RecursionError"));
    assertThat(call("def f(a):\n    x = a\n", "f", 1)).as("None").isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "def f(a):\\n    return a +\\n| 2",
      "def f(a)\\n    return a\\n| 1",
      "def f(a):\\nreturn a\\n| 2",
      "def f(a):\\n    return a $ 2\\n| 2",
      "def f(a):\\n    x == a\\n| 2",
      "'    x = 1\\n'| 1",
      "def f(a, a):\\n    return a\\n| 1",
      "def f(a):\\n    \"\"\"never closed\\n| 2"})
  void parse_rejectsWhatIsOutsideTheSubset_namingTheLine(String source, int line) {
    assertThatThrownBy(() -> MiniPython.parse(source.replace("\\n", "\n")))
        .isInstanceOfSatisfying(MiniPython.PythonError.class, e -> {
          assertThat(e.type()).isEqualTo("SyntaxError");
          assertThat(e.line()).isEqualTo(line);
        });
  }

  @Test
  void tokens_keepPositions_andSkipComments() {
    List<MiniPython.Token> tokens = MiniPython.tokens("    x = a // 10  # comment");
    assertThat(tokens).extracting(MiniPython.Token::text).containsExactly("x", "=", "a", "//", "10");
    assertThat(tokens.get(3).start()).isEqualTo(10);
    assertThat(tokens.get(3).end()).isEqualTo(12);
  }
}
