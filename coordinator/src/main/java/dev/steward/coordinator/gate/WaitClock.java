package dev.steward.coordinator.gate;

import java.time.Duration;

/**
 * The time waits are measured and spent in: a monotonic reading (a wall clock can jump, and a
 * wait must not end early because NTP stepped it) and a sleep between polls. One seam for both,
 * so a test's simulated time moves exactly as far as the waits sleep, and no test waits for real.
 */
public interface WaitClock {

  /** Monotonic nanoseconds, only meaningful as a difference. */
  long nanoTime();

  void sleep(Duration duration) throws InterruptedException;

  /** How long since {@code startNanos}, a reading of {@link #nanoTime()}. */
  default Duration since(long startNanos) {
    return Duration.ofNanos(nanoTime() - startNanos);
  }

  static WaitClock system() {
    return new WaitClock() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
      }
    };
  }
}
