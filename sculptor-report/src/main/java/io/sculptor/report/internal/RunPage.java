package io.sculptor.report.internal;

import io.sculptor.agent.AgentEvent;
import io.sculptor.core.Message;
import io.sculptor.core.Span;
import io.sculptor.core.StateSnapshot;
import io.sculptor.core.ToolCall;
import io.sculptor.model.ToolChoice;
import io.sculptor.model.Usage;
import io.sculptor.report.RecordedStep;
import io.sculptor.report.RunRecording;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The HTML page of one recorded run: a summary, a chart of view against original tokens per model
 * call, the steps with their policy changes, tool calls and results, the view of the selected step
 * beside the original conversation, and the tables of fragments and search hits they link to.
 *
 * <p>The original conversation is drawn once, with every fragment's spans and every search hit
 * marked; a small script sets, for the selected step, which spans are folded or summarized and
 * which messages did not exist yet. So the page grows with the views and the original, not with
 * the original once per step. Without the script every view shows, one after the other, and the
 * original shows the last step's statuses.
 *
 * <p>Stateless and thread-safe. Not an API.
 */
public final class RunPage {
  private static final String SCRIPT = """
      (function () {
        document.documentElement.classList.add('js');
        var views = document.querySelectorAll('section.view');
        var spans = document.querySelectorAll('#original span.frag');
        var messages = document.querySelectorAll('#original .msg');
        function ids(view, name) {
          var text = view.getAttribute('data-' + name);
          return text ? text.split(' ') : [];
        }
        function select(step) {
          var view = document.getElementById('view-' + step);
          if (!view) {
            return;
          }
          views.forEach(function (v) { v.classList.toggle('current', v === view); });
          document.querySelectorAll('ol.steps > li').forEach(function (li) {
            li.classList.toggle('current', li.id === 'step-' + step);
          });
          document.querySelectorAll('nav.step-select a').forEach(function (a) {
            a.classList.toggle('current', a.getAttribute('href') === '#view-' + step);
          });
          var status = {};
          ['visible', 'folded', 'summarized'].forEach(function (name) {
            ids(view, name).forEach(function (id) { status[id] = name; });
          });
          spans.forEach(function (span) {
            span.className = 'frag ' + (status[span.getAttribute('data-frag')] || 'absent');
          });
          var count = Number(view.getAttribute('data-messages'));
          messages.forEach(function (m, i) { m.classList.toggle('later', i >= count); });
          document.getElementById('current-step').textContent = String(step);
        }
        function fromHash() {
          var id = decodeURIComponent(location.hash.slice(1));
          var target = id ? document.getElementById(id) : null;
          var holder = target ? target.closest('[data-step]') : null;
          if (holder) {
            select(holder.getAttribute('data-step'));
          }
        }
        window.addEventListener('hashchange', fromHash);
        select(views.length);
        fromHash();
      })();
      """;

  private final RunRecording run;
  private final List<RecordedStep> steps;
  private final StateSnapshot last;
  private final Map<String, Hit> hits = new LinkedHashMap<>();
  private final TextMarkup markup;

  private record Hit(StateSnapshot.SearchHitRecord record, int firstStep, Optional<String> hiddenBy) {}

  private RunPage(RunRecording run) {
    this.run = run;
    this.steps = run.steps();
    this.last = steps.get(steps.size() - 1).state();
    for (RecordedStep step : steps) {
      for (StateSnapshot.SearchHitRecord h : step.state().searchHits()) {
        hits.computeIfAbsent(h.id().value(), id -> new Hit(h, step.step(),
            hiddenBy(step.state(), h.messageIndex(), h.offset())));
      }
    }
    Set<String> fragmentIds = last.fragments().stream().map(f -> f.id().value()).collect(Collectors.toSet());
    this.markup = new TextMarkup(fragmentIds, hits.keySet());
  }

  /** {@return the page of {@code run}} */
  public static String render(RunRecording run) {
    return new RunPage(run).page();
  }

  private String page() {
    StringBuilder body = new StringBuilder();
    body.append("<div class=\"top\">\n<div>\n");
    summary(body);
    body.append("</div>\n<div>\n");
    chart(body);
    body.append("</div>\n</div>\n");
    panes(body);
    stepList(body);
    fragmentTable(body);
    hitTable(body);
    return Html.page("Sculptor run report: " + steps.size() + " model calls", Html.STYLE, body.toString(), SCRIPT);
  }

