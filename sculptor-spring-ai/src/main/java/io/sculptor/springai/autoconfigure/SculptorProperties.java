package io.sculptor.springai.autoconfigure;

import io.sculptor.springai.SculptorAdvisor;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code sculptor.*} properties of the Spring Boot auto-configuration.
 *
 * <p>Their descriptions for IDEs are in {@code META-INF/spring-configuration-metadata.json}
 * (written by hand rather than by Spring Boot's annotation processor, which claims no annotation
 * and so trips {@code -Xlint:processing}); {@code SculptorAutoConfigurationTest} checks that it
 * lists exactly these properties.
 *
 * <p>Mutable, as Spring Boot binds it; not thread-safe.
 *
 * @since 0.1
 */
@ConfigurationProperties(prefix = "sculptor")
public class SculptorProperties {
  /** Whether ChatClients get the Sculptor advisors and tools. */
  private boolean enabled = true;

  /**
   * Token budget of what the model is sent; when set and no policy is named, the oldest messages
   * are folded (reversibly) until the view fits.
   */
  private Long budgetTokens;

  /** Messages at the end of the conversation the policy never folds. */
  private int keepLast = 6;

  /**
   * How the context is kept within the budget: none, fold-oldest, fold-stale-tool-results,
   * middle-out or summarize-oldest. Defaults to fold-oldest with a budget, none without.
   */
  private Policy policy;

  /** Token encoding of the budget: estimator (about 4 characters a token), o200k_base or cl100k_base. */
  private String tokenEncoding = "estimator";

  /** Model calls with tools per turn; the next call is sent without tools. */
  private int stepCap = SculptorAdvisor.DEFAULT_STEP_CAP;

  /** Whether the model also gets the opt-in branch and return tools, which fold a sub-task into its outcome. */
  private boolean branchTools;

  /**
   * The budget policies.
   *
   * @since 0.1
   */
  public enum Policy {
    /** Send everything. */
    NONE,
    /** Fold the oldest messages until the view fits the budget. */
    FOLD_OLDEST,
    /** Fold every tool result but the last keep-last. */
    FOLD_STALE_TOOL_RESULTS,
    /** Fold from the middle outwards until the view fits the budget. */
    MIDDLE_OUT,
    /** Summarize the oldest messages (model-free extractive summaries) until the view fits the budget. */
    SUMMARIZE_OLDEST;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Long getBudgetTokens() {
    return budgetTokens;
  }

  public void setBudgetTokens(Long budgetTokens) {
    this.budgetTokens = budgetTokens;
  }

  public int getKeepLast() {
    return keepLast;
  }

  public void setKeepLast(int keepLast) {
    this.keepLast = keepLast;
  }

  public Policy getPolicy() {
    return policy;
  }

  public void setPolicy(Policy policy) {
    this.policy = policy;
  }

  public String getTokenEncoding() {
    return tokenEncoding;
  }

  public void setTokenEncoding(String tokenEncoding) {
    this.tokenEncoding = tokenEncoding;
  }

  public int getStepCap() {
    return stepCap;
  }

  public void setStepCap(int stepCap) {
    this.stepCap = stepCap;
  }

  public boolean isBranchTools() {
    return branchTools;
  }

  public void setBranchTools(boolean branchTools) {
    this.branchTools = branchTools;
  }
}
