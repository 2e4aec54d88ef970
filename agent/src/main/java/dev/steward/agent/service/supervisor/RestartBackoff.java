package dev.steward.agent.service.supervisor;

import java.time.Duration;

/**
 * When to restart a crashed service: exponential backoff from the definition's restart
 * delay (at least 1 s) up to 60 s, so a service that cannot start does not spin; a process
 * that ran for 5 minutes counts as healthy and starts the streak over. A restart delay above
 * 60 s is never shortened: it is what the service needs (a broker's outlasts its ZooKeeper
 * session, and one of 60 s or more is possible), so backing off then stays at it. Pure.
 */
public final class RestartBackoff {

  static final Duration MINIMUM_DELAY = Duration.ofSeconds(1);
  static final Duration MAXIMUM_DELAY = Duration.ofSeconds(60);
  static final Duration HEALTHY_RUN = Duration.ofMinutes(5);

  private RestartBackoff() {
  }

  /**
   * @param consecutiveCrashes crashes in the current streak, this one included (>= 1)
   * @param restartDelaySeconds the definition's restart_delay_seconds (0: the minimum)
   */
  public static Duration delay(int consecutiveCrashes, int restartDelaySeconds) {
    Duration base = Duration.ofSeconds(Math.max(restartDelaySeconds, MINIMUM_DELAY.toSeconds()));
    int doublings = Math.max(0, Math.min(consecutiveCrashes - 1, 16));
    Duration delay = base.multipliedBy(1L << doublings);
    Duration ceiling = base.compareTo(MAXIMUM_DELAY) > 0 ? base : MAXIMUM_DELAY;
    return delay.compareTo(ceiling) > 0 ? ceiling : delay;
  }

  /** The streak to count this crash in, given the previous streak and how long the process ran. */
  public static int nextStreak(int previousStreak, Duration ranFor) {
    return ranFor.compareTo(HEALTHY_RUN) >= 0 ? 1 : previousStreak + 1;
  }
}
