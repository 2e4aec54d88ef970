package dev.steward.coordinator.progress;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * Where long-running commands report what they are doing. On a terminal it is a live view
 * (host, step, elapsed); otherwise plain timestamped lines, one per event, for logs and CI.
 */
public interface Progress extends AutoCloseable {

  /** A new phase starts (e.g. "zookeeper"). */
  void phase(String name);

  /** What one host is doing now. */
  void step(String host, String text);

  /** A cluster-wide note (e.g. a gate's current state). */
  void info(String text);

  void warn(String text);

  void phaseDone(String name, Duration took);

  @Override
  void close();

  /** A live view when {@code out} is an interactive terminal, plain lines otherwise. */
  static Progress to(PrintWriter out, boolean interactive) {
    return interactive ? new TerminalProgress(out) : new LineProgress(out);
  }

  /** True when stdout is a terminal a person is watching. */
  static boolean isInteractiveTerminal() {
    String term = System.getenv("TERM");
    return System.console() != null && term != null && !term.equals("dumb");
  }

  /** Reports nothing (JSON output, tests). */
  static Progress silent() {
    return new Progress() {
      @Override
      public void phase(String name) {
      }

      @Override
      public void step(String host, String text) {
      }

      @Override
      public void info(String text) {
      }

      @Override
      public void warn(String text) {
      }

      @Override
      public void phaseDone(String name, Duration took) {
      }

      @Override
      public void close() {
      }
    };
  }
}