  private void summary(StringBuilder out) {
    RecordedStep end = steps.get(steps.size() - 1);
    long prompt = run.totalPromptTokens();
    long uncached = run.uncachedPromptTokens();
    Usage usage = run.usage();
    out.append("<h1>Sculptor run report</h1>\n<p class=\"muted\">What the model saw at each of ")
        .append(steps.size()).append(" model calls; token counts are the run's counter's")
        .append(run.encoding().map(e -> " (" + Html.escape(e) + ")").orElse("")).append(".</p>\n")
        .append("<dl class=\"summary\">\n")
        .append("<dt>Answer</dt><dd><pre id=\"answer\">").append(Html.escape(run.answer())).append("</pre></dd>\n")
        .append("<dt>Stop reason</dt><dd id=\"stop-reason\">").append(run.stopReason().name()).append("</dd>\n")
        .append("<dt>Model calls</dt><dd id=\"model-calls\">").append(steps.size()).append("</dd>\n")
        .append("<dt>Context at the last call</dt><dd>view ").append(Html.number(end.viewTokens())).append(" of ")
        .append(Html.number(end.originalTokens())).append(" original tokens</dd>\n")
        .append("<dt>Prompt tokens, all calls</dt><dd id=\"total-prompt-tokens\">").append(Html.number(prompt))
        .append("</dd>\n")
        .append("<dt>Uncached prompt tokens</dt><dd><span id=\"uncached-prompt-tokens\">").append(Html.number(uncached))
        .append("</span> <span class=\"muted\">(").append(prompt == 0 ? "-" : Html.percent((double) uncached / prompt))
        .append(")</span></dd>\n")
        .append("<dt>Usage the model reported</dt><dd id=\"reported-usage\">prompt ")
        .append(Html.number(usage.promptTokens())).append(", completion ").append(Html.number(usage.completionTokens()))
        .append(", cached prompt ").append(Html.number(usage.cachedPromptTokens())).append("</dd>\n</dl>\n");
    out.append("<h2>Tool usage</h2>\n<table id=\"tool-usage\"><tr><th>tool</th><th class=\"num\">calls</th>"
        + "<th class=\"num\">share</th></tr>\n");
    run.toolUsage().counts().forEach((tool, count) -> out.append("<tr data-tool=\"").append(Html.escape(tool))
        .append("\"><td>").append(Html.escape(tool)).append("</td><td class=\"num\">").append(count)
        .append("</td><td class=\"num\">").append(Html.percent(run.toolUsage().share(tool))).append("</td></tr>\n"));
    out.append("</table>\n<p>Entropy of the tool distribution: <span id=\"tool-entropy\">")
        .append(String.format(Locale.ROOT, "%.3f", run.toolUsage().entropyBits()))
        .append("</span> bits over ").append(run.toolUsage().total()).append(" calls.</p>\n");
  }

