package dev.steward.coordinator.rollout.journal;

import java.time.Duration;

/**
 * How long the ZooKeeper journal waits, and how long a holder's lock outlives it.
 *
 * @param readTimeout how long a read waits for ZooKeeper before it counts as unreachable (a
 *     cluster not deployed yet, where `apply` must not wait long)
 * @param lockTimeout how long taking the lock waits for ZooKeeper: a rollout needs it
 * @param sessionTimeout the ZooKeeper session's: how long the lock of a coordinator that died
 *     stays, and how long a holder waits for its connection to come back (a ZooKeeper roll
 *     restarts the node it is connected to, and a leader election drops every client) before
 *     it counts the lock as lost. ZooKeeper caps it at 20 ticks (40s with the default tickTime).
 */
public record ZooKeeperJournalSettings(Duration readTimeout, Duration lockTimeout, Duration sessionTimeout) {

  public static final ZooKeeperJournalSettings DEFAULTS =
      new ZooKeeperJournalSettings(Duration.ofSeconds(3), Duration.ofSeconds(15), Duration.ofSeconds(30));
}
