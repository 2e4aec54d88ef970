package dev.steward.coordinator.gate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Time that passes only when the code under test sleeps (or the test says so): timeouts of
 * minutes run in microseconds. Its wall clock moves with it, so journal timestamps and "started
 * after" comparisons stay consistent with the waits.
 */
public final class SimulatedTime implements WaitClock {

  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  private long nanos;
  private final List<Duration> sleeps = new ArrayList<>();
  private Runnable onSleep = () -> { };

  /** Runs on every sleep, after time moved: what the world does in one poll interval. */
  public SimulatedTime onSleep(Runnable action) {
    this.onSleep = action;
    return this;
  }

  @Override
  public long nanoTime() {
    return nanos;
  }

  /** Like a real sleep, ends in an interrupt when the thread is interrupted (a test's timeout). */
  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted while sleeping in simulated time");
    }
    sleeps.add(duration);
    advance(duration);
    onSleep.run();
  }

  public void advance(Duration duration) {
    nanos += duration.toNanos();
  }

  /** Every sleep so far. */
  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  /** How much simulated time has passed. */
  public Duration elapsed() {
    return Duration.ofNanos(nanos);
  }

  /** A wall clock that reads this time. */
  public Clock wallClock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return START.plusNanos(nanos);
      }
    };
  }
}
