package dev.steward.coordinator.progress;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A live block at the bottom of the terminal: the current phase and one line per host with
 * its step and how long it has been on it, redrawn in place. Finished phases and notes
 * scroll above it as ordinary lines.
 */
final class TerminalProgress implements Progress {

  private static final String CLEAR_LINE = "\u001b[2K\r";

  private final PrintWriter out;
  private final long startNanos = System.nanoTime();
  private final Map<String, Step> hosts = new LinkedHashMap<>();
  private final ScheduledExecutorService ticker;
  private String phase = "";
  private long phaseStartNanos = System.nanoTime();
  private int drawnLines;

  TerminalProgress(PrintWriter out) {
    this.out = out;
    this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "progress");
      thread.setDaemon(true);
      return thread;
    });
    ticker.scheduleAtFixedRate(this::redraw, 200, 200, TimeUnit.MILLISECONDS);
  }

  private record Step(String text, long sinceNanos) {
  }

  @Override
  public synchronized void phase(String name) {
    phase = name;
    phaseStartNanos = System.nanoTime();
    hosts.clear();
    redraw();
  }

  @Override
  public synchronized void step(String host, String text) {
    hosts.put(host, new Step(text, System.nanoTime()));
    redraw();
  }

  @Override
  public synchronized void info(String text) {
    scrollLine("  " + text);
  }

  @Override
  public synchronized void warn(String text) {
    scrollLine("  \u001b[33mWARNING\u001b[0m " + text);
  }

  @Override
  public synchronized void phaseDone(String name, Duration took) {
    hosts.clear();
    phase = "";
    scrollLine("\u001b[32m✓\u001b[0m " + name + " (" + Elapsed.format(took) + ")");
  }

  @Override
  public synchronized void close() {
    ticker.shutdownNow();
    erase();
    out.flush();
  }

  private void scrollLine(String text) {
    erase();
    out.println(text);
    draw();
  }

  private synchronized void redraw() {
    erase();
    draw();
  }

  private void erase() {
    for (int i = 0; i < drawnLines; i++) {
      out.print("\u001b[1A" + CLEAR_LINE);
    }
    drawnLines = 0;
  }

  private void draw() {
    if (phase.isEmpty()) {
      out.flush();
      return;
    }
    long now = System.nanoTime();
    out.println(CLEAR_LINE + "\u001b[1m" + phase + "\u001b[0m  " + Elapsed.format(Duration.ofNanos(now - phaseStartNanos))
        + "  (total " + Elapsed.format(Duration.ofNanos(now - startNanos)) + ")");
    drawnLines = 1;
    for (Map.Entry<String, Step> entry : hosts.entrySet()) {
      out.printf("%s  %-12s %-60s %s%n", CLEAR_LINE, entry.getKey(), entry.getValue().text(),
          Elapsed.format(Duration.ofNanos(now - entry.getValue().sinceNanos())));
      drawnLines++;
    }
    out.flush();
  }
}
