package io.sculptor.openai.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.openai.core.ObjectMappers;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.SseException;
import io.sculptor.model.ChatModelException;
import io.sculptor.model.ContextLengthExceededException;
import io.sculptor.model.ProviderError;
import io.sculptor.openai.internal.OpenAiHttp;
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
      var requestId = service.headers().values("x-request-id");
      // An SseException: the provider's error inside a stream that had started with HTTP 200.
      String what = service instanceof SseException
          ? String.format(Locale.ROOT, "the SDK's stream failed (HTTP [%d]): %s", status, service.getMessage())
          : String.format(Locale.ROOT, "the SDK's request failed with HTTP [%d]: %s", status, service.getMessage());
      return failure(status, service.type().orElse(null), service.code().orElse(null), service.getMessage(),
          requestId.isEmpty() ? null : requestId.get(0), what, e);
    }
    if (e instanceof OpenAIIoException) {
      return new ChatModelException(ChatModelException.Kind.CONNECTION,
          "the SDK could not reach the provider [" + e.getMessage() + "]", e);
    }
    return new ChatModelException(ChatModelException.Kind.INVALID_RESPONSE,
        "the SDK failed [" + e.getClass().getSimpleName() + ": " + e.getMessage() + "]", e);
  }

  /**
   * {@return the failure for the provider's {@code error} object in a chunk of a stream} (the SDK
   * throws its own exception for those; this covers one it let through)
   */
  public static ChatModelException streamError(JsonNode error) {
    String message = error.isTextual() ? error.textValue() : text(error.get("message"));
    return failure(200, text(error.get("type")), text(error.get("code")), message, null,
        "the provider's stream failed: " + message, null);
  }

  private static ChatModelException failure(int status, String type, String code, String message, String requestId,
      String what, Throwable cause) {
    ProviderError error = ProviderError.of(status).withType(type).withCode(code).withMessage(message)
        .withRequestId(requestId);
    if ("context_length_exceeded".equals(code) || "string_above_max_length".equals(code)) {
      return new ContextLengthExceededException(what, error);
    }
    // A refused request by its status; an error inside a stream that started with 200 by its type and code.
    ChatModelException.Kind kind = status / 100 == 2 ? OpenAiHttp.kind(status, type, code)
        : ChatModelException.Kind.forHttpStatus(status);
    return new ChatModelException(kind, what, error, cause);
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.isTextual() ? node.textValue() : node.toString();
  }
}
