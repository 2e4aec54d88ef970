package dev.steward.coordinator.rollout.journal;

/**
 * The znodes Steward owns in a cluster's ZooKeeper (next to Kafka's own, which it only reads).
 * Everything lives under {@code /steward}, so a cluster's Kafka data is never touched.
 */
final class ZooKeeperPaths {

  static final String ROLLOUTS = "/steward/rollouts";
  /** EPHEMERAL; its data names the holder ({@link LockHolder} JSON). */
  static final String LOCK = ROLLOUTS + "/lock";
  /**
   * PERSISTENT and empty; its version counts lock acquisitions. Every acquisition bumps it in the
   * same transaction that creates the lock, and every journal write checks it: a holder whose
   * lock was taken over (or expired and re-taken) can no longer write, even if it has not
   * noticed yet. A fencing token.
   */
  static final String LOCK_GENERATION = ROLLOUTS + "/lock-generation";
  /** PERSISTENT; the unfinished rollout ({@link JournalRecord} JSON), absent when there is none. */
  static final String CURRENT = ROLLOUTS + "/current";
  /** PERSISTENT children {@code <rollout id>}: finished rollouts. */
  static final String HISTORY = ROLLOUTS + "/history";
  /** The cluster's identity when Kafka has not registered one: a random UUID, created once. */
  static final String STEWARD_CLUSTER_ID = "/steward/cluster-id";
  /** Kafka's cluster id: JSON {@code {"version":"1","id":"..."}}, written by the first broker. */
  static final String KAFKA_CLUSTER_ID = "/cluster/id";

  private ZooKeeperPaths() {
  }

  static String history(String rolloutId) {
    return HISTORY + "/" + rolloutId;
  }
}
