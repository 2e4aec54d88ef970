package dev.steward.common.testing;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The one way tests wait for something that happens in its own time (a process, a file, a cluster): poll
 * until it holds, or fail when the timeout has passed with an {@link AssertionError} that names what was
 * awaited and what was last seen. No fixed sleeps.
 *
 * <pre>{@code
 * Eventually.within(Duration.ofSeconds(30)).until("the broker to run", () -> markers().contains(pid));
 * JsonNode status = Eventually.within(Duration.ofMinutes(3)).every(Duration.ofSeconds(1))
 *     .until("the cluster healthy", () -> status(), s -> s.at("/cluster/healthy").asBoolean());
 * }</pre>
 *
 * <p>The condition is tried at once, then every interval, and one last time at the deadline. A condition
 * that throws (an exception or an {@link AssertionError}) counts as not holding yet and is tried again; the
 * last such throwable is named in the failure and is its cause. Interruption ends the wait at once.
 */
public final class Eventually {

  /** How often the condition is tried unless {@link #every(Duration)} says otherwise. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(50);

  /** A condition about the world that may throw while the world is not ready yet. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /** Reads a value from the world; may throw while the world is not ready yet. */
  @FunctionalInterface
  public interface Probe<T> {
    T get() throws Exception;
  }

  private final Duration timeout;
  private final Duration interval;

  private Eventually(Duration timeout, Duration interval) {
    this.timeout = requireNotNegative(timeout, "timeout");
    this.interval = requireNotNegative(interval, "interval");
  }

  /** A wait of at most {@code timeout}, trying every {@link #DEFAULT_INTERVAL}. */
  public static Eventually within(Duration timeout) {
    return new Eventually(timeout, DEFAULT_INTERVAL);
  }

  /** The same wait, trying every {@code interval}. */
  public Eventually every(Duration interval) {
    return new Eventually(timeout, interval);
  }

  /** Returns as soon as {@code condition} holds; fails naming {@code what} once the timeout has passed. */
  public void until(String what, Condition condition) {
    Objects.requireNonNull(condition, "condition");
    poll(what, condition::holds, Boolean::booleanValue, false);
  }

  /**
   * Returns the first value of {@code probe} that {@code done} accepts; fails naming {@code what} and the last
   * value read once the timeout has passed.
   */
  public <T> T until(String what, Probe<T> probe, Predicate<? super T> done) {
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(done, "done");
    return poll(what, probe, done, true);
  }

  private <T> T poll(String what, Probe<T> probe, Predicate<? super T> done, boolean showValue) {
    Objects.requireNonNull(what, "what");
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean read = false;
    T last = null;
    Throwable failure = null;
    while (true) {
      try {
        T value = probe.get();
        if (done.test(value)) {
          return value;
        }
        read = true;
        last = value;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what, e);
      } catch (Exception | AssertionError e) {
        failure = e;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        StringBuilder message = new StringBuilder("timed out after ").append(describe(timeout))
            .append(" waiting for: ").append(what);
        if (showValue && read) {
          message.append("; last value: ").append(last);
        }
        if (failure != null) {
          message.append("; last exception: ").append(failure);
        }
        throw new AssertionError(message.toString(), failure);
      }
      try {
        Thread.sleep(Duration.ofNanos(Math.min(interval.toNanos(), left)).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what, e);
      }
    }
  }

  /** {@code 30s}, {@code 3m}, {@code 1m30s}, {@code 0.5s}. */
  static String describe(Duration duration) {
    return duration.toString().substring(2).toLowerCase(Locale.ROOT);
  }

  private static Duration requireNotNegative(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " is negative: " + duration);
    }
    return duration;
  }
}
