package io.sculptor.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The results of an evaluation, in a shape that does not depend on how it was run: one
 * {@link Row} per task, size and condition (with the tools, without them, a baseline), each with
 * its score and token columns. {@link HtmlReport#write(EvalResults, java.io.Writer)} draws them as
 * tables and as the paper's charts: score and context tokens against the size, one line per
 * condition.
 *
 * <p>Value semantics, immutable, thread-safe.
 *
 * @since 0.1
 */
public final class EvalResults {
  private final String title;
  private final String description;
  private final List<Row> rows;

  private EvalResults(Builder b) {
    this.title = b.title;
    this.description = b.description;
    this.rows = List.copyOf(b.rows);
  }

  /** {@return a builder for results with the heading {@code title}} */
  public static Builder builder(String title) {
    return new Builder(title);
  }

  /** {@return the heading of the report} */
  public String title() {
    return title;
  }

  /** {@return what the report shows, in a sentence or two; may be empty} */
  public String description() {
    return description;
  }

  /** {@return the rows in the order they were added} */
  public List<Row> rows() {
    return rows;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EvalResults other && title.equals(other.title) && description.equals(other.description)
        && rows.equals(other.rows);
  }

  @Override
  public int hashCode() {
    return Objects.hash(title, description, rows);
  }

  @Override
  public String toString() {
    return "EvalResults[" + title + ", " + rows.size() + " rows]";
  }

  /** Builds {@link EvalResults}. Mutable, not thread-safe; setters check their values. */
  public static final class Builder {
    private final String title;
    private String description = "";
    private final List<Row> rows = new ArrayList<>();

    private Builder(String title) {
      this.title = Objects.requireNonNull(title, "title");
    }

    /** Sets what the report shows, in a sentence or two. */
    public Builder description(String value) {
      this.description = Objects.requireNonNull(value, "description");
      return this;
    }

    /** Adds a row. */
    public Builder row(Row row) {
      rows.add(Objects.requireNonNull(row, "row"));
      return this;
    }

    /** {@return the results} */
    public EvalResults build() {
      return new EvalResults(this);
    }
  }

  /**
   * One configuration of an evaluation under one condition: its score and its tokens.
   *
   * <p>Value semantics, immutable, thread-safe.
   *
   * @since 0.1
   */
  public static final class Row {
    private final String task;
    private final String sizeUnit;
    private final long size;
    private final String variant;
    private final String condition;
    private final String scoreName;
    private final double score;
    private final int samples;
    private final double contextTokens;
    private final double totalPromptTokens;
    private final double uncachedPromptTokens;

    private Row(RowBuilder b) {
      this.task = b.task;
      this.sizeUnit = b.sizeUnit;
      this.size = b.size;
      this.variant = b.variant;
      this.condition = b.condition;
      this.scoreName = b.scoreName;
      this.score = b.score;
      this.samples = b.samples;
      this.contextTokens = b.contextTokens;
      this.totalPromptTokens = b.totalPromptTokens;
      this.uncachedPromptTokens = b.uncachedPromptTokens;
    }

    /**
     * {@return a builder for a row}
     *
     * @param task the task, such as {@code pi-llm}; rows of one task share a table and charts
     * @param size the size of the configuration, in the task's unit (context tokens, updates per key)
     * @param condition how it ran, such as {@code tools}, {@code no-tools} or a baseline's name; one line per condition in the charts
     */
    public static RowBuilder builder(String task, long size, String condition) {
      return new RowBuilder(task, size, condition);
    }

    /** {@return the task} */
    public String task() {
      return task;
    }

    /** {@return the unit of the size, such as {@code tokens} or {@code updates/key}} */
    public String sizeUnit() {
      return sizeUnit;
    }

    /** {@return the size of the configuration} */
    public long size() {
      return size;
    }

    /** {@return what else tells configurations of one size apart, such as {@code chain 3}; may be empty} */
    public String variant() {
      return variant;
    }

    /** {@return how it ran} */
    public String condition() {
      return condition;
    }

    /** {@return what the score measures, such as {@code accuracy} or {@code retention}} */
    public String scoreName() {
      return scoreName;
    }

    /** {@return the mean score, from 0 to 1} */
    public double score() {
      return score;
    }

    /** {@return how many samples the row averages} */
    public int samples() {
      return samples;
    }

    /** {@return the tokens of the context the model answered from (the paper's metric)} */
    public double contextTokens() {
      return contextTokens;
    }

    /** {@return the prompt tokens of all calls together, if measured} */
    public OptionalDouble totalPromptTokens() {
      return Double.isNaN(totalPromptTokens) ? OptionalDouble.empty() : OptionalDouble.of(totalPromptTokens);
    }

    /** {@return the uncached prompt tokens of all calls together under prefix caching, if measured} */
    public OptionalDouble uncachedPromptTokens() {
      return Double.isNaN(uncachedPromptTokens) ? OptionalDouble.empty() : OptionalDouble.of(uncachedPromptTokens);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Row r && task.equals(r.task) && sizeUnit.equals(r.sizeUnit) && size == r.size
          && variant.equals(r.variant) && condition.equals(r.condition) && scoreName.equals(r.scoreName)
          && Double.compare(score, r.score) == 0 && samples == r.samples
          && Double.compare(contextTokens, r.contextTokens) == 0
          && Double.compare(totalPromptTokens, r.totalPromptTokens) == 0
          && Double.compare(uncachedPromptTokens, r.uncachedPromptTokens) == 0;
    }

    @Override
    public int hashCode() {
      return Objects.hash(task, sizeUnit, size, variant, condition, scoreName, score, samples, contextTokens,
          totalPromptTokens, uncachedPromptTokens);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "Row[%s, %s %d%s, %s, %s %.3f, context %.0f tokens]", task, sizeUnit, size,
          variant.isEmpty() ? "" : " " + variant, condition, scoreName, score, contextTokens);
    }
  }

  /** Builds a {@link Row}. Mutable, not thread-safe; setters check their values. */
  public static final class RowBuilder {
    private final String task;
    private final long size;
    private final String condition;
    private String sizeUnit = "tokens";
    private String variant = "";
    private String scoreName = "score";
    private double score;
    private int samples = 1;
    private double contextTokens;
    private double totalPromptTokens = Double.NaN;
    private double uncachedPromptTokens = Double.NaN;

    private RowBuilder(String task, long size, String condition) {
      this.task = notBlank(task, "task");
      if (size < 0) {
        throw new IllegalArgumentException("size must be at least 0, got [" + size + "]");
      }
      this.size = size;
      this.condition = notBlank(condition, "condition");
    }

    /** Sets the unit of the size; default {@code tokens}. */
    public RowBuilder sizeUnit(String value) {
      this.sizeUnit = notBlank(value, "sizeUnit");
      return this;
    }

    /** Sets what else tells configurations of one size apart; default none. */
    public RowBuilder variant(String value) {
      this.variant = Objects.requireNonNull(value, "variant");
      return this;
    }

    /**
     * Sets the score and what it measures.
     *
     * @param name such as {@code accuracy} or {@code retention}
     * @param value the mean score, from 0 to 1
     */
    public RowBuilder score(String name, double value) {
      this.scoreName = notBlank(name, "scoreName");
      if (!(value >= 0 && value <= 1)) {
        throw new IllegalArgumentException("score must be from 0 to 1, got [" + value + "]");
      }
      this.score = value;
      return this;
    }

    /** Sets how many samples the row averages; default 1. */
    public RowBuilder samples(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("samples must be at least 1, got [" + value + "]");
      }
      this.samples = value;
      return this;
    }

    /** Sets the tokens of the context the model answered from. */
    public RowBuilder contextTokens(double value) {
      this.contextTokens = tokens(value, "contextTokens");
      return this;
    }

    /** Sets the prompt tokens of all calls together. */
    public RowBuilder totalPromptTokens(double value) {
      this.totalPromptTokens = tokens(value, "totalPromptTokens");
      return this;
    }

    /** Sets the uncached prompt tokens of all calls together. */
    public RowBuilder uncachedPromptTokens(double value) {
      this.uncachedPromptTokens = tokens(value, "uncachedPromptTokens");
      return this;
    }

    /**
     * {@return the row}
     *
     * @throws IllegalStateException if the uncached prompt tokens exceed the total prompt tokens
     */
    public Row build() {
      if (uncachedPromptTokens > totalPromptTokens) {
        throw new IllegalStateException(String.format(Locale.ROOT,
            "uncached prompt tokens [%.1f] exceed the total prompt tokens [%.1f]", uncachedPromptTokens,
            totalPromptTokens));
      }
      return new Row(this);
    }

    private static double tokens(double value, String name) {
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException(name + " must be a finite number at least 0, got [" + value + "]");
      }
      return value;
    }

    private static String notBlank(String value, String name) {
      if (Objects.requireNonNull(value, name).isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value;
    }
  }
}
