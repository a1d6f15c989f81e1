package io.sculptor.examples.eval.fix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The slips of a careful programmer, as single-token edits of one line of code: {@code +} for
 * {@code -}, {@code *} for {@code //}, a comparison one step off ({@code <} for {@code <=} or
 * {@code >}), {@code min} for {@code max}, and a number off by one. The generator plants one of
 * them as a file's bug; the repair agent tries them as candidate fixes (mutation-based repair,
 * after the "competent programmer" hypothesis). Every slip has its inverse among the slips, so a
 * planted bug can be undone by one of them. Thread-safe; holds no state.
 */
public final class Slips {
  private static final Map<String, List<String>> OPERATORS = Map.of(
      "+", List.of("-"), "-", List.of("+"), "*", List.of("//"), "//", List.of("*"),
      "<", List.of("<=", ">"), "<=", List.of("<", ">="), ">", List.of(">=", "<"), ">=", List.of(">", "<="));

  private Slips() {}

  /**
   * One edit of a line.
   *
   * @param start where the replaced token starts
   * @param end where it ends, exclusive
   * @param before the token
   * @param after its replacement
   */
  public record Edit(int start, int end, String before, String after) {
    /** {@return {@code line} with the edit made} */
    public String apply(String line) {
      return line.substring(0, start) + after + line.substring(end);
    }
  }

  /**
   * {@return every slip of {@code line}, token by token from the left}; empty for a line that is
   * not code (a {@code def}, a comment, a docstring) or does not tokenize. A minus sign after an
   * operator or an opening parenthesis is a sign, not a slip; the {@code =} of an assignment is not
   * an operator.
   */
  public static List<Edit> of(String line) {
    String stripped = line.strip();
    if (stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith("\"") || stripped.startsWith("def ")
        || stripped.startsWith("from ")) {
      return List.of();
    }
    List<MiniPython.Token> tokens;
    try {
      tokens = MiniPython.tokens(line);
    } catch (MiniPython.PythonError e) {
      return List.of();
    }
    List<Edit> edits = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      MiniPython.Token t = tokens.get(i);
      MiniPython.Token previous = i > 0 ? tokens.get(i - 1) : null;
      switch (t.kind()) {
        case OP -> {
          boolean sign = t.text().equals("-") && (previous == null || previous.kind() == MiniPython.Kind.OP
              && !previous.text().equals(")"));
          if (!sign) {
            for (String other : OPERATORS.getOrDefault(t.text(), List.of())) {
              edits.add(new Edit(t.start(), t.end(), t.text(), other));
            }
          }
        }
        case NAME -> {
          boolean called = i + 1 < tokens.size() && tokens.get(i + 1).text().equals("(");
          if (called && (t.text().equals("min") || t.text().equals("max"))) {
            edits.add(new Edit(t.start(), t.end(), t.text(), t.text().equals("min") ? "max" : "min"));
          }
        }
        case NUMBER -> {
          long value;
          try {
            value = Long.parseLong(t.text());
          } catch (NumberFormatException e) {
            continue;
          }
          edits.add(new Edit(t.start(), t.end(), t.text(), Long.toString(value + 1)));
          if (value > 0) {
            edits.add(new Edit(t.start(), t.end(), t.text(), Long.toString(value - 1)));
          }
        }
      }
    }
    return edits;
  }
}
