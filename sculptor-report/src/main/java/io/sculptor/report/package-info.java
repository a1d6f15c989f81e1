/**
 * Run recordings and self-contained HTML reports.
 *
 * <p>A {@link io.sculptor.report.RunRecorder} is an {@link io.sculptor.agent.AgentListener}: added
 * to a {@link io.sculptor.agent.ContextAgent}, it records, for every model call, the view as sent,
 * the state it was rendered from, the policy that ran before it, the response, the tool calls with
 * their results, and the token accounting, as a {@link io.sculptor.report.RunRecording}, which
 * reads and writes versioned JSON. {@link io.sculptor.report.HtmlReport} turns a recording, or the
 * rows of an evaluation ({@link io.sculptor.report.EvalResults}), into one HTML file that needs no
 * server and no network. {@link io.sculptor.report.PromptAccounting} defines the prompt and uncached
 * prompt tokens that recordings and evaluations report.
 */
package io.sculptor.report;
