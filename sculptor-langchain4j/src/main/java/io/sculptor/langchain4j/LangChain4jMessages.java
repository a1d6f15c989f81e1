package io.sculptor.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import io.sculptor.core.Message;
import io.sculptor.core.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Converts LangChain4j chat messages to Sculptor messages and back, losslessly.
 *
 * <p>A message whose text, tool calls and ids Sculptor's {@link Message} holds directly converts
 * field by field: {@code SystemMessage} to a system message, {@code UserMessage} with one text
 * to a user message (its name as the message's name), {@code AiMessage} to an assistant message
 * with its tool execution requests as tool calls (id, name, arguments), and
 * {@code ToolExecutionResultMessage} to a tool message answering its id, named after its tool.
 * Anything else LangChain4j can hold — images and other contents, several text contents, a
 * tool-only {@code AiMessage} whose text is null, thinking, attributes, an error flag — is kept
 * whole: the LangChain4j message's own JSON ({@link ChatMessageSerializer}) rides along in the
 * extension {@value #ORIGINAL}, and converting back returns that very message while its text is
 * unchanged. When the view changed the text (a folded or summarized fragment), the message is
 * rebuilt from the original with the new text: the text contents become one text content in the
 * place of the first, every other content, the tool requests, names and attributes stay.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class LangChain4jMessages {
  /** The extension key holding a LangChain4j message's own JSON when the plain fields would lose something. */
  public static final String ORIGINAL = "langchain4j.message";

  private LangChain4jMessages() {}

  /**
   * {@return {@code message} as a Sculptor message}
   *
   * @throws IllegalArgumentException for a message type Sculptor has no role for (a
   *     {@code CustomMessage}); the message names the type
   */
  public static Message toSculptor(ChatMessage message) {
    Objects.requireNonNull(message, "message");
    Message plain = plain(message);
    return fromPlain(plain).equals(message) ? plain
        : plain.withExtensions(Map.of(ORIGINAL, TextNode.valueOf(ChatMessageSerializer.messageToJson(message))));
  }

  /** {@return {@code messages} as Sculptor messages, in order} */
  public static List<Message> toSculptor(List<ChatMessage> messages) {
    List<Message> converted = new ArrayList<>(messages.size());
    messages.forEach(m -> converted.add(toSculptor(m)));
    return converted;
  }

  /**
   * {@return {@code message} as a LangChain4j message}: the original one when Sculptor carried it
   * and the text is unchanged, otherwise rebuilt with the message's text
   */
  public static ChatMessage toLangChain4j(Message message) {
    Objects.requireNonNull(message, "message");
    // A JSON text node, as snapshots and stores read extensions back; a String from older callers.
    Object json = message.extensions().get(ORIGINAL);
    String text = json instanceof String s ? s : json instanceof JsonNode node && node.isTextual() ? node.textValue()
        : null;
    if (text == null) {
      return fromPlain(message);
    }
    ChatMessage original = ChatMessageDeserializer.messageFromJson(text);
    return plain(original).content().equals(message.content()) ? original : withText(original, message.content());
  }

  private static Message plain(ChatMessage message) {
    if (message instanceof SystemMessage system) {
      return Message.system(system.text());
    } else if (message instanceof UserMessage user) {
      Message converted = Message.user(textOf(user.contents()));
      return user.name() == null ? converted : converted.withName(user.name());
    } else if (message instanceof AiMessage ai) {
      List<ToolCall> calls = new ArrayList<>();
      for (ToolExecutionRequest request : ai.toolExecutionRequests()) {
        calls.add(new ToolCall(request.id(), request.name(), request.arguments()));
      }
      return Message.assistant(ai.text(), calls);
    } else if (message instanceof ToolExecutionResultMessage result) {
      Message converted = Message.tool(result.id(), textOf(result.contents()));
      return result.toolName() == null ? converted : converted.withName(result.toolName());
    }
    throw new IllegalArgumentException("Sculptor has no role for LangChain4j message type ["
        + message.type() + "] (" + message.getClass().getName() + ")");
  }

  private static ChatMessage fromPlain(Message message) {
    switch (message.role()) {
      case SYSTEM:
        return SystemMessage.from(message.content());
      case USER:
        return message.name().map(name -> UserMessage.from(name, message.content()))
            .orElseGet(() -> UserMessage.from(message.content()));
      case ASSISTANT:
        List<ToolExecutionRequest> requests = new ArrayList<>();
        for (ToolCall call : message.toolCalls()) {
          requests.add(ToolExecutionRequest.builder().id(call.id()).name(call.name()).arguments(call.arguments())
              .build());
        }
        return requests.isEmpty() ? AiMessage.from(message.content())
            : AiMessage.from(message.content(), requests);
      case TOOL:
        return ToolExecutionResultMessage.from(message.toolCallId().orElseThrow(), message.name().orElse(null),
            message.content());
      default:
        throw new IllegalArgumentException("unknown role [" + message.role() + "]");
    }
  }

  /** The text contents joined by line breaks, as the view's text of a user message. */
  private static String textOf(List<Content> contents) {
    StringBuilder text = new StringBuilder();
    boolean first = true;
    for (Content content : contents) {
      if (content instanceof TextContent t) {
        text.append(first ? "" : "\n").append(t.text());
        first = false;
      }
    }
    return text.toString();
  }

  private static ChatMessage withText(ChatMessage original, String text) {
    if (original instanceof UserMessage user) {
      return user.toBuilder().contents(withText(user.contents(), text)).build();
    } else if (original instanceof AiMessage ai) {
      return ai.toBuilder().text(text).build();
    } else if (original instanceof ToolExecutionResultMessage result) {
      return result.toBuilder().contents(withText(result.contents(), text)).build();
    }
    return original;
  }

  /** The text contents replaced by one with {@code text}, in the place of the first; the others kept in order. */
  private static List<Content> withText(List<Content> contents, String text) {
    List<Content> replaced = new ArrayList<>();
    boolean placed = false;
    for (Content content : contents) {
      if (!(content instanceof TextContent)) {
        replaced.add(content);
      } else if (!placed) {
        replaced.add(TextContent.from(text));
        placed = true;
      }
    }
    if (!placed) {
      replaced.add(0, TextContent.from(text));
    }
    return replaced;
  }
}
