package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.ContextState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules every Sculptor tool is held to: a valid call succeeds; every kind of bad argument
 * gives a specific error result that names what was wrong, and leaves the state unchanged.
 */
interface SculptorToolContract {
  ObjectMapper JSON = new ObjectMapper();

  /** {@return the tool under test} */
  String toolName();

  /** {@return arguments of a call that succeeds on {@link #state()}} */
  String validArguments();

  /** {@return the state the tool is called on; by default {@link Fixtures#state()}} */
  default ContextState state() {
    return Fixtures.state();
  }

  /** {@return the toolkit that runs the tool; by default {@link Fixtures#TOOLKIT}} */
  default SculptorToolkit toolkit() {
    return Fixtures.TOOLKIT;
  }

  /** {@return one required parameter} */
  String requiredParameter();

  /** {@return an integer parameter with bounds, if the tool has one} */
  Optional<String> boundedIntegerParameter();

  /** {@return the parameter that holds an id, if the tool has one} */
  Optional<String> idParameter();

  /** {@return a well-formed id that the fixture state does not know} */
  default String unknownId() {
    return idParameter().map(p -> p.startsWith("search") ? "s00000" : "f00000").orElse("");
  }

  default ToolResult call(ContextState state, String arguments) {
    return toolkit().execute(state, toolName(), arguments);
  }

  default ToolResult callWith(ContextState state, String parameter, Object value) {
    try {
      ObjectNode arguments = (ObjectNode) JSON.readTree(validArguments());
      arguments.set(parameter, JSON.valueToTree(value));
      return call(state, JSON.writeValueAsString(arguments));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  default void assertRefused(ContextState before, ToolResult result, ToolErrorCode code, String mentioned) {
    assertThat(result.isSuccess()).as(result.text()).isFalse();
    assertThat(result.error()).contains(code);
    assertThat(result.text()).startsWith("Error: ").contains(mentioned);
    assertThat(result.state()).isSameAs(before);
    assertThat(result.toolName()).isEqualTo(toolName());
  }

  @Test
  default void execute_validArguments_succeeds() {
    ToolResult result = call(state(), validArguments());
    assertThat(result.isSuccess()).as(result.text()).isTrue();
    assertThat(result.text()).isNotBlank().doesNotStartWith("Error");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{", "{\"a\":}", "not json", "{\"x\": 1} trailing", "{'single': 1}",
      "{\"dup\": 1, \"dup\": 2}"})
  default void execute_invalidJson_isRefused(String arguments) {
    ContextState state = state();
    ToolResult result = call(state, arguments);
    assertThat(result.error()).contains(ToolErrorCode.INVALID_JSON);
    assertRefused(state, result, result.error().orElseThrow(), "JSON");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "42", "\"text\"", "null", "true"})
  default void execute_notAnObject_isRefused(String arguments) {
    ContextState state = state();
    assertRefused(state, call(state, arguments), ToolErrorCode.NOT_AN_OBJECT, "JSON object");
  }

  @Test
  default void execute_missingRequiredParameter_isRefusedByName() throws IOException {
    ContextState state = state();
    ObjectNode arguments = (ObjectNode) JSON.readTree(validArguments());
    arguments.remove(requiredParameter());
    assertRefused(state, call(state, JSON.writeValueAsString(arguments)), ToolErrorCode.MISSING_ARGUMENT,
        "\"" + requiredParameter() + "\"");
  }

  @Test
  default void execute_emptyArguments_reportMissingParameter() {
    ContextState state = state();
    assertRefused(state, call(state, ""), ToolErrorCode.MISSING_ARGUMENT, "Missing required parameter");
    assertRefused(state, call(state, null), ToolErrorCode.MISSING_ARGUMENT, "Missing required parameter");
  }

  @Test
  default void execute_wrongTypes_areRefusedByName() {
    ContextState state = state();
    assertRefused(state, callWith(state, requiredParameter(), 42), ToolErrorCode.WRONG_TYPE, requiredParameter());
    assertRefused(state, callWith(state, requiredParameter(), java.util.List.of("a")), ToolErrorCode.WRONG_TYPE, "an array");
    assertRefused(state, callWith(state, requiredParameter(), null), ToolErrorCode.WRONG_TYPE, "null");
    boundedIntegerParameter().ifPresent(p -> {
      assertRefused(state, callWith(state, p, "5"), ToolErrorCode.WRONG_TYPE, "must be an integer");
      assertRefused(state, callWith(state, p, 2.5), ToolErrorCode.WRONG_TYPE, "2.5");
      assertRefused(state, callWith(state, p, true), ToolErrorCode.WRONG_TYPE, "a boolean");
    });
  }

  @Test
  default void execute_outOfRangeNumbers_areRefusedWithTheBounds() {
    ContextState state = state();
    boundedIntegerParameter().ifPresent(p -> {
      assertRefused(state, callWith(state, p, 1_000_000), ToolErrorCode.OUT_OF_RANGE, "must be from");
      assertRefused(state, callWith(state, p, -1), ToolErrorCode.OUT_OF_RANGE, p);
      assertRefused(state, callWith(state, p, new java.math.BigInteger("123456789012345678901234567890")),
          ToolErrorCode.OUT_OF_RANGE, p);
    });
  }

  @Test
  default void execute_unknownField_isRefusedListingTheAcceptedOnes() {
    ContextState state = state();
    ToolResult result = callWith(state, "fragmentId", "f1a2b3");
    assertRefused(state, result, ToolErrorCode.UNKNOWN_ARGUMENT, "\"fragmentId\"");
    assertThat(result.text()).contains("\"" + requiredParameter() + "\"");
  }

  @Test
  default void execute_unknownId_isRefusedWithNextStep() {
    idParameter().ifPresent(p -> {
      ContextState state = state();
      ToolResult unknown = callWith(state, p, unknownId());
      assertThat(unknown.error().orElseThrow()).isIn(ToolErrorCode.UNKNOWN_FRAGMENT, ToolErrorCode.UNKNOWN_SEARCH_RESULT);
      assertRefused(state, unknown, unknown.error().orElseThrow(), unknownId());
      ToolResult malformed = callWith(state, p, "fragment one");
      assertRefused(state, malformed, unknown.error().orElseThrow(), "look like");
    });
  }
}
