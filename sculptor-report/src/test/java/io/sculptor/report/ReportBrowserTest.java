package io.sculptor.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.sculptor.core.StateSnapshot;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Opens the reports in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/run} installs) through Selenium WebDriver, one browser
 * for the class: the pages render without a console message of level warning or above, show the
 * steps, the chart and the panes with the recorded numbers, switch steps, and run no injected
 * script. Screenshots go to {@code target/report-browser/}; with {@code -Dsculptor.updateDocs=true}
 * the clean run's screenshot replaces {@code docs/images/run-report.png}. Without the browser the
 * tests are skipped, except under {@code CI=true}, where they fail.
 */
class ReportBrowserTest {
  private static final Path CHROMIUM = Path.of(System.getProperty("sculptor.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(System.getProperty("sculptor.chromedriver", "/usr/bin/chromedriver"));
  private static final Path OUT = Path.of("target", "report-browser").toAbsolutePath();
  private static final Path README_IMAGE = Path.of("..", "docs", "images", "run-report.png").toAbsolutePath().normalize();

  private static ChromeDriver browser;

  @BeforeAll
  static void startBrowser() throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI=true but Chromium or chromedriver is missing (" + CHROMIUM + ", " + CHROMEDRIVER
          + "); install Debian's chromium and chromium-driver");
    }
    Assumptions.assumeTrue(present, "Chromium and chromedriver are not installed: apt-get install chromium chromium-driver");
    Files.createDirectories(OUT);
    ChromeOptions options = new ChromeOptions();
    // The binary and the driver are named, so Selenium Manager never looks for (or downloads) either.
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1400,1000", "--hide-scrollbars", "--force-device-scale-factor=1");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void runReport_rendersWithoutConsoleMessages_andShowsWhatTheModelSawAtEachStep() throws Exception {
    ScriptedRuns.Scripted scripted = ScriptedRuns.foldSearchRestore(true);
    RunRecording recording = scripted.recording();
    open(HtmlReport.render(recording), "run-report-hostile.html");

    assertThat(browser.executeScript("return typeof window.pwned")).isEqualTo("undefined");
    assertThat(browser.findElement(By.id("answer")).getText()).endsWith(ScriptedRuns.HOSTILE);
    assertThat(browser.findElements(By.cssSelector("ol.steps > li"))).hasSize(recording.steps().size());
    List<WebElement> points = browser.findElements(By.cssSelector("#tokens-chart circle[data-series='view tokens']"));
    assertThat(points).extracting(p -> Long.parseLong(p.getAttribute("data-value")))
        .containsExactlyElementsOf(recording.steps().stream().map(RecordedStep::viewTokens).toList());
    assertThat(browser.findElement(By.id("tokens-chart")).getSize().getWidth()).isGreaterThan(300);
    assertThat(browser.findElement(By.id("total-prompt-tokens")).getText())
        .isEqualTo(String.format(java.util.Locale.ROOT, "%,d", recording.totalPromptTokens()));

    // The last step shows first; the original pane is beside it.
    assertThat(visibleViews()).containsExactly("view-5");
    assertThat(browser.findElement(By.id("original")).isDisplayed()).isTrue();
    assertThat(browser.findElement(By.id("views")).getLocation().getY())
        .isEqualTo(browser.findElement(By.id("original")).getLocation().getY());

    // Clicking step 3 shows its view, with its token count, and the original as it stood then.
    browser.findElement(By.cssSelector("#step-3 > a")).click();
    assertThat(visibleViews()).containsExactly("view-3");
    assertThat(browser.findElement(By.id("current-step")).getText()).isEqualTo("3");
    RecordedStep third = recording.steps().get(2);
    assertThat(browser.findElement(By.cssSelector("#view-3 h3 .view-tokens")).getText())
        .isEqualTo(String.format(java.util.Locale.ROOT, "%,d", third.viewTokens()));
    for (StateSnapshot.FragmentRecord f : third.state().fragments()) {
      String id = f.id().value();
      assertThat(browser.findElement(By.id("o-" + id + "-0")).getAttribute("class")).isEqualTo("frag " + f.status());
      if (f.status().hidesOriginal()) {
        WebElement marker = browser.findElement(By.cssSelector("#view-3 a.marker[data-frag='" + id + "']"));
        assertThat(marker.isDisplayed()).isTrue();
        assertThat(marker.getText()).startsWith("[fragment " + id + " folded");
      }
    }
    long later = browser.findElements(By.cssSelector("#original .msg.later")).size();
    assertThat(later).isEqualTo(recording.original().size() - third.view().size());

    // The step selector above the panes does the same.
    browser.findElement(By.cssSelector("nav.step-select a[href='#view-4']")).click();
    assertThat(visibleViews()).containsExactly("view-4");
    assertThat(browser.findElement(By.cssSelector("nav.step-select a.current")).getText()).isEqualTo("4");

    // A search hit links to where it is in the original.
    StateSnapshot.SearchHitRecord hit = recording.steps().get(4).state().searchHits().get(0);
    browser.findElement(By.cssSelector("#hit-" + hit.id().value() + " a[href='#at-" + hit.id().value() + "']")).click();
    assertThat(browser.executeScript("return location.hash")).isEqualTo("#at-" + hit.id().value());
    assertThat(browser.findElement(By.id("at-" + hit.id().value())).isDisplayed()).isTrue();

    assertThat(consoleMessages()).isEmpty();
    screenshot("run-report-hostile.png", 1400, 1000);
  }

