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

  private final Duration pollInterval;
  private final WaitClock clock;

  public Gate(Duration pollInterval) {
    this(pollInterval, WaitClock.system());
  }

  public Gate(Duration pollInterval, WaitClock clock) {
    this.pollInterval = pollInterval;
    this.clock = clock;
  }

  /**
   * @param name what is awaited, for messages ("ZooKeeper quorum")
   * @param observe fetches the current state; exceptions count as "not yet"
   * @param describe renders a state for progress and for the timeout message
   * @return the first state that satisfied the condition
   */
  public <S> S await(String name, Supplier<S> observe, Predicate<S> satisfied, Function<S, String> describe,
      Duration timeout, Progress progress) throws GateTimeoutException, InterruptedException {
    long start = clock.nanoTime();
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
      Duration waited = clock.since(start);
      if (!timeout.isZero() && waited.compareTo(timeout) >= 0) {
        throw new GateTimeoutException(name, last, waited);
      }
      clock.sleep(pollInterval);
    }
  }
}
