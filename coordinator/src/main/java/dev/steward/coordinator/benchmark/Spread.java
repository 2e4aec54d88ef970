package dev.steward.coordinator.benchmark;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The fastest, middle and slowest of several timings. */
record Spread(Duration min, Duration median, Duration max) {

  static Spread of(List<Duration> timings) {
    if (timings.isEmpty()) {
      throw new IllegalArgumentException("no timings");
    }
    List<Duration> sorted = timings.stream().sorted().toList();
    int middle = sorted.size() / 2;
    Duration median = sorted.size() % 2 == 1 ? sorted.get(middle)
        : sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2);
    return new Spread(sorted.get(0), median, sorted.get(sorted.size() - 1));
  }

  /** "1.23 s" */
  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.2f s", duration.toNanos() / 1e9);
  }
}