  @Test
  void runReport_ofACleanRun_isTheReadmeScreenshot() throws Exception {
    open(HtmlReport.render(ScriptedRuns.foldSearchRestore(false).recording()), "run-report.html");
    browser.findElement(By.cssSelector("nav.step-select a[href='#view-3']")).click();
    browser.executeScript("window.scrollTo(0, 0)");
    assertThat(consoleMessages()).isEmpty();
    Path png = screenshot("run-report.png", 1400, 1250);
    if (Boolean.getBoolean("sculptor.updateDocs")) {
      Files.createDirectories(README_IMAGE.getParent());
      Files.copy(png, README_IMAGE, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  void evalReport_rendersWithoutConsoleMessages_andDrawsEveryCondition() throws Exception {
    EvalResults results = EvalFixtures.offline();
    open(HtmlReport.render(results), "eval-report.html");
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(results.title());
    assertThat(browser.findElements(By.cssSelector("section.task"))).hasSize(2);
    List<WebElement> scores = browser.findElements(By.cssSelector("#score-chart-0 circle.point"));
    assertThat(scores).hasSize(12);
    assertThat(browser.findElements(By.cssSelector("#score-chart-0 path.line"))).extracting(p -> p.getAttribute("data-series"))
        .containsExactly("tools", "full context", "truncation");
    assertThat(browser.findElement(By.cssSelector("#task-0 tr[data-size='256'][data-condition='truncation'] td.score"))
        .getText()).isEqualTo("10.0%");
    assertThat(consoleMessages()).isEmpty();
    screenshot("eval-report.png", 1400, 1000);
  }

  @Test
  void consoleCheck_catchesWhatThePagePolicyBlocks() throws Exception {
    // The check the other tests rely on can fail: a script the page did not sign is refused and reported.
    String page = HtmlReport.render(EvalFixtures.offline()).replace("</body>", "<script>window.pwned = 3</script></body>");
    open(page, "unsigned-script.html");
    assertThat(browser.executeScript("return typeof window.pwned")).isEqualTo("undefined");
    assertThat(consoleMessages()).anySatisfy(m -> assertThat(m).contains("Content Security Policy"));
  }

  private static void open(String html, String name) throws Exception {
    Path file = OUT.resolve(name);
    Files.writeString(file, html);
    consoleMessages();
    browser.get(file.toUri().toString());
  }

  private static List<String> visibleViews() {
    return browser.findElements(By.cssSelector("section.view")).stream().filter(WebElement::isDisplayed)
        .map(v -> v.getAttribute("id")).collect(Collectors.toList());
  }

  /** Reads and clears the browser's console: script errors, policy violations, failed loads, warnings. */
  private static List<String> consoleMessages() {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
        .map(LogEntry::toString).toList();
  }

  private static Path screenshot(String name, int width, int height) throws Exception {
    browser.manage().window().setSize(new Dimension(width, height));
    File shot = browser.getScreenshotAs(OutputType.FILE);
    Path png = OUT.resolve(name);
    Files.copy(shot.toPath(), png, StandardCopyOption.REPLACE_EXISTING);
    return png;
  }
}
