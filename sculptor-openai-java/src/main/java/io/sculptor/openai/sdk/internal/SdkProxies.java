package io.sculptor.openai.sdk.internal;

import com.openai.client.OpenAIClient;
import com.openai.core.RequestOptions;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.services.blocking.ChatService;
import com.openai.services.blocking.ResponseService;
import com.openai.services.blocking.chat.ChatCompletionService;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The SDK's own interfaces, implemented by delegation to the application's client except where
 * Sculptor takes part. Dynamic proxies rather than classes, so that a method a later SDK release
 * adds to an interface is delegated too instead of missing.
 */
public final class SdkProxies {
  private SdkProxies() {}

  /** {@return {@code real} with its chat completions and responses going through {@code conversation}} */
  public static OpenAIClient client(OpenAIClient real, WrappedConversation conversation) {
    return proxy(OpenAIClient.class, real, conversation, (proxy, method, args) -> switch (method.getName()) {
      case "chat" -> args == null ? chat(real.chat(), conversation) : delegate(real, method, args);
      case "responses" -> args == null ? responses(real.responses(), conversation) : delegate(real, method, args);
      case "withOptions" -> client((OpenAIClient) delegate(real, method, args), conversation);
      default -> delegate(real, method, args);
    });
  }

  /** {@return the conversation behind {@code client}, or null when it is no wrapped client} */
  public static WrappedConversation conversation(Object client) {
    if (client != null && Proxy.isProxyClass(client.getClass())
        && Proxy.getInvocationHandler(client) instanceof Handler handler) {
      return handler.conversation;
    }
    return null;
  }

  private static ChatService chat(ChatService real, WrappedConversation conversation) {
    return proxy(ChatService.class, real, conversation, (proxy, method, args) -> switch (method.getName()) {
      case "completions" -> args == null ? completions(real.completions(), conversation) : delegate(real, method, args);
      case "withOptions" -> chat((ChatService) delegate(real, method, args), conversation);
      default -> delegate(real, method, args);
    });
  }

  private static ChatCompletionService completions(ChatCompletionService real, WrappedConversation conversation) {
    return proxy(ChatCompletionService.class, real, conversation, (proxy, method, args) -> {
      switch (method.getName()) {
        case "create":
          if (method.isDefault()) {
            // The SDK's overloads (no options, structured outputs) end in create(params, options).
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          if (args[0] instanceof ChatCompletionCreateParams params) {
            return conversation.create(real, params, (RequestOptions) args[1]);
          }
          return delegate(real, method, args);
        case "createStreaming":
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          if (args[0] instanceof ChatCompletionCreateParams params) {
            return conversation.createStreaming(real, params, (RequestOptions) args[1]);
          }
          return delegate(real, method, args);
        case "withOptions":
          return completions((ChatCompletionService) delegate(real, method, args), conversation);
        default:
          return delegate(real, method, args);
      }
    });
  }

  private static ResponseService responses(ResponseService real, WrappedConversation conversation) {
    return proxy(ResponseService.class, real, conversation, (proxy, method, args) -> {
      switch (method.getName()) {
        case "create":
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          if (args[0] instanceof ResponseCreateParams params) {
            return conversation.create(real, params, (RequestOptions) args[1]);
          }
          return delegate(real, method, args);
        case "createStreaming":
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          if (args[0] instanceof ResponseCreateParams params) {
            return conversation.createStreaming(real, params, (RequestOptions) args[1]);
          }
          return delegate(real, method, args);
        case "withOptions":
          return responses((ResponseService) delegate(real, method, args), conversation);
        default:
          return delegate(real, method, args);
      }
    });
  }

  private static Object delegate(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, T real, WrappedConversation conversation, InvocationHandler calls) {
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        new Handler(type, real, conversation, calls));
  }

  /** Answers the methods of Object itself; everything else goes to {@code calls}. */
  private static final class Handler implements InvocationHandler {
    private final Class<?> type;
    private final Object real;
    private final WrappedConversation conversation;
    private final InvocationHandler calls;

    Handler(Class<?> type, Object real, WrappedConversation conversation, InvocationHandler calls) {
      this.type = type;
      this.real = real;
      this.conversation = conversation;
      this.calls = calls;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "equals" -> proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          default -> "Sculptor" + type.getSimpleName() + "[" + real + "]";
        };
      }
      return calls.invoke(proxy, method, args);
    }
  }
}
