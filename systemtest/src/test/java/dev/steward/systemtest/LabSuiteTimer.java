package dev.steward.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Times the lab suite: every class that uses it (lab up and down included), every test, and the
 * whole suite from the first lab class's start to the last one's end, printed once when the test
 * run ends (and written to target/lab-suite-times.txt). Figures, never assertions.
 */
final class LabSuiteTimer implements BeforeAllCallback, AfterAllCallback, BeforeTestExecutionCallback,
    AfterTestExecutionCallback {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LabSuiteTimer.class);

  /** Lives in the root context's store: closed (and printed) when the whole run ends. */
  static final class Totals implements AutoCloseable {

    private final long started = System.nanoTime();
    private long ended = started;
    private final List<String> lines = new ArrayList<>();

    synchronized void add(String line) {
      lines.add(line);
      ended = System.nanoTime();
    }

    @Override
    public synchronized void close() {
      StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
          "lab suite: %.1f s in total (first lab class start to last lab class end)%n", (ended - started) / 1e9));
      lines.forEach(line -> text.append("  ").append(line).append('\n'));
      System.out.print(text);
      try {
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
          Files.writeString(target.resolve("lab-suite-times.txt"), text);
        }
      } catch (IOException e) {
        System.out.println("(could not write target/lab-suite-times.txt: " + e.getMessage() + ")");
      }
    }
  }

  private static Totals totals(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Totals.class, k -> new Totals(), Totals.class);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    totals(context);
    context.getStore(NAMESPACE).put("class", System.nanoTime());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    long started = context.getStore(NAMESPACE).get("class", Long.class);
    totals(context).add(String.format(Locale.ROOT, "%-22s %7.1f s (lab up and down included)",
        context.getRequiredTestClass().getSimpleName(), (System.nanoTime() - started) / 1e9));
  }

  @Override
  public void beforeTestExecution(ExtensionContext context) {
    context.getStore(NAMESPACE).put("test", System.nanoTime());
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    long started = context.getStore(NAMESPACE).get("test", Long.class);
    String line = String.format(Locale.ROOT, "  %-80s %7.1f s%s", context.getRequiredTestClass().getSimpleName() + "."
        + context.getRequiredTestMethod().getName(), (System.nanoTime() - started) / 1e9,
        context.getExecutionException().isPresent() ? " (FAILED)" : "");
    totals(context).add(line);
    System.out.println(line.strip());
  }
}
