package dev.steward.coordinator.rollout.journal;

import dev.steward.coordinator.rollout.RolloutState;
import dev.steward.coordinator.rollout.RolloutStore.RolloutLockedException;
import java.io.IOException;
import java.util.Optional;

/**
 * Where a cluster's rollout journal and lock are kept: the cluster's own ZooKeeper
 * ({@link ZooKeeperRolloutJournal}) or a directory ({@link LocalRolloutJournal}: tests, and the
 * ZooKeeper journal's local cache). {@code RolloutStore} is the face the rest of the code sees.
 */
public interface RolloutJournal extends AutoCloseable {

  /** The unfinished rollout, if any. */
  Optional<RolloutState> current() throws IOException;

  /** Journals the state durably before the caller acts on it; a finished one moves to the history. */
  void save(RolloutState state) throws IOException;

  /** The unfinished rollout, or else the most recently finished one. */
  Optional<RolloutState> last() throws IOException;

  /**
   * Takes the lock, or with {@code takeOver} takes it away from a live holder.
   *
   * @throws RolloutLockedException when someone else holds it (and {@code takeOver} is false)
   */
  JournalLock lock(boolean takeOver) throws IOException, RolloutLockedException;

  /**
   * The finished rollouts, newest first, at most {@code limit} (the console's rollouts page).
   * Empty when the journal cannot be read.
   */
  java.util.List<RolloutState> history(int limit) throws IOException;

  /** Everything `rollout status` shows. */
  JournalSnapshot snapshot() throws IOException;

  /**
   * Opens ahead of time what taking the lock and the first write need, so a rollout does not wait
   * for it (docs/benchmarks.md). The rollout reads nothing from it: the lock and the journal are
   * still taken and read as before.
   */
  default void warmUp() throws IOException {
  }

  @Override
  void close();
}
