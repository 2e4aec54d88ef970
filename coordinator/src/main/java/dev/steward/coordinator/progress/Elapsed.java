package dev.steward.coordinator.progress;

import java.time.Duration;

/** Durations the way people read them: "850ms", "12.3s", "4m05s". */
public final class Elapsed {

  private Elapsed() {
  }

  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis < 60_000) {
      return String.format("%.1fs", millis / 1000.0);
    }
    return String.format("%dm%02ds", millis / 60_000, (millis / 1000) % 60);
  }
}
