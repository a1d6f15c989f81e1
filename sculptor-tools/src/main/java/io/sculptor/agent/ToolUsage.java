package io.sculptor.agent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How often each tool was called, and the entropy of that distribution — the paper's measure of
 * how diverse a model's tool use is. Value semantics, immutable, thread-safe.
 *
 * @since 0.1
 */
public final class ToolUsage {
  private static final ToolUsage NONE = new ToolUsage(Map.of());

  private final Map<String, Integer> counts;

  private ToolUsage(Map<String, Integer> counts) {
    this.counts = counts;
  }

  /** {@return usage with no calls} */
  public static ToolUsage none() {
    return NONE;
  }

  /** {@return this usage with one more call of {@code toolName}} */
  public ToolUsage plus(String toolName) {
    Objects.requireNonNull(toolName, "toolName");
    Map<String, Integer> more = new LinkedHashMap<>(counts);
    more.merge(toolName, 1, Integer::sum);
    return new ToolUsage(Collections.unmodifiableMap(more));
  }

  /** {@return the number of calls per tool name, in the order tools were first called} */
  public Map<String, Integer> counts() {
    return counts;
  }

  /** {@return the number of calls of {@code toolName}} */
  public int count(String toolName) {
    return counts.getOrDefault(toolName, 0);
  }

  /** {@return the number of calls in all} */
  public int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** {@return the share of calls that went to {@code toolName}, from 0 to 1} */
  public double share(String toolName) {
    int total = total();
    return total == 0 ? 0 : (double) count(toolName) / total;
  }

  /** {@return the Shannon entropy of the distribution of calls over tools, in bits; 0 with no calls} */
  public double entropyBits() {
    int total = total();
    double entropy = 0;
    for (int count : counts.values()) {
      double p = (double) count / total;
      entropy -= p * Math.log(p) / Math.log(2);
    }
    return entropy == 0 ? 0 : entropy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ToolUsage u && counts.equals(u.counts);
  }

  @Override
  public int hashCode() {
    return counts.hashCode();
  }

  @Override
  public String toString() {
    return "ToolUsage" + counts;
  }
}
