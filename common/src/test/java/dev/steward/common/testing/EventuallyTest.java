package dev.steward.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventuallyTest {

  private static final Duration SHORT = Duration.ofMillis(200);
  private static final Duration LONG = Duration.ofSeconds(30);

  @Test
  void aConditionThatNeverHoldsTimesOutNamingWhatWasAwaited() {
    AtomicInteger tries = new AtomicInteger();
    long start = System.nanoTime();

    assertThatThrownBy(() -> Eventually.within(SHORT).every(Duration.ofMillis(20)).until("the moon to rise", () -> {
      tries.incrementAndGet();
      return false;
    })).isInstanceOf(AssertionError.class).hasMessage("timed out after 0.2s waiting for: the moon to rise")
        .hasNoCause();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(SHORT);
    assertThat(tries.get()).as("tried at once, every interval and at the deadline").isGreaterThan(2);
  }

  @Test
  void aValueThatNeverFitsTimesOutNamingTheLastValueRead() {
    AtomicInteger reads = new AtomicInteger();

    assertThatThrownBy(() -> Eventually.within(SHORT).until("three brokers", reads::incrementAndGet, n -> n < 0))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("timed out after 0.2s waiting for: three brokers; last value: ")
        .hasMessageEndingWith("last value: " + reads.get());
  }

  @Test
  void returnsAsSoonAsTheConditionHolds() {
    AtomicInteger tries = new AtomicInteger();
    long start = System.nanoTime();

    Eventually.within(LONG).every(Duration.ofMillis(10)).until("the third try", () -> tries.incrementAndGet() == 3);

    assertThat(tries.get()).isEqualTo(3);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aConditionThatAlreadyHoldsIsTriedOnceWithoutWaiting() {
    AtomicInteger tries = new AtomicInteger();
    long start = System.nanoTime();

    Eventually.within(LONG).every(Duration.ofHours(1)).until("already there", () -> tries.incrementAndGet() > 0);

    assertThat(tries.get()).isEqualTo(1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void returnsTheFirstValueThePredicateAccepts() {
    AtomicInteger reads = new AtomicInteger();

    int value = Eventually.within(LONG).every(Duration.ofMillis(10)).until("a value above 4", reads::incrementAndGet,
        n -> n > 4);

    assertThat(value).isEqualTo(5);
    assertThat(reads.get()).isEqualTo(5);
  }

  @Test
  void aConditionThatThrowsIsTriedAgainUntilItHolds() {
    AtomicInteger tries = new AtomicInteger();

    Eventually.within(LONG).every(Duration.ofMillis(10)).until("the port to open", () -> {
      int n = tries.incrementAndGet();
      if (n == 1) {
        throw new IOException("connection refused");
      }
      if (n == 2) {
        throw new AssertionError("not yet");
      }
      return n == 4;
    });

    assertThat(tries.get()).isEqualTo(4);
  }

  @Test
  void aConditionThatKeepsThrowingFailsWithItsLastException() {
    AtomicInteger tries = new AtomicInteger();

    Throwable failure = catchThrowable(() -> Eventually.within(SHORT)
        .every(Duration.ofMillis(20)).until("the agent to answer", () -> {
          throw new IOException("refused #" + tries.incrementAndGet());
        }));

    assertThat(failure).isInstanceOf(AssertionError.class)
        .hasMessage("timed out after 0.2s waiting for: the agent to answer; last exception: java.io.IOException: "
            + "refused #" + tries.get())
        .cause().isInstanceOf(IOException.class).hasMessage("refused #" + tries.get());
  }

  @Test
  void aProbeThatThrowsNamesBothItsLastValueAndItsLastException() {
    AtomicInteger reads = new AtomicInteger();

    assertThatThrownBy(() -> Eventually.within(SHORT).every(Duration.ofMillis(20)).until("a healthy status", () -> {
      if (reads.incrementAndGet() == 1) {
        return "unhealthy";
      }
      throw new IllegalStateException("status unreadable");
    }, "healthy"::equals)).isInstanceOf(AssertionError.class)
        .hasMessage("timed out after 0.2s waiting for: a healthy status; last value: unhealthy; last exception: "
            + "java.lang.IllegalStateException: status unreadable");
  }

  @Test
  void anInterruptEndsTheWaitAndStaysSet() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> Eventually.within(LONG).until("something", () -> false))
          .isInstanceOf(AssertionError.class).hasMessage("interrupted waiting for: something");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void timeoutsReadLikeTheTestsWriteThem() {
    assertThat(Eventually.describe(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(Eventually.describe(Duration.ofMinutes(3))).isEqualTo("3m");
    assertThat(Eventually.describe(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Eventually.describe(Duration.ofMillis(500))).isEqualTo("0.5s");
  }

  @Test
  void aNegativeTimeoutOrIntervalIsAMistake() {
    assertThatThrownBy(() -> Eventually.within(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Eventually.within(LONG).every(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
