package io.sculptor.springai.autoconfigure;

import io.sculptor.agent.ContextPolicy;
import io.sculptor.core.TokenCounter;
import io.sculptor.springai.SculptorAdvisor;
import io.sculptor.store.ContextStore;
import io.sculptor.tools.ExtractiveSummarizer;
import io.sculptor.tools.SculptorToolkit;
import java.util.Locale;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.ChatClientBuilderCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot auto-configuration: a {@link SculptorAdvisor} bean built from the {@code sculptor.*}
 * properties ({@link SculptorProperties}), saving conversations in the application's
 * {@link ContextStore} bean when there is one and counting with its {@link TokenCounter} bean when
 * there is one, and a {@link ChatClientBuilderCustomizer} that gives every {@code ChatClient} built from
 * Boot's {@code ChatClient.Builder} the Sculptor advisors and the six tools. Off with
 * {@code sculptor.enabled=false}; an application's own {@code SculptorAdvisor} bean replaces this one.
 *
 * @since 0.1
 */
@AutoConfiguration
@ConditionalOnClass(ChatClient.class)
@ConditionalOnProperty(prefix = "sculptor", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(SculptorProperties.class)
public class SculptorAutoConfiguration {
  /** Creates the auto-configuration; Spring calls it. */
  public SculptorAutoConfiguration() {}

  /** {@return the advisor the properties describe} */
  @Bean
  @ConditionalOnMissingBean
  public SculptorAdvisor sculptorAdvisor(SculptorProperties properties, ObjectProvider<ContextStore> store,
      ObjectProvider<TokenCounter> counter) {
    SculptorAdvisor.Builder builder = SculptorAdvisor.builder()
        .policy(policy(properties))
        .tokenCounter(counter.getIfAvailable(() -> tokenCounter(properties.getTokenEncoding())))
        .stepCap(properties.getStepCap());
    if (properties.isBranchTools()) {
      builder.toolkit(SculptorToolkit.create().withBranchTools());
    }
    store.ifAvailable(builder::store);
    return builder.build();
  }

  /** {@return the customizer that adds the advisors and the tools to every {@code ChatClient.Builder}} */
  @Bean
  @ConditionalOnMissingBean(name = "sculptorChatClientBuilderCustomizer")
  public ChatClientBuilderCustomizer sculptorChatClientBuilderCustomizer(SculptorAdvisor advisor) {
    return builder -> builder.defaultAdvisors(advisor.advisors()).defaultTools(advisor.toolCallbacks());
  }

  static ContextPolicy policy(SculptorProperties p) {
    SculptorProperties.Policy policy = p.getPolicy() != null ? p.getPolicy()
        : p.getBudgetTokens() != null ? SculptorProperties.Policy.FOLD_OLDEST : SculptorProperties.Policy.NONE;
    if (policy == SculptorProperties.Policy.NONE) {
      return ContextPolicy.none();
    }
    if (policy == SculptorProperties.Policy.FOLD_STALE_TOOL_RESULTS) {
      return ContextPolicy.foldStaleToolResults(p.getKeepLast());
    }
    if (p.getBudgetTokens() == null) {
      throw new IllegalStateException("sculptor.policy=" + policy + " needs sculptor.budget-tokens");
    }
    long budget = p.getBudgetTokens();
    switch (policy) {
      case FOLD_OLDEST:
        return ContextPolicy.foldOldest(budget, p.getKeepLast());
      case MIDDLE_OUT:
        return ContextPolicy.middleOut(budget, p.getKeepLast());
      case SUMMARIZE_OLDEST:
        return ContextPolicy.summarizeOldest(budget, p.getKeepLast(), ExtractiveSummarizer.create());
      default:
        throw new IllegalStateException("unknown policy [" + policy + "]");
    }
  }

  static TokenCounter tokenCounter(String encoding) {
    switch (encoding.toLowerCase(Locale.ROOT)) {
      case "estimator":
        return TokenCounter.estimator();
      case "o200k_base":
      case "o200k":
        return tiktoken(true);
      case "cl100k_base":
      case "cl100k":
        return tiktoken(false);
      default:
        throw new IllegalStateException("sculptor.token-encoding=[" + encoding
            + "] is none of estimator, o200k_base, cl100k_base");
    }
  }

  private static TokenCounter tiktoken(boolean o200k) {
    try {
      Class.forName("io.sculptor.openai.TiktokenCounter", false, SculptorAutoConfiguration.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("sculptor.token-encoding needs io.sculptor:sculptor-openai-adapter", e);
    }
    return o200k ? io.sculptor.openai.TiktokenCounter.o200k() : io.sculptor.openai.TiktokenCounter.cl100k();
  }
}
