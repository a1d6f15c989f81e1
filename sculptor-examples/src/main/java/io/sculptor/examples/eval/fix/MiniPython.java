package io.sculptor.examples.eval.fix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * An interpreter of the small Python subset the generated repositories are written in: modules of
 * pure functions on integers. A module holds docstrings, comments, {@code from a.b import f, g}
 * lines and {@code def} functions whose bodies assign names, {@code return} and {@code assert};
 * expressions have integers, names, {@code + - * // %}, unary minus, the comparisons, calls of
 * {@code min}, {@code max}, {@code abs} and of other functions, {@code x if c else y} and
 * parentheses. Arithmetic is Python's: {@code //} and {@code %} round toward negative infinity.
 *
 * <p>Errors are Python's, as {@link PythonError}: {@code SyntaxError} with its line when parsing,
 * {@code NameError}, {@code TypeError}, {@code ZeroDivisionError}, {@code RecursionError},
 * {@code AssertionError} and {@code OverflowError} (past 64 bits, which a real Python would not
 * raise) when running.
 * Immutable and thread-safe.
 */
public final class MiniPython {
  private static final int MAX_DEPTH = 50;

  private MiniPython() {}

  /** The kinds of token. */
  public enum Kind {
    /** An identifier or keyword. */
    NAME,
    /** A non-negative integer literal. */
    NUMBER,
    /** An operator or punctuation. */
    OP
  }

  /**
   * One token of a line.
   *
   * @param kind the kind
   * @param text the token's text
   * @param start where it starts in the line
   * @param end where it ends in the line, exclusive
   */
  public record Token(Kind kind, String text, int start, int end) {
    /** Checks the arguments. */
    public Token {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(text, "text");
    }
  }

  /** A Python error, as Python names it, with the line it happened on when known. */
  public static final class PythonError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final int line;

    PythonError(String type, String message, int line) {
      super(message);
      this.type = type;
      this.line = line;
    }

    /** {@return Python's name of the error, such as {@code ZeroDivisionError}} */
    public String type() {
      return type;
    }

    /** {@return the 1-based line it happened on, or 0 when unknown} */
    public int line() {
      return line;
    }

    /** {@return the error as Python prints its last line: {@code ZeroDivisionError: integer division by zero}} */
    public String describe() {
      return type + ": " + getMessage();
    }
  }

  /**
   * {@return the tokens of one line of code}, comments and whitespace left out
   *
   * @throws PythonError a {@code SyntaxError} for a character outside the subset
   */
  public static List<Token> tokens(String line) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '#') {
        break;
      }
      if (Character.isWhitespace(c)) {
        i++;
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < line.length() && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '_')) {
          i++;
        }
        tokens.add(new Token(Kind.NAME, line.substring(start, i), start, i));
      } else if (Character.isDigit(c)) {
        int start = i;
        while (i < line.length() && Character.isDigit(line.charAt(i))) {
          i++;
        }
        tokens.add(new Token(Kind.NUMBER, line.substring(start, i), start, i));
      } else {
        String two = i + 1 < line.length() ? line.substring(i, i + 2) : "";
        if (List.of("//", "<=", ">=", "==", "!=").contains(two)) {
          tokens.add(new Token(Kind.OP, two, i, i + 2));
          i += 2;
        } else if ("+-*%<>()=,:.".indexOf(c) >= 0) {
          tokens.add(new Token(Kind.OP, String.valueOf(c), i, i + 1));
          i++;
        } else {
          throw new PythonError("SyntaxError", "invalid character '" + c + "'", 0);
        }
      }
    }
    return tokens;
  }

  /**
   * {@return the module {@code source}, parsed}
   *
   * @throws PythonError a {@code SyntaxError} naming the line that is not in the subset
   */
  public static Module parse(String source) {
    return new Parser(source).module();
  }

  /** A parsed module: its imports and functions. Immutable. */
  public static final class Module {
    private final Map<String, List<String>> imports;
    private final Map<String, FunctionDef> functions;

    Module(Map<String, List<String>> imports, Map<String, FunctionDef> functions) {
      this.imports = imports;
      this.functions = functions;
    }

    /** {@return the imported names by the module they come from, such as {@code billing.fees}} */
    public Map<String, List<String>> imports() {
      return imports;
    }

    /** {@return the functions, in the order of the source} */
    public Map<String, FunctionDef> functions() {
      return functions;
    }
  }

  /**
   * A function of a module.
   *
   * @param name the name
   * @param parameters the parameter names
   * @param line the line of its {@code def}
   * @param lastLine the last line of its body
   * @param body the statements
   */
  public record FunctionDef(String name, List<String> parameters, int line, int lastLine, List<Statement> body) {
    /** Copies the lists. */
    public FunctionDef {
      parameters = List.copyOf(parameters);
      body = List.copyOf(body);
    }
  }

  /** A statement of a function body. */
  public sealed interface Statement {
    /** {@return the statement's line} */
    int line();

    /** {@return the statement's source, stripped} */
    String source();
  }

  /**
   * {@code name = value}.
   *
   * @param line the line
   * @param source the source
   * @param name the name assigned
   * @param value the value
   */
  public record Assign(int line, String source, String name, Expr value) implements Statement {}

  /**
   * {@code return value}.
   *
   * @param line the line
   * @param source the source
   * @param value the value
   */
  public record Return(int line, String source, Expr value) implements Statement {}

  /**
   * {@code assert left == right}, as the tests write them.
   *
   * @param line the line
   * @param source the source
   * @param left the expression checked, usually a call
   * @param right the expected value
   */
  public record Assert(int line, String source, Expr left, Expr right) implements Statement {}

  /** An expression. */
  public sealed interface Expr {}

  record Num(long value) implements Expr {}

  record Var(String name, int line) implements Expr {}

  record Neg(Expr operand, int line) implements Expr {}

  record Binary(String op, Expr left, Expr right, int line) implements Expr {}

  record CallExpr(String name, List<Expr> arguments, int line, String source) implements Expr {}

  record Conditional(Expr then, Expr test, Expr otherwise) implements Expr {}

  /**
   * One statement run: the line, its source, and the value it assigned or returned.
   *
   * @param line the line
   * @param source the statement's source
   * @param value the value, or empty for an assert
   */
  public record Step(int line, String source, Optional<Long> value) {}

  /**
   * Runs {@code function} on {@code arguments}, resolving calls to other functions by name with
   * {@code functions} (builtins first).
   *
   * @param trace receives each statement of {@code function} itself that ran, with its value
   * @return the returned value, or empty for Python's {@code None}
   * @throws PythonError the error the call raised
   */
  public static Optional<Long> call(FunctionDef function, List<Long> arguments,
      Function<String, FunctionDef> functions, List<Step> trace) {
    return new Runner(functions).call(function, arguments, 0, trace);
  }

  /**
   * Evaluates {@code expression}, resolving calls with {@code functions}.
   *
   * @return its value, or empty for {@code None}
   * @throws PythonError the error it raised
   */
  public static Optional<Long> evaluate(Expr expression, Function<String, FunctionDef> functions) {
    return new Runner(functions).eval(expression, Map.of(), 0);
  }

  /** {@return {@code value} as Python prints it} */
  public static String show(Optional<Long> value) {
    return value.map(String::valueOf).orElse("None");
  }

  private static final class Runner {
    private final Function<String, FunctionDef> functions;

    Runner(Function<String, FunctionDef> functions) {
      this.functions = functions;
    }

    Optional<Long> call(FunctionDef function, List<Long> arguments, int depth, List<Step> trace) {
      if (depth > MAX_DEPTH) {
        throw new PythonError("RecursionError", "maximum recursion depth exceeded", function.line());
      }
      if (arguments.size() != function.parameters().size()) {
        throw new PythonError("TypeError", String.format(Locale.ROOT, "%s() takes %d positional arguments but %d"
            + " were given", function.name(), function.parameters().size(), arguments.size()), function.line());
      }
      Map<String, Optional<Long>> locals = new LinkedHashMap<>();
      for (int i = 0; i < arguments.size(); i++) {
        locals.put(function.parameters().get(i), Optional.of(arguments.get(i)));
      }
      for (Statement statement : function.body()) {
        if (statement instanceof Assign a) {
          Optional<Long> value = eval(a.value(), locals, depth);
          locals.put(a.name(), value);
          trace.add(new Step(a.line(), a.source(), value));
        } else if (statement instanceof Return r) {
          Optional<Long> value = eval(r.value(), locals, depth);
          trace.add(new Step(r.line(), r.source(), value));
          return value;
        } else if (statement instanceof Assert check) {
          Optional<Long> left = eval(check.left(), locals, depth);
          Optional<Long> right = eval(check.right(), locals, depth);
          trace.add(new Step(check.line(), check.source(), Optional.empty()));
          if (!left.equals(right)) {
            throw new PythonError("AssertionError", "assert " + show(left) + " == " + show(right), check.line());
          }
        }
      }
      return Optional.empty();
    }

    Optional<Long> eval(Expr expr, Map<String, Optional<Long>> locals, int depth) {
      if (expr instanceof Num n) {
        return Optional.of(n.value());
      }
      if (expr instanceof Var v) {
        Optional<Long> value = locals.get(v.name());
        if (value == null) {
          throw new PythonError("NameError", "name '" + v.name() + "' is not defined", v.line());
        }
        return value;
      }
      if (expr instanceof Neg n) {
        long value = number(eval(n.operand(), locals, depth), "-", n.line());
        return Optional.of(exact(() -> Math.negateExact(value), n.line()));
      }
      if (expr instanceof Conditional c) {
        Optional<Long> test = eval(c.test(), locals, depth);
        boolean truth = test.isPresent() && test.get() != 0;
        return eval(truth ? c.then() : c.otherwise(), locals, depth);
      }
      if (expr instanceof Binary b) {
        long left = number(eval(b.left(), locals, depth), b.op(), b.line());
        long right = number(eval(b.right(), locals, depth), b.op(), b.line());
        return Optional.of(binary(b.op(), left, right, b.line()));
      }
      CallExpr call = (CallExpr) expr;
      List<Long> values = new ArrayList<>();
      for (Expr argument : call.arguments()) {
        values.add(number(eval(argument, locals, depth), "argument of " + call.name() + "()", call.line()));
      }
      switch (call.name()) {
        case "min", "max" -> {
          if (values.isEmpty()) {
            throw new PythonError("TypeError", call.name() + " expected at least 1 argument, got 0", call.line());
          }
          long best = values.get(0);
          for (long v : values) {
            best = call.name().equals("min") ? Math.min(best, v) : Math.max(best, v);
          }
          return Optional.of(best);
        }
        case "abs" -> {
          if (values.size() != 1) {
            throw new PythonError("TypeError", "abs() takes exactly one argument (" + values.size() + " given)",
                call.line());
          }
          return Optional.of(exact(() -> Math.absExact(values.get(0)), call.line()));
        }
        default -> {
          FunctionDef target = functions.apply(call.name());
          if (target == null) {
            throw new PythonError("NameError", "name '" + call.name() + "' is not defined", call.line());
          }
          return call(target, values, depth + 1, new ArrayList<>());
        }
      }
    }

    private static long binary(String op, long left, long right, int line) {
      return switch (op) {
        case "+" -> exact(() -> Math.addExact(left, right), line);
        case "-" -> exact(() -> Math.subtractExact(left, right), line);
        case "*" -> exact(() -> Math.multiplyExact(left, right), line);
        case "//", "%" -> {
          if (right == 0) {
            throw new PythonError("ZeroDivisionError", op.equals("//") ? "integer division or modulo by zero"
                : "integer modulo by zero", line);
          }
          yield op.equals("//") ? Math.floorDiv(left, right) : Math.floorMod(left, right);
        }
        case "<" -> left < right ? 1 : 0;
        case "<=" -> left <= right ? 1 : 0;
        case ">" -> left > right ? 1 : 0;
        case ">=" -> left >= right ? 1 : 0;
        case "==" -> left == right ? 1 : 0;
        case "!=" -> left != right ? 1 : 0;
        default -> throw new PythonError("SyntaxError", "unknown operator " + op, line);
      };
    }

    private static long number(Optional<Long> value, String where, int line) {
      if (value.isEmpty()) {
        throw new PythonError("TypeError", "unsupported operand type for " + where + ": 'NoneType'", line);
      }
      return value.get();
    }

    private static long exact(java.util.function.LongSupplier operation, int line) {
      try {
        return operation.getAsLong();
      } catch (ArithmeticException e) {
        throw new PythonError("OverflowError", "integer result too large for this interpreter", line);
      }
    }
  }

  private static final class Parser {
    private final String[] lines;
    private int at;

    Parser(String source) {
      this.lines = source.split("\n", -1);
    }

    Module module() {
      Map<String, List<String>> imports = new LinkedHashMap<>();
      Map<String, FunctionDef> functions = new LinkedHashMap<>();
      while (at < lines.length) {
        String line = lines[at];
        String stripped = line.strip();
        if (stripped.isEmpty() || stripped.startsWith("#")) {
          at++;
        } else if (indent(line) > 0) {
          throw syntax("unexpected indent");
        } else if (stripped.startsWith("\"\"\"")) {
          skipDocstring();
        } else if (stripped.startsWith("from ")) {
          parseImport(stripped, imports);
          at++;
        } else if (stripped.startsWith("def ")) {
          FunctionDef function = function();
          if (functions.putIfAbsent(function.name(), function) != null) {
            throw new PythonError("SyntaxError", "function '" + function.name() + "' is defined twice",
                function.line());
          }
        } else {
          throw syntax("invalid syntax");
        }
      }
      return new Module(imports, functions);
    }

    private void parseImport(String stripped, Map<String, List<String>> imports) {
      String[] parts = stripped.split("\\s+import\\s+", 2);
      String module = parts[0].substring("from ".length()).strip();
      if (parts.length != 2 || !module.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*")) {
        throw syntax("invalid syntax");
      }
      List<String> names = new ArrayList<>();
      for (String name : parts[1].split(",")) {
        if (!name.strip().matches("[A-Za-z_][A-Za-z0-9_]*")) {
          throw syntax("invalid syntax");
        }
        names.add(name.strip());
      }
      imports.computeIfAbsent(module, m -> new ArrayList<>()).addAll(names);
    }

    private FunctionDef function() {
      int defLine = at + 1;
      List<Token> header = tokensOf(lines[at]);
      // def NAME ( [NAME {, NAME}] ) :
      if (header.size() < 5 || header.get(1).kind() != Kind.NAME || !header.get(2).text().equals("(")
          || !header.get(header.size() - 1).text().equals(":")
          || !header.get(header.size() - 2).text().equals(")")) {
        throw syntax("invalid syntax");
      }
      List<String> parameters = new ArrayList<>();
      List<Token> inner = header.subList(3, header.size() - 2);
      for (int i = 0; i < inner.size(); i++) {
        Token t = inner.get(i);
        boolean name = i % 2 == 0;
        if (name ? t.kind() != Kind.NAME : !t.text().equals(",")) {
          throw syntax("invalid syntax");
        }
        if (name) {
          if (parameters.contains(t.text())) {
            throw syntax("duplicate argument '" + t.text() + "' in function definition");
          }
          parameters.add(t.text());
        }
      }
      if (!inner.isEmpty() && inner.size() % 2 == 0) {
        throw syntax("invalid syntax");
      }
      at++;
      List<Statement> body = new ArrayList<>();
      int last = defLine;
      while (at < lines.length) {
        String line = lines[at];
        String stripped = line.strip();
        if (stripped.isEmpty() || stripped.startsWith("#")) {
          at++;
          continue;
        }
        if (indent(line) == 0) {
          break;
        }
        if (stripped.startsWith("\"\"\"")) {
          skipDocstring();
          last = at;
          continue;
        }
        body.add(statement(stripped, at + 1));
        last = at + 1;
        at++;
      }
      if (body.isEmpty()) {
        throw new PythonError("SyntaxError", "expected an indented block after function definition on line "
            + defLine, Math.min(at + 1, lines.length));
      }
      return new FunctionDef(header.get(1).text(), parameters, defLine, last, body);
    }

    private Statement statement(String stripped, int line) {
      List<Token> tokens = tokensOf(stripped);
      if (tokens.get(0).text().equals("return")) {
        return new Return(line, stripped, new ExpressionParser(tokens.subList(1, tokens.size()), line, stripped)
            .whole());
      }
      if (tokens.get(0).text().equals("assert")) {
        int equals = -1;
        for (int i = 1; i < tokens.size(); i++) {
          if (tokens.get(i).text().equals("==") && depth(tokens, i) == 0) {
            equals = i;
          }
        }
        if (equals < 0) {
          throw new PythonError("SyntaxError", "the tests assert 'left == right'", line);
        }
        return new Assert(line, stripped, new ExpressionParser(tokens.subList(1, equals), line, stripped).whole(),
            new ExpressionParser(tokens.subList(equals + 1, tokens.size()), line, stripped).whole());
      }
      if (tokens.size() >= 3 && tokens.get(0).kind() == Kind.NAME && tokens.get(1).text().equals("=")) {
        return new Assign(line, stripped, tokens.get(0).text(),
            new ExpressionParser(tokens.subList(2, tokens.size()), line, stripped).whole());
      }
      throw new PythonError("SyntaxError", "invalid syntax", line);
    }

    private static int depth(List<Token> tokens, int upTo) {
      int depth = 0;
      for (int i = 0; i < upTo; i++) {
        depth += tokens.get(i).text().equals("(") ? 1 : tokens.get(i).text().equals(")") ? -1 : 0;
      }
      return depth;
    }

    private void skipDocstring() {
      int start = at;
      String first = lines[at].strip();
      if (first.length() >= 6 && first.endsWith("\"\"\"")) {
        at++;
        return;
      }
      at++;
      while (at < lines.length) {
        if (lines[at].contains("\"\"\"")) {
          at++;
          return;
        }
        at++;
      }
      throw new PythonError("SyntaxError", "unterminated triple-quoted string literal (detected at line "
          + lines.length + ")", start + 1);
    }

    private List<Token> tokensOf(String line) {
      try {
        return tokens(line);
      } catch (PythonError e) {
        throw new PythonError(e.type(), e.getMessage(), at + 1);
      }
    }

    private PythonError syntax(String message) {
      return new PythonError("SyntaxError", message, at + 1);
    }

    private static int indent(String line) {
      int n = 0;
      while (n < line.length() && (line.charAt(n) == ' ' || line.charAt(n) == '\t')) {
        n++;
      }
      return n;
    }
  }

  /** Precedence climbing over one line's tokens. */
  private static final class ExpressionParser {
    private static final List<String> COMPARISONS = List.of("<", "<=", ">", ">=", "==", "!=");

    private final List<Token> tokens;
    private final int line;
    private final String source;
    private int at;

    ExpressionParser(List<Token> tokens, int line, String source) {
      this.tokens = tokens;
      this.line = line;
      this.source = source;
    }

    Expr whole() {
      if (tokens.isEmpty()) {
        throw error();
      }
      Expr expr = conditional();
      if (at != tokens.size()) {
        throw error();
      }
      return expr;
    }

    private Expr conditional() {
      Expr then = comparison();
      if (peek("if")) {
        at++;
        Expr test = comparison();
        expect("else");
        return new Conditional(then, test, conditional());
      }
      return then;
    }

    private Expr comparison() {
      Expr left = additive();
      if (at < tokens.size() && COMPARISONS.contains(tokens.get(at).text())) {
        String op = tokens.get(at++).text();
        return new Binary(op, left, additive(), line);
      }
      return left;
    }

    private Expr additive() {
      Expr left = multiplicative();
      while (peek("+") || peek("-")) {
        String op = tokens.get(at++).text();
        left = new Binary(op, left, multiplicative(), line);
      }
      return left;
    }

    private Expr multiplicative() {
      Expr left = unary();
      while (peek("*") || peek("//") || peek("%")) {
        String op = tokens.get(at++).text();
        left = new Binary(op, left, unary(), line);
      }
      return left;
    }

    private Expr unary() {
      if (peek("-")) {
        at++;
        return new Neg(unary(), line);
      }
      return atom();
    }

    private Expr atom() {
      if (at >= tokens.size()) {
        throw error();
      }
      Token t = tokens.get(at++);
      if (t.kind() == Kind.NUMBER) {
        try {
          return new Num(Long.parseLong(t.text()));
        } catch (NumberFormatException e) {
          throw new PythonError("OverflowError", "integer literal too large for this interpreter", line);
        }
      }
      if (t.text().equals("(")) {
        Expr inner = conditional();
        expect(")");
        return inner;
      }
      if (t.kind() != Kind.NAME || List.of("if", "else", "return", "def", "assert").contains(t.text())) {
        throw error();
      }
      if (peek("(")) {
        int start = t.start();
        at++;
        List<Expr> arguments = new ArrayList<>();
        if (!peek(")")) {
          arguments.add(conditional());
          while (peek(",")) {
            at++;
            arguments.add(conditional());
          }
        }
        Token close = tokens.get(Math.min(at, tokens.size() - 1));
        expect(")");
        return new CallExpr(t.text(), arguments, line, source.substring(start, Math.min(source.length(),
            close.end())));
      }
      return new Var(t.text(), line);
    }

    private boolean peek(String text) {
      return at < tokens.size() && tokens.get(at).text().equals(text);
    }

    private void expect(String text) {
      if (!peek(text)) {
        throw error();
      }
      at++;
    }

    private PythonError error() {
      return new PythonError("SyntaxError", "invalid syntax", line);
    }
  }
}
