package dev.steward.coordinator.agent;

import java.time.Duration;

/**
 * How a {@link Fleet} asks many hosts at once.
 *
 * @param maxConcurrentCalls how many hosts' calls run at the same time
 * @param readDeadline what one host's read may cost, however many RPCs it makes (see {@link Fleet#readEach})
 */
public record FanOutLimits(int maxConcurrentCalls, Duration readDeadline) {

  /**
   * Every call blocks a coordinator thread and holds a call open on its host until it answers, so
   * the cap keeps threads and open calls flat whatever the size of the inventory (the pool was 2
   * threads per host). 32 still asks 50 hosts in two waves of calls that take milliseconds, and up
   * to 32 hosts that never answer cost one deadline together rather than one each.
   */
  public static final int MAX_CONCURRENT_CALLS = 32;

  /**
   * The slowest read an agent serves must fit: preflight runs {@code java -version} (the agent
   * bounds it at 20 s) and probes the peers, 8 at a time with a 2 s connect timeout each. The
   * same bound as each unary RPC's own deadline ({@link AgentClient}), but for the whole host.
   */
  public static final Duration READ_DEADLINE = Duration.ofSeconds(30);

  public static final FanOutLimits DEFAULT = new FanOutLimits(MAX_CONCURRENT_CALLS, READ_DEADLINE);

  public FanOutLimits {
    if (maxConcurrentCalls < 1) {
      throw new IllegalArgumentException("maxConcurrentCalls must be at least 1, not " + maxConcurrentCalls);
    }
    if (readDeadline.isNegative() || readDeadline.isZero()) {
      throw new IllegalArgumentException("readDeadline must be positive, not " + readDeadline);
    }
  }
}
