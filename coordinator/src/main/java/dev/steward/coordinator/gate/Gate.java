package dev.steward.coordinator.gate;

import dev.steward.coordinator.Errors;
import dev.steward.coordinator.progress.Progress;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits until a condition over freshly observed state holds. Observation is a short poll
 * (the probes are cheap local questions), so readiness is seen within one poll interval of
 * the change rather than after a fixed sleep. A zero timeout waits forever.
 */
public final class Gate {

  /** Sleeps between polls; a seam so tests run without real time passing. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final Duration pollInterval;
  private final Sleeper sleeper;
  private final Supplier<Long> nanoClock;

  public Gate(Duration pollInterval) {
    this(pollInterval, d -> Thread.sleep(d.toMillis()), System::nanoTime);
  }

  public Gate(Duration pollInterval, Sleeper sleeper, Supplier<Long> nanoClock) {
    this.pollInterval = pollInterval;
    this.sleeper = sleeper;
    this.nanoClock = nanoClock;
  }

  /**
   * @param name what is awaited, for messages ("ZooKeeper quorum")
   * @param observe fetches the current state; exceptions count as "not yet"
   * @param describe renders a state for progress and for the timeout message
   * @return the first state that satisfied the condition
   */
  public <S> S await(String name, Supplier<S> observe, Predicate<S> satisfied, Function<S, String> describe,
      Duration timeout, Progress progress) throws GateTimeoutException, InterruptedException {
    long start = nanoClock.get();
    String last = "nothing observed yet";
    String reported = "";
    while (true) {
      try {
        S state = observe.get();
        if (satisfied.test(state)) {
          return state;
        }
        last = describe.apply(state);
      } catch (RuntimeException e) {
        last = Errors.rootMessage(e);
      }
      if (!last.equals(reported)) {
        progress.info(name + ": " + last);
        reported = last;
      }
      Duration waited = Duration.ofNanos(nanoClock.get() - start);
      if (!timeout.isZero() && waited.compareTo(timeout) >= 0) {
        throw new GateTimeoutException(name, last, waited);
      }
      sleeper.sleep(pollInterval);
    }
  }
}
