/**
 * Recordings and reports of agent runs and evaluations: {@link io.sculptor.report.RunRecorder}
 * records what the model saw at every step of a run as versioned JSON
 * ({@link io.sculptor.report.RunRecording}); {@link io.sculptor.report.HtmlReport} writes one
 * self-contained HTML page of a recording or of {@link io.sculptor.report.EvalResults}.
 */
module io.sculptor.report {
  requires transitive io.sculptor.tools;
  requires com.fasterxml.jackson.databind;

  exports io.sculptor.report;
}
