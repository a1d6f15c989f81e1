package io.sculptor.report.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * Escaping and the frame of a self-contained page: one style sheet and at most one script, both
 * inline, allowed by a Content-Security-Policy that names their SHA-256 hashes and nothing else. So
 * the page loads nothing from anywhere, and even text that escaped escaping could not run: an
 * injected {@code <script>} or {@code onerror} attribute has no hash the policy allows.
 *
 * <p>Stateless and thread-safe. Not an API.
 */
public final class Html {
  private Html() {}

  /** {@return {@code text} with the five characters that HTML gives a meaning replaced by references} */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    escape(text, 0, text.length(), out);
    return out.toString();
  }

  /** Appends {@code text[from, to)} to {@code out}, escaped. */
  public static void escape(String text, int from, int to, StringBuilder out) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
  }

  /** {@return {@code value} formatted with thousands separators} */
  public static String number(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** {@return {@code value} rounded and formatted with thousands separators} */
  public static String number(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  /** {@return {@code share} (from 0 to 1) as a percentage with one decimal} */
  public static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }

  /**
   * {@return a whole HTML document}
   *
   * @param title the page title, as text
   * @param style the style sheet
   * @param body the body's HTML
   * @param script the script run at the end of the body; empty for none
   */
  public static String page(String title, String style, String body, String script) {
    String policy = "default-src 'none'; img-src data:; style-src '" + hash(style) + "'"
        + (script.isEmpty() ? "" : "; script-src '" + hash(script) + "'");
    StringBuilder out = new StringBuilder(body.length() + style.length() + script.length() + 1024);
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(policy).append("\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"Sculptor for Java\">\n")
        .append("<title>").append(escape(title)).append("</title>\n")
        .append("<style>").append(style).append("</style>\n</head>\n<body>\n")
        .append(body);
    if (!script.isEmpty()) {
      out.append("<script>").append(script).append("</script>\n");
    }
    return out.append("</body>\n</html>\n").toString();
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The style sheet shared by the run and evaluation pages. */
  public static final String STYLE = """
      :root{--fg:#1d2330;--muted:#5b6475;--line:#d5dae3;--bg:#fff;--panel:#f6f8fb;--accent:#2457c5;\
      --fold:#b45309;--sum:#6d28d9;--hit:#fde68a}
      *{box-sizing:border-box}
      body{margin:0;padding:0 24px 48px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;\
      color:var(--fg);background:var(--bg)}
      h1{font-size:22px;margin:20px 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid var(--line);\
      padding-bottom:4px}h3{font-size:14px;margin:0 0 8px}
      a{color:var(--accent)}
      .muted{color:var(--muted)}
      table{border-collapse:collapse;margin:8px 0}
      th,td{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
      th{background:var(--panel)}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
      dl.summary{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:8px 0}
      dl.summary dt{color:var(--muted)}dl.summary dd{margin:0}
      pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;font:12.5px/1.4 ui-monospace,Menlo,Consolas,monospace}
      .charts{display:flex;flex-wrap:wrap;gap:12px}
      svg.chart{max-width:100%;height:auto;background:var(--panel);border:1px solid var(--line);border-radius:4px}
      svg.chart text{font:11px system-ui,sans-serif;fill:var(--fg)}
      svg.chart .axis{stroke:#8a93a5;stroke-width:1}svg.chart .grid{stroke:#e3e7ee;stroke-width:1}
      svg.chart .line{fill:none;stroke-width:2}svg.chart .policy{stroke:var(--fold);stroke-dasharray:4 3}
      .c0{stroke:#2457c5;fill:#2457c5}.c1{stroke:#c2410c;fill:#c2410c}.c2{stroke:#15803d;fill:#15803d}
      .c3{stroke:#7c3aed;fill:#7c3aed}.c4{stroke:#0e7490;fill:#0e7490}.c5{stroke:#a16207;fill:#a16207}
      rect.bar{stroke:none;opacity:.35}
      ol.steps{list-style:none;padding:0;margin:0}
      ol.steps>li{border:1px solid var(--line);border-radius:4px;padding:6px 10px;margin:6px 0}
      ol.steps>li.current{border-color:var(--accent);box-shadow:0 0 0 1px var(--accent)}
      .policy-note{color:var(--fold)}
      details.call{margin:4px 0 0 12px}details.call>summary{cursor:pointer}
      details.call pre{background:var(--panel);padding:6px;margin:4px 0;border-radius:3px}
      .failed{color:#b91c1c}
      .panes{display:grid;grid-template-columns:1fr 1fr;gap:16px;align-items:start}
      .pane{border:1px solid var(--line);border-radius:4px;padding:8px;min-width:0;max-height:85vh;overflow:auto}
      .top{display:grid;grid-template-columns:minmax(380px,1fr) minmax(0,780px);gap:8px 32px;align-items:start}
      nav.step-select{margin:8px 0}nav.step-select a{display:inline-block;min-width:28px;text-align:center;\
      padding:2px 6px;margin:0 2px;border:1px solid var(--line);border-radius:3px;text-decoration:none}
      nav.step-select a.current{background:var(--accent);color:#fff;border-color:var(--accent)}
      nav.step-select a.policy{border-color:var(--fold)}
      .js .view:not(.current){display:none}
      .msg{border-left:3px solid var(--line);padding:2px 8px;margin:6px 0}
      .msg .who{font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
      .role-system{border-color:#64748b}.role-user{border-color:#2457c5}.role-assistant{border-color:#15803d}\
      .role-tool{border-color:#a16207}
      .msg.later{opacity:.35}
      a.marker{text-decoration:none;border-radius:3px;padding:0 2px}
      a.marker.folded{background:#ffedd5;color:var(--fold)}a.marker.summarized{background:#ede9fe;color:var(--sum)}
      span.frag{border-bottom:2px solid transparent}
      span.frag.visible{border-bottom-color:#94a3b8}
      span.frag.folded{background:#fff7ed;border-bottom-color:var(--fold)}
      span.frag.summarized{background:#f5f3ff;border-bottom-color:var(--sum)}
      a.tag{font-size:10px;vertical-align:super;text-decoration:none;padding:0 2px;border-radius:2px;\
      background:var(--panel);border:1px solid var(--line)}
      span.frag.absent>a.tag{display:none}
      mark.hit{background:var(--hit)}
      :target{outline:2px solid var(--accent);outline-offset:1px}
      """;
}
