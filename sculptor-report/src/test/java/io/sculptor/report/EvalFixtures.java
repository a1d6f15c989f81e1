package io.sculptor.report;

/** Evaluation results in the shape of an offline evaluation: two tasks, the tools against two baselines. */
final class EvalFixtures {
  private EvalFixtures() {}

  static EvalResults offline() {
    EvalResults.Builder results = EvalResults.builder("Offline evaluation <script>alert(1)</script>")
        .description("Retention of the facts the answer needs, with the Sculptor tools and two baselines on the same"
            + " budget.");
    long[] updates = {4, 16, 64, 256};
    double[] full = {1_521, 5_160, 19_640, 78_649};
    for (int i = 0; i < updates.length; i++) {
      results.row(EvalResults.Row.builder("pi-llm", updates[i], "tools").sizeUnit("updates/key")
          .score("retention", 1.0).contextTokens(full[i] * (0.9 - 0.2 * i)).totalPromptTokens(full[i] * 3)
          .uncachedPromptTokens(full[i] * 1.2).build());
      results.row(EvalResults.Row.builder("pi-llm", updates[i], "full context").sizeUnit("updates/key")
          .score("retention", 1.0).contextTokens(full[i]).totalPromptTokens(full[i]).uncachedPromptTokens(full[i])
          .build());
      results.row(EvalResults.Row.builder("pi-llm", updates[i], "truncation").sizeUnit("updates/key")
          .score("retention", Math.max(0, 1 - 0.3 * i)).contextTokens(Math.min(full[i], 8_000))
          .totalPromptTokens(Math.min(full[i], 8_000)).uncachedPromptTokens(Math.min(full[i], 8_000)).build());
    }
    for (long size : new long[] {2_000, 16_000}) {
      results.row(EvalResults.Row.builder("needle", size, "tools").variant("chain 3").score("retention", 0.75)
          .contextTokens(size / 4.0).build());
      results.row(EvalResults.Row.builder("needle", size, "full context").variant("chain 3").score("retention", 1)
          .contextTokens(size).build());
    }
    return results.build();
  }
}