  private void chart(StringBuilder out) {
    int n = steps.size();
    double[] original = new double[n];
    double[] view = new double[n];
    double[] uncached = new double[n];
    List<String> categories = new ArrayList<>();
    List<String> links = new ArrayList<>();
    List<Integer> policies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      RecordedStep step = steps.get(i);
      original[i] = step.originalTokens();
      view[i] = step.viewTokens();
      uncached[i] = step.uncachedPromptTokens();
      categories.add(Integer.toString(step.step()));
      links.add("#step-" + step.step());
      if (step.policy().isPresent()) {
        policies.add(i);
      }
    }
    out.append("<h2>Tokens per model call</h2>\n<p class=\"muted\">The original conversation grows with every"
        + " message; the view is what was sent. Bars: the call's uncached prompt tokens, those after the first"
        + " position where its prompt (tool schemas, then the view, then the reply priming) differs from the previous call's, which a prefix"
        + " cache cannot serve. Dashed lines: a budget policy changed the state before the call. Click a point to"
        + " see that step.</p>\n")
        .append(new LineChart("tokens-chart", "Tokens per model call", "model call", categories, Html::number)
            .bars("uncached prompt tokens", uncached)
            .line("original tokens", original)
            .line("view tokens", view)
            .markers("policy applied", policies)
            .links(links)
            .svg());
  }

  private void stepList(StringBuilder out) {
    out.append("<h2>Steps</h2>\n<ol class=\"steps\" id=\"steps\">\n");
    for (RecordedStep step : steps) {
      int n = step.step();
      out.append("<li class=\"step\" id=\"step-").append(n).append("\" data-step=\"").append(n).append("\">")
          .append("<a href=\"#step-").append(n).append("\"><strong>Step ").append(n).append("</strong></a> ")
          .append("<span class=\"muted\">tool choice ").append(Html.escape(choice(step.toolChoice()))).append("</span>")
          .append(" · view <span class=\"view-tokens\">").append(Html.number(step.viewTokens()))
          .append("</span> of <span class=\"original-tokens\">").append(Html.number(step.originalTokens()))
          .append("</span> tokens · prompt ").append(Html.number(step.promptTokens())).append(", uncached <span"
              + " class=\"uncached-tokens\">").append(Html.number(step.uncachedPromptTokens())).append("</span>")
          .append(" · <a href=\"#view-").append(n).append("\">view</a>\n");
      step.policy().ifPresent(p -> out.append("<div class=\"policy-note\">A budget policy changed the state"
          + " before this call: view ").append(Html.number(p.viewTokensBefore())).append(" → ")
          .append(Html.number(p.viewTokensAfter())).append(" tokens.</div>\n"));
      for (AgentEvent.ToolExecuted call : step.toolCalls()) {
        out.append("<details class=\"call\" data-tool=\"").append(Html.escape(call.call().name())).append("\"><summary>")
            .append("<code>").append(Html.escape(call.call().name())).append("</code> ")
            .append(call.failed() ? "<span class=\"failed\">failed" + call.error().map(e -> " (" + e + ")").orElse("")
                + "</span>" : "ok")
            .append(call.sculptorTool() ? "" : " <span class=\"muted\">(application tool)</span>")
            .append("</summary>\n<pre class=\"arguments\">");
        markup.appendText(call.call().arguments(), 0, call.call().arguments().length(), out);
        out.append("</pre>\n<pre class=\"result\">");
        markup.appendText(call.result(), 0, call.result().length(), out);
        out.append("</pre></details>\n");
      }
      if (n == steps.size()) {
        out.append("<div class=\"final\">Stop reason <strong>").append(run.stopReason().name())
            .append("</strong>: the answer above.</div>\n");
      }
      out.append("</li>\n");
    }
    out.append("</ol>\n");
  }

  private void panes(StringBuilder out) {
    out.append("<h2>What the model saw</h2>\n<p class=\"muted\">Left: the view sent at step <span"
        + " id=\"current-step\">").append(steps.size()).append("</span>. Right: the original conversation, with every"
        + " fragment marked as it stood at that step (underlined: visible; orange: folded; violet: summarized) and"
        + " every search hit highlighted. Markers in the view link to the fragment that hid the text.</p>\n")
        .append("<nav class=\"step-select\">Step:");
    for (RecordedStep step : steps) {
      out.append(" <a href=\"#view-").append(step.step()).append('"')
          .append(step.policy().isPresent() ? " class=\"policy\" title=\"a policy ran before this call\"" : "")
          .append('>').append(step.step()).append("</a>");
    }
    out.append("</nav>\n<div class=\"panes\">\n<div class=\"pane\" id=\"views\">\n");
    for (RecordedStep step : steps) {
      view(step, out);
    }
    out.append("</div>\n<div class=\"pane\" id=\"original\">\n<h3>Original conversation: ")
        .append(run.original().size()).append(" messages</h3>\n");
    Map<String, String> lastStatus = statuses(last);
    List<Message> messages = run.original().messages();
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      openMessage(out, "o-m" + i, i, m);
      originalText(i, m.content(), lastStatus, out);
      closeMessage(out, m);
    }
    out.append("</div>\n</div>\n");
  }

  private void view(RecordedStep step, StringBuilder out) {
    int n = step.step();
    Map<String, String> status = statuses(step.state());
    Map<String, String> hidden = new LinkedHashMap<>();
    status.forEach((id, s) -> {
      if (!s.equals("visible")) {
        hidden.put(id, s);
      }
    });
    out.append("<section class=\"view\" id=\"view-").append(n).append("\" data-step=\"").append(n)
        .append("\" data-messages=\"").append(step.view().size()).append('"');
    for (String name : List.of("visible", "folded", "summarized")) {
      out.append(" data-").append(name).append("=\"").append(status.entrySet().stream()
          .filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey).collect(Collectors.joining(" "))).append('"');
    }
    out.append(">\n<h3>View sent at step ").append(n).append(": ").append(step.view().size()).append(" messages, <span"
        + " class=\"view-tokens\">").append(Html.number(step.viewTokens())).append("</span> tokens (original ")
        .append(Html.number(step.originalTokens())).append(")</h3>\n");
    for (int i = 0; i < step.view().size(); i++) {
      Message m = step.view().get(i);
      openMessage(out, "v" + n + "-m" + i, i, m);
      markup.appendView(m.content(), hidden, out);
      closeMessage(out, m);
    }
    out.append("<div class=\"msg role-assistant response\"><div class=\"who\">response</div><pre>");
    markup.appendText(step.response().content(), 0, step.response().content().length(), out);
    closeMessage(out, step.response());
    out.append("</section>\n");
  }

  private static void openMessage(StringBuilder out, String id, int index, Message m) {
    out.append("<div class=\"msg role-").append(m.role().wireName()).append("\" id=\"").append(id).append("\">")
        .append("<div class=\"who\">#").append(index).append(' ').append(m.role().wireName());
    m.name().ifPresent(name -> out.append(" (").append(Html.escape(name)).append(')'));
    m.toolCallId().ifPresent(call -> out.append(" · answers ").append(Html.escape(call)));
    out.append("</div><pre>");
  }

  private void closeMessage(StringBuilder out, Message m) {
    out.append("</pre>");
    for (ToolCall call : m.toolCalls()) {
      String line = "→ " + call.name() + " " + call.arguments() + "  [" + call.id() + "]";
      out.append("<pre class=\"tool-call\">");
      markup.appendText(line, 0, line.length(), out);
      out.append("</pre>");
    }
    out.append("</div>\n");
  }

  /**
   * Appends message {@code index} of the original, with the spans of every fragment of the run
   * wrapped (outer fragments first: fragments are nested or disjoint) and every search hit marked.
   */
  private void originalText(int index, String text, Map<String, String> status, StringBuilder out) {
    record Open(String id, int part, int start, int end, int order) {}
    List<Open> spans = new ArrayList<>();
    List<StateSnapshot.FragmentRecord> fragments = last.fragments();
    for (int order = 0; order < fragments.size(); order++) {
      StateSnapshot.FragmentRecord f = fragments.get(order);
      for (int part = 0; part < f.spans().size(); part++) {
        Span s = f.spans().get(part);
        if (s.messageIndex() == index) {
          spans.add(new Open(f.id().value(), part, s.start(), s.end(), order));
        }
      }
    }
    spans.sort(Comparator.comparingInt(Open::start).thenComparing(Comparator.comparingInt(Open::end).reversed())
        .thenComparingInt(Open::order));
    List<Hit> inMessage = hits.values().stream().filter(h -> h.record().messageIndex() == index).toList();
    TreeSet<Integer> cuts = new TreeSet<>(List.of(0, text.length()));
    spans.forEach(s -> {
      cuts.add(s.start());
      cuts.add(s.end());
    });
    for (Hit h : inMessage) {
      cuts.add(Math.min(h.record().offset(), text.length()));
      cuts.add(hitEnd(h, text));
    }
    Deque<Open> open = new ArrayDeque<>();
    int next = 0;
    for (int at : cuts) {
      while (!open.isEmpty() && open.peek().end() <= at) {
        out.append("</span>");
        open.pop();
      }
      for (Hit h : inMessage) {
        if (h.record().offset() == at) {
          String id = h.record().id().value();
          out.append("<a class=\"tag hit-at\" id=\"at-").append(id).append("\" href=\"#hit-").append(id)
              .append("\" title=\"search hit ").append(id).append("\">").append(id).append("</a>");
        }
      }
      while (next < spans.size() && spans.get(next).start() == at) {
        Open s = spans.get(next++);
        out.append("<span class=\"frag ").append(status.getOrDefault(s.id(), "absent")).append("\" data-frag=\"")
            .append(s.id()).append("\" id=\"o-").append(s.id()).append('-').append(s.part()).append("\">")
            .append("<a class=\"tag\" href=\"#frag-").append(s.id()).append("\">").append(s.id()).append("</a>");
        open.push(s);
      }
      Integer end = cuts.higher(at);
      if (end == null) {
        break;
      }
      boolean marked = inMessage.stream().anyMatch(h -> h.record().offset() <= at && at < hitEnd(h, text));
      if (marked) {
        out.append("<mark class=\"hit\">");
      }
      markup.appendText(text, at, end, out);
      if (marked) {
        out.append("</mark>");
      }
    }
    while (!open.isEmpty()) {
      out.append("</span>");
      open.pop();
    }
  }

  private static int hitEnd(Hit h, String text) {
    return Math.min(h.record().offset() + h.record().query().length(), text.length());
  }

  private void fragmentTable(StringBuilder out) {
    out.append("<h2>Fragments</h2>\n");
    if (last.fragments().isEmpty()) {
      out.append("<p>No fragment was made.</p>\n");
      return;
    }
    out.append("<table id=\"fragments\"><tr><th>fragment</th><th>spans (message: characters)</th>"
        + "<th>status by step</th><th>summary at the last call</th></tr>\n");
    for (StateSnapshot.FragmentRecord f : last.fragments()) {
      String id = f.id().value();
      out.append("<tr id=\"frag-").append(id).append("\"><td><code>").append(id).append("</code></td><td>");
      for (int part = 0; part < f.spans().size(); part++) {
        Span s = f.spans().get(part);
        out.append(part == 0 ? "" : ", ").append("<a href=\"#o-").append(id).append('-').append(part).append("\">#")
            .append(s.messageIndex()).append(": ").append(Html.number(s.start())).append('–')
            .append(Html.number(s.end())).append("</a>");
      }
      out.append("</td><td class=\"history\">").append(Html.escape(history(id))).append("</td><td>");
      if (f.status() instanceof io.sculptor.core.FragmentStatus.Summarized summarized) {
        out.append("<pre>").append(Html.escape(summarized.summary().text())).append("</pre>");
      }
      out.append("</td></tr>\n");
    }
    out.append("</table>\n");
  }

  /** {@return the fragment's status at each step, run-length encoded: "visible 2–3, folded 4–6"} */
  private String history(String id) {
    List<String> parts = new ArrayList<>();
    String current = null;
    int from = 0;
    int to = 0;
    for (RecordedStep step : steps) {
      String status = statuses(step.state()).get(id);
      if (status == null) {
        continue;
      }
      if (status.equals(current) && to == step.step() - 1) {
        to = step.step();
        continue;
      }
      if (current != null) {
        parts.add(range(current, from, to));
      }
      current = status;
      from = step.step();
      to = step.step();
    }
    if (current != null) {
      parts.add(range(current, from, to));
    }
    return String.join(", ", parts);
  }

  private static String range(String status, int from, int to) {
    return status + " at step " + (from == to ? Integer.toString(from) : from + "–" + to);
  }

  private void hitTable(StringBuilder out) {
    out.append("<h2>Search hits</h2>\n");
    if (hits.isEmpty()) {
      out.append("<p>No search hit was remembered.</p>\n");
      return;
    }
    out.append("<table id=\"search-hits\"><tr><th>hit</th><th>query</th><th>in the state from step</th>"
        + "<th>where</th><th>hidden then by</th></tr>\n");
    for (Map.Entry<String, Hit> e : hits.entrySet()) {
      String id = e.getKey();
      Hit h = e.getValue();
      out.append("<tr id=\"hit-").append(id).append("\"><td><code>").append(id).append("</code></td><td><pre>")
          .append(Html.escape(h.record().query())).append("</pre></td><td class=\"num\">").append(h.firstStep())
          .append("</td><td><a href=\"#at-").append(id).append("\">message ").append(h.record().messageIndex())
          .append(", character ").append(Html.number(h.record().offset())).append("</a></td><td>")
          .append(h.hiddenBy().map(f -> "<a href=\"#frag-" + f + "\">" + f + "</a>").orElse("visible"))
          .append("</td></tr>\n");
    }
    out.append("</table>\n");
  }

  /** {@return each fragment of {@code state} by id: visible, folded or summarized} */
  private static Map<String, String> statuses(StateSnapshot state) {
    Map<String, String> status = new LinkedHashMap<>();
    for (StateSnapshot.FragmentRecord f : state.fragments()) {
      status.put(f.id().value(), f.status().toString());
    }
    return status;
  }

  /** {@return the outermost fragment of {@code state} that hides the character at {@code offset} of message {@code index}} */
  private static Optional<String> hiddenBy(StateSnapshot state, int index, int offset) {
    String best = null;
    int bestLength = -1;
    for (StateSnapshot.FragmentRecord f : state.fragments()) {
      if (!f.status().hidesOriginal()) {
        continue;
      }
      for (Span s : f.spans()) {
        if (s.messageIndex() == index && s.start() <= offset && offset < s.end() && s.length() > bestLength) {
          best = f.id().value();
          bestLength = s.length();
        }
      }
    }
    return Optional.ofNullable(best);
  }

  private static String choice(ToolChoice choice) {
    return choice instanceof ToolChoice.Mode mode ? mode.wireName() : "function " + ((ToolChoice.Function) choice).name();
  }
}
