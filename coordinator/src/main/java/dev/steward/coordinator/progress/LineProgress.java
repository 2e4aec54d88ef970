package dev.steward.coordinator.progress;

import java.io.PrintWriter;
import java.time.Duration;

/** One line per event, prefixed with the seconds since the command started. */
final class LineProgress implements Progress {

  private final PrintWriter out;
  private final long startNanos = System.nanoTime();

  LineProgress(PrintWriter out) {
    this.out = out;
  }

  @Override
  public synchronized void phase(String name) {
    line("== " + name);
  }

  @Override
  public synchronized void step(String host, String text) {
    line(host + ": " + text);
  }

  @Override
  public synchronized void info(String text) {
    line(text);
  }

  @Override
  public synchronized void warn(String text) {
    line("WARNING: " + text);
  }

  @Override
  public synchronized void phaseDone(String name, Duration took) {
    line("== " + name + " done in " + Elapsed.format(took));
  }

  @Override
  public void close() {
    out.flush();
  }

  private void line(String text) {
    out.printf("[%7s] %s%n", Elapsed.format(Duration.ofNanos(System.nanoTime() - startNanos)), text);
    out.flush();
  }
}
