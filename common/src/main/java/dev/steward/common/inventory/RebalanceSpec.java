package dev.steward.common.inventory;

/**
 * How {@code steward rebalance} and {@code steward hosts drain} move replicas (docs/scaling.md):
 * the replication throttle, in bytes per second per broker (both {@code leader.} and
 * {@code follower.replication.throttled.rate}), and how many partition reassignments may be in
 * flight at once.
 */
public record RebalanceSpec(long throttle, int maxPartitionsInFlight) {

  /** 10 MiB/s, 5 partitions at a time. */
  public static final RebalanceSpec DEFAULTS = new RebalanceSpec(10L * 1024 * 1024, 5);
}
