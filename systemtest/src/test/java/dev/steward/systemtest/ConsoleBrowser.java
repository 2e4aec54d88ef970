package dev.steward.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by Selenium through Debian's chromedriver: no Selenium Manager, no
 * network. When either binary is missing the test is skipped with the reason, unless
 * {@code -Dbrowser=required} (CI), where it fails.
 */
final class ConsoleBrowser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;
  private final Path profile;

  private ConsoleBrowser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Skips (or, with -Dbrowser=required, fails) when Chromium or chromedriver is not installed. */
  static void requireInstalled() {
    String missing = !Files.isExecutable(CHROMIUM) ? CHROMIUM.toString()
        : !Files.isExecutable(CHROMEDRIVER) ? CHROMEDRIVER.toString() : null;
    if (missing == null) {
      return;
    }
    String why = missing + " is missing: apt-get install -y --no-install-recommends chromium chromium-driver";
    if ("required".equals(System.getProperty("browser", "auto"))) {
      throw new IllegalStateException(why + " (-Dbrowser=required)");
    }
    Assumptions.abort("skipped: " + why + " (-Dbrowser=required fails)");
  }

  static ConsoleBrowser start() throws IOException {
    requireInstalled();
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    Path profile = Files.createTempDirectory("steward-console-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=1400,1000", "--user-data-dir=" + profile);
    // the page's own data-usable-ms says when it is usable; the load event may wait for nothing useful
    options.setPageLoadStrategy(org.openqa.selenium.PageLoadStrategy.EAGER);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(120));
    return new ConsoleBrowser(driver, profile);
  }

  ChromeDriver driver() {
    return driver;
  }

  /** Opens the page and waits for the first snapshot rendered; returns the page-usable time the page measured (ms). */
  long open(String url) {
    driver.get(url);
    return awaitRendered();
  }

  long awaitRendered() {
    new WebDriverWait(driver, Duration.ofSeconds(60)).until(d ->
        d.findElement(By.tagName("body")).getDomAttribute("data-usable-ms") != null);
    return Long.parseLong(driver.findElement(By.tagName("body")).getDomAttribute("data-usable-ms"));
  }

  Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /**
   * The element's text. The page re-renders on every snapshot (every 2 s), so an element found may
   * be replaced before it is read: read again then.
   */
  String text(String css) {
    return read(() -> driver.findElement(By.cssSelector(css)).getText());
  }

  /** An attribute of the element, read as {@link #text} is. */
  String attribute(String css, String name) {
    return read(() -> driver.findElement(By.cssSelector(css)).getDomAttribute(name));
  }

  /** Waits (30 s) until the live page shows {@code expected} at {@code css}; fails naming what it shows. */
  void awaitText(String css, String expected) {
    try {
      new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(org.openqa.selenium.WebDriverException.class)
          .until(d -> expected.equals(text(css)));
    } catch (org.openqa.selenium.TimeoutException e) {
      org.assertj.core.api.Assertions.assertThat(text(css)).as(css).isEqualTo(expected);
    }
  }

  private static String read(java.util.function.Supplier<String> read) {
    for (int attempt = 1; ; attempt++) {
      try {
        return read.get();
      } catch (org.openqa.selenium.StaleElementReferenceException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  /** Saves a screenshot as target/console-screenshots/NAME.png. */
  Path screenshot(String name) throws IOException {
    Path dir = Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));
    Files.createDirectories(dir);
    Path file = dir.resolve(name + ".png");
    Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, file, StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
