package io.sculptor.openai.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.openai.core.ObjectMappers;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ContextLengthExceededException;
import io.sculptor.model.ProviderError;
import java.util.Locale;

/**
 * Moves JSON in and out of the SDK's types through the SDK's own mapper, so that a body the
 * adapter wrote becomes the SDK's typed body field for field (unknown fields as its additional
 * properties), and the SDK serializes it once, without duplicate keys.
 */
public final class SdkJson {
  private static final JsonMapper MAPPER = ObjectMappers.jsonMapper();

  private SdkJson() {}

  /** {@return {@code value} (an SDK model object) as a JSON tree} */
  public static JsonNode toTree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** {@return a new empty object node of the SDK's mapper} */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /**
   * {@return {@code json} read as the SDK type {@code type}}
   *
   * @throws IllegalArgumentException if the SDK cannot read it
   */
  public static <T> T fromTree(JsonNode json, Class<T> type) {
    return MAPPER.convertValue(json, type);
  }

  /** {@return the SDK's failure as the {@link ChatModelException} the ChatModel SPI promises} */
  public static ChatModelException translate(RuntimeException e) {
    if (e instanceof OpenAIServiceException service) {
      int status = service.statusCode();
      ProviderError error = ProviderError.of(status);
      if (service.type().isPresent()) {
        error = error.withType(service.type().get());
      }
      if (service.code().isPresent()) {
        error = error.withCode(service.code().get());
      }
      if (service.getMessage() != null) {
        error = error.withMessage(service.getMessage());
      }
      var requestId = service.headers().values("x-request-id");
      if (!requestId.isEmpty()) {
        error = error.withRequestId(requestId.get(0));
      }
      String message = String.format(Locale.ROOT, "the SDK's request failed with HTTP [%d]: %s", status,
          service.getMessage());
      String code = service.code().orElse("");
      if (code.equals("context_length_exceeded") || code.equals("string_above_max_length")) {
        return new ContextLengthExceededException(message, error);
      }
      return new ChatModelException(ChatModelException.Kind.forHttpStatus(status), message, error, e);
    }
    if (e instanceof OpenAIIoException) {
      return new ChatModelException(ChatModelException.Kind.CONNECTION,
          "the SDK could not reach the provider [" + e.getMessage() + "]", e);
    }
    return new ChatModelException(ChatModelException.Kind.INVALID_RESPONSE,
        "the SDK failed [" + e.getClass().getSimpleName() + ": " + e.getMessage() + "]", e);
  }
}
