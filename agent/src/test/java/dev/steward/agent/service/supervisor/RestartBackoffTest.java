package dev.steward.agent.service.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {

  @Test
  void delayDoublesFromTheConfiguredDelayUpToAMinute() {
    assertThat(RestartBackoff.delay(1, 2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(RestartBackoff.delay(2, 2)).isEqualTo(Duration.ofSeconds(4));
    assertThat(RestartBackoff.delay(3, 2)).isEqualTo(Duration.ofSeconds(8));
    assertThat(RestartBackoff.delay(10, 2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(RestartBackoff.delay(1000, 2)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void aBrokersDelayDoublesFromItsSessionOutlastingBaseAndCapsAtAMinute() {
    assertThat(RestartBackoff.delay(1, 23)).as("the first restart: the ZooKeeper session has expired")
        .isEqualTo(Duration.ofSeconds(23));
    assertThat(RestartBackoff.delay(2, 23)).isEqualTo(Duration.ofSeconds(46));
    assertThat(RestartBackoff.delay(3, 23)).isEqualTo(Duration.ofSeconds(60));
    assertThat(RestartBackoff.delay(50, 23)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void aDelayAboveTheCapIsNeverShortened() {
    assertThat(RestartBackoff.delay(1, 125)).isEqualTo(Duration.ofSeconds(125));
    assertThat(RestartBackoff.delay(5, 125)).isEqualTo(Duration.ofSeconds(125));
  }

  @Test
  void zeroDelayMeansTheOneSecondMinimum() {
    assertThat(RestartBackoff.delay(1, 0)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aRunOfFiveMinutesStartsTheStreakOver() {
    assertThat(RestartBackoff.nextStreak(4, Duration.ofSeconds(10))).isEqualTo(5);
    assertThat(RestartBackoff.nextStreak(4, Duration.ofMinutes(5))).isEqualTo(1);
  }

  @Test
  void onlyZeroAnd143AreCleanStops() {
    assertThat(ExitClassifier.isCleanStop(0)).isTrue();
    assertThat(ExitClassifier.isCleanStop(143)).isTrue();
    assertThat(ExitClassifier.isCleanStop(137)).isFalse();
    assertThat(ExitClassifier.isCleanStop(1)).isFalse();
    assertThat(ExitClassifier.isCleanAfterOurStop(-1)).isTrue();
  }
}
