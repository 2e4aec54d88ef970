package dev.steward.coordinator.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.coordinator.progress.Progress;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GateTest {

  private final SimulatedTime time = new SimulatedTime();
  private final Gate gate = new Gate(Duration.ofMillis(250), time);

  @Test
  void returnsTheFirstStateThatSatisfiesTheCondition() throws Exception {
    Iterator<Integer> states = List.of(1, 2, 3, 4).iterator();

    int reached = gate.await("counter", states::next, s -> s >= 3, String::valueOf, Duration.ofSeconds(10), Progress.silent());

    assertThat(reached).isEqualTo(3);
    assertThat(time.sleeps()).hasSize(2).allMatch(d -> d.equals(Duration.ofMillis(250)));
  }

  @Test
  void timesOutWithTheLastObservedState() {
    assertThatThrownBy(() -> gate.await("quorum", () -> "h1=down", s -> false, s -> s, Duration.ofSeconds(1),
        Progress.silent()))
        .isInstanceOf(GateTimeoutException.class)
        .hasMessageContaining("quorum")
        .hasMessageContaining("h1=down");
  }

  @Test
  void observationErrorsCountAsNotYet() throws Exception {
    Iterator<Integer> states = List.of(0, 1).iterator();

    int reached = gate.await("flaky", () -> {
      int next = states.next();
      if (next == 0) {
        throw new IllegalStateException("connection refused");
      }
      return next;
    }, s -> s == 1, String::valueOf, Duration.ofSeconds(10), Progress.silent());

    assertThat(reached).isEqualTo(1);
  }

  @Test
  void zeroTimeoutKeepsWaitingPastAnyDeadline() throws Exception {
    AtomicLong polls = new AtomicLong();

    long reached = gate.await("patient", polls::incrementAndGet, n -> n >= 10_000, String::valueOf, Duration.ZERO,
        Progress.silent());

    assertThat(reached).isEqualTo(10_000);
    assertThat(time.elapsed()).isGreaterThan(Duration.ofMinutes(30));
  }
}
