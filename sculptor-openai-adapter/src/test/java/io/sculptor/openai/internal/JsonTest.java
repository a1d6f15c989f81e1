package io.sculptor.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void publicFields_areFinalAndHoldNoConfigurableMapper() {
    assertThat(Json.class.getFields()).allSatisfy((Field field) -> {
      assertThat(Modifier.isFinal(field.getModifiers())).as("%s is final", field.getName()).isTrue();
      assertThat(ObjectCodec.class.isAssignableFrom(field.getType()))
          .as("%s is a mapper anyone could reconfigure", field.getName()).isFalse();
    });
  }

  @Test
  void writeThenRead_roundTrips() throws JsonProcessingException {
    JsonNode node = Json.toTree(Map.of("name", "ü", "values", List.of(1, 2.5, true)));

    assertThat(Json.read(Json.write(node))).isEqualTo(node);
    assertThat(Json.read(Json.writeBytes(node))).isEqualTo(node);
    assertThat(new String(Json.writeBytes(node), StandardCharsets.UTF_8)).isEqualTo(Json.write(node));
  }

  @Test
  void write_isCompact() {
    assertThat(Json.write(Json.object().put("a", 1).set("b", Json.array().add("x"))))
        .isEqualTo("{\"a\":1,\"b\":[\"x\"]}");
  }

  @Test
  void read_malformedJson_throwsJsonProcessingException() {
    assertThatThrownBy(() -> Json.read("{\"a\": ")).isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> Json.read("{\"a\": ".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void toTree_valueJacksonCannotWrite_throwsIllegalArgumentException() {
    assertThatThrownBy(() -> Json.toTree(new Object())).isInstanceOf(IllegalArgumentException.class);
  }
}
