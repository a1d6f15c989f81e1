package io.sculptor.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A real offline evaluation's {@code --html} report, opened in Debian's headless Chromium: it renders
 * without a console message of warning level or above, and its chart and table show the numbers the
 * same run printed as JSON. Under {@code CI=true} a missing browser fails the test.
 */
class EvalReportBrowserTest {
  private static final Path CHROMIUM = Path.of(System.getProperty("sculptor.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(System.getProperty("sculptor.chromedriver", "/usr/bin/chromedriver"));
  private static final Path OUT = Path.of("target", "report-browser").toAbsolutePath();
  private static ChromeDriver browser;

  @BeforeAll
  static void startBrowser() throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI=true but Chromium or chromedriver is missing (" + CHROMIUM + ", "
          + CHROMEDRIVER + "); install Debian's chromium and chromium-driver");
    }
    Assumptions.assumeTrue(present, "Chromium and chromedriver are not installed: apt-get install chromium chromium-driver");
    Files.createDirectories(OUT);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1400,1000");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build(), options);
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void offlineEvalReport_rendersAndShowsTheRunsNumbers() throws Exception {
    Path page = OUT.resolve("eval-pi-llm.html");
    Cli eval = Cli.run("eval", "pi-llm", "--sizes", "4,64", "--json", "--html", page.toString());
    assertThat(eval.code()).as(eval.err()).isZero();
    JsonNode rows = new ObjectMapper().readTree(eval.out()).get("rows");

    browser.get(page.toUri().toString());

    List<String> console = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).map(LogEntry::toString).toList();
    assertThat(console).isEmpty();
    assertThat(browser.findElements(By.cssSelector("#score-chart-0 circle.point"))).hasSize(rows.size());
    for (JsonNode row : rows) {
      String cell = "#task-0 tr[data-size='" + row.get("size").asInt() + "'][data-condition='"
          + row.get("mode").asText() + "'] td.context";
      assertThat(browser.findElement(By.cssSelector(cell)).getText()).as(cell)
          .isEqualTo(String.format(Locale.ROOT, "%,d", row.get("finalContextTokens").asLong()));
    }
    File shot = browser.getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), OUT.resolve("eval-pi-llm.png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
