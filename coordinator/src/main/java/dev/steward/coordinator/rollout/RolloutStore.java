package dev.steward.coordinator.rollout;

import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.rollout.journal.JournalLock;
import dev.steward.coordinator.rollout.journal.JournalSnapshot;
import dev.steward.coordinator.rollout.journal.LocalRolloutJournal;
import dev.steward.coordinator.rollout.journal.LockHolder;
import dev.steward.coordinator.rollout.journal.RolloutJournal;
import dev.steward.coordinator.rollout.journal.ZooKeeperRolloutJournal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The rollout journal and lock of one cluster, as the rest of the coordinator sees them,
 * whichever {@link RolloutJournal} keeps them: the cluster's own ZooKeeper in production
 * ({@link #forInventory}), a directory in tests ({@link #RolloutStore(Path)}). See
 * docs/rollouts.md, "Where the lock and the journal live".
 */
public final class RolloutStore implements AutoCloseable {

  private final RolloutJournal journal;

  public RolloutStore(RolloutJournal journal) {
    this.journal = journal;
  }

  /** A journal and lock in a directory of this machine only (tests; no ZooKeeper). */
  public RolloutStore(Path dir) {
    this(new LocalRolloutJournal(dir));
  }

  /**
   * The inventory's cluster's journal and lock, in its ZooKeeper ({@code inventory.zookeeperConnect()}),
   * copied to {@code $STEWARD_STATE_DIR/rollouts/<cluster>-<cluster id>}. Nothing connects until first use.
   */
  public static RolloutStore forInventory(Inventory inventory) {
    return new RolloutStore(ZooKeeperRolloutJournal.forInventory(inventory));
  }

  /** The unfinished rollout, if any (none when the cluster's ZooKeeper does not answer: no cluster yet). */
  public Optional<RolloutState> current() throws IOException {
    return journal.current();
  }

  /**
   * Journals the state durably before the caller acts on it; a finished rollout moves to the
   * history. The ZooKeeper journal writes only under this coordinator's lock, and fails
   * otherwise (the rollout stops, resumable).
   */
  public void save(RolloutState state) throws IOException {
    journal.save(state);
  }

  /** The unfinished rollout, or else the most recently finished one. */
  public Optional<RolloutState> last() throws IOException {
    return journal.last();
  }

  /** The finished rollouts, newest first, at most {@code limit}. */
  public java.util.List<RolloutState> history(int limit) throws IOException {
    return journal.history(limit);
  }

  /** What `rollout status` shows: the last rollout, the lock's holder, where it was read. */
  public JournalSnapshot snapshot() throws IOException {
    return journal.snapshot();
  }

  /**
   * Takes the cluster's rollout lock for this process.
   *
   * @throws RolloutLockedException when another live coordinator holds it
   */
  public Lock lock() throws IOException, RolloutLockedException {
    return lock(false);
  }

  /**
   * Takes the lock; with {@code takeOver}, also away from a live holder (who can then no longer
   * write the journal). {@link Lock#tookOverFrom()} names that holder.
   */
  public Lock lock(boolean takeOver) throws IOException, RolloutLockedException {
    return new Lock(journal.lock(takeOver));
  }

  /** {@code lock(true)}. */
  public Lock takeOver() throws IOException, RolloutLockedException {
    return lock(true);
  }

  /** Opens ahead of time what taking the lock and the first write need (see {@link RolloutJournal#warmUp}). */
  public void warmUp() throws IOException {
    journal.warmUp();
  }

  /** Closes the connection to where the journal lives (a held lock goes with it). */
  @Override
  public void close() {
    journal.close();
  }

  /** Held while a rollout runs; released on close. */
  public static final class Lock implements AutoCloseable {
    private final JournalLock held;

    Lock(JournalLock held) {
      this.held = held;
    }

    /** The holder the lock was taken over from, if it was. */
    public Optional<LockHolder> tookOverFrom() {
      return held.tookOverFrom();
    }

    @Override
    public void close() throws IOException {
      held.close();
    }
  }

  /** The cluster is already being rolled by another coordinator. */
  public static final class RolloutLockedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Optional<LockHolder> holder;

    public RolloutLockedException(String message) {
      this(message, Optional.empty());
    }

    public RolloutLockedException(String message, Optional<LockHolder> holder) {
      super(message);
      this.holder = holder;
    }

    /** Who holds the lock, when known. */
    public Optional<LockHolder> holder() {
      return holder == null ? Optional.empty() : holder;
    }
  }
}
