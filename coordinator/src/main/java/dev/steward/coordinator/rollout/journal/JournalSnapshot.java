package dev.steward.coordinator.rollout.journal;

import dev.steward.coordinator.rollout.RolloutState;
import java.util.Optional;

/**
 * What `rollout status` shows: the current (or last) rollout, who holds the lock now, who wrote
 * the rollout's latest entry, and where all that was read from.
 *
 * @param location the ZooKeeper connect string or the directory read
 * @param lockHolder the live holder of the lock, if any
 * @param recordedHolder the coordinator that wrote {@code last}'s latest entry, if recorded
 * @param note what the reader should know about the source (a cache read because ZooKeeper did
 *     not answer), if anything
 */
public record JournalSnapshot(Source source, String location, Optional<RolloutState> last,
    Optional<LockHolder> lockHolder, Optional<LockHolder> recordedHolder, Optional<String> note) {

  /** Where the snapshot comes from. */
  public enum Source {
    /** The cluster's own ZooKeeper: the journal of record. */
    ZOOKEEPER,
    /** A journal on this machine's disk (no ZooKeeper involved). */
    LOCAL_DISK,
    /** This machine's copy of the cluster's journal, read because ZooKeeper did not answer: it may be behind. */
    LOCAL_CACHE,
    /** Nothing could be read. */
    NONE
  }

  /**
   * The journal says a rollout is running but nobody holds the lock: its coordinator died (its
   * ZooKeeper session, and with it the lock, went away) without writing "halted". Only an
   * authoritative source can tell; a cache knows nothing of the lock.
   */
  public boolean holderGone() {
    return (source == Source.ZOOKEEPER || source == Source.LOCAL_DISK) && lockHolder.isEmpty()
        && last.map(s -> RolloutState.RUNNING.equals(s.status())).orElse(false);
  }
}
