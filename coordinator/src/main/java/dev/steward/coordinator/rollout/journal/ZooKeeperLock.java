package dev.steward.coordinator.rollout.journal;

import static dev.steward.coordinator.rollout.journal.ZooKeeperPaths.CURRENT;
import static dev.steward.coordinator.rollout.journal.ZooKeeperPaths.LOCK;
import static dev.steward.coordinator.rollout.journal.ZooKeeperPaths.LOCK_GENERATION;

import dev.steward.coordinator.rollout.RolloutState;
import dev.steward.coordinator.rollout.RolloutStore.RolloutLockedException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The rollout lock in ZooKeeper, held: an EPHEMERAL {@link ZooKeeperPaths#LOCK} naming this
 * coordinator, created in one transaction with a bump of {@link ZooKeeperPaths#LOCK_GENERATION}.
 * Every journal write goes through {@link #write} and carries both as conditions, so a write
 * lands only while this very acquisition still holds: not after the session expired, not after
 * a take-over, even one this coordinator has not heard of yet.
 *
 * <p>The connection may drop while the lock is held: a ZooKeeper roll restarts the node the
 * coordinator is connected to, and a leader election drops every client. Curator then reports
 * SUSPENDED and reconnects to another node under the same session, which keeps the ephemeral
 * lock. So SUSPENDED alone does not end the lock; a write waits (up to the session timeout)
 * for the connection to come back. LOST (the session expired), a new session, or a connection
 * that does not come back does end it, and the next write fails loudly instead of landing.
 */
final class ZooKeeperLock implements JournalLock, ConnectionStateListener {

  private static final String NEW_SESSION =
      "its ZooKeeper session expired (the client runs under a new session now, which does not hold the lock)";

  private final CuratorFramework client;
  private final LockHolder holder;
  private final long sessionId;
  private final int generation;
  private final Optional<LockHolder> tookOverFrom;
  private final Runnable onRelease;
  private volatile String lostBecause;
  /** The version of {@link ZooKeeperPaths#CURRENT} as this holder last wrote it; -1 when there is none. */
  private int currentVersion;
  private boolean released;

  private ZooKeeperLock(CuratorFramework client, LockHolder holder, long sessionId, int generation,
      Optional<LockHolder> tookOverFrom, int currentVersion, Runnable onRelease) {
    this.client = client;
    this.holder = holder;
    this.sessionId = sessionId;
    this.generation = generation;
    this.tookOverFrom = tookOverFrom;
    this.currentVersion = currentVersion;
    this.onRelease = onRelease;
  }

  /**
   * Creates the lock node (atomic: of two coordinators exactly one succeeds), or with
   * {@code takeOver} replaces a live holder's node in the same transaction.
   *
   * @param refusal the message naming a holder that keeps the lock
   */
  static ZooKeeperLock acquire(CuratorFramework client, LockHolder self, boolean takeOver,
      java.util.function.Function<LockHolder, String> refusal, Runnable onRelease)
      throws Exception {
    ensurePersistent(client, ZooKeeperPaths.HISTORY);
    ensurePersistent(client, LOCK_GENERATION);
    byte[] data = JournalRecord.encodeHolder(self);
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        List<CuratorTransactionResult> results = client.transaction().forOperations(
            client.transactionOp().create().withMode(CreateMode.EPHEMERAL).forPath(LOCK, data),
            client.transactionOp().setData().forPath(LOCK_GENERATION, new byte[0]));
        return held(client, self, results.get(1).getResultStat().getVersion(), Optional.empty(), onRelease);
      } catch (KeeperException.NodeExistsException e) {
        Stat stat = new Stat();
        byte[] other;
        try {
          other = client.getData().storingStatIn(stat).forPath(LOCK);
        } catch (KeeperException.NoNodeException released) {
          continue;
        }
        if (stat.getEphemeralOwner() == sessionId(client)) {
          // our own create landed before a connection loss, and Curator's retry found it
          return held(client, self, client.checkExists().forPath(LOCK_GENERATION).getVersion(), Optional.empty(),
              onRelease);
        }
        LockHolder previous = JournalRecord.decodeHolder(other);
        if (!takeOver) {
          throw new RolloutLockedException(refusal.apply(previous), Optional.of(previous));
        }
        try {
          List<CuratorTransactionResult> results = client.transaction().forOperations(
              client.transactionOp().delete().withVersion(stat.getVersion()).forPath(LOCK),
              client.transactionOp().create().withMode(CreateMode.EPHEMERAL).forPath(LOCK, data),
              client.transactionOp().setData().forPath(LOCK_GENERATION, new byte[0]));
          return held(client, self, results.get(2).getResultStat().getVersion(), Optional.of(previous), onRelease);
        } catch (KeeperException.NoNodeException | KeeperException.BadVersionException
            | KeeperException.NodeExistsException changedHands) {
          // the lock was released or changed hands while we looked: look again
        }
      }
    }
    throw new RolloutLockedException("the rollout lock kept changing hands while this coordinator tried to take it; "
        + "try again", Optional.empty());
  }

  private static ZooKeeperLock held(CuratorFramework client, LockHolder self, int generation,
      Optional<LockHolder> tookOverFrom, Runnable onRelease) throws Exception {
    // the session that created the node owns it: compared with the client's session before each write
    Stat lock = client.checkExists().forPath(LOCK);
    Stat current = client.checkExists().forPath(CURRENT);
    ZooKeeperLock held = new ZooKeeperLock(client, self, lock == null ? 0 : lock.getEphemeralOwner(), generation,
        tookOverFrom, current == null ? -1 : current.getVersion(), onRelease);
    client.getConnectionStateListenable().addListener(held);
    if (lock == null || lock.getEphemeralOwner() != sessionId(client)) {
      held.lostBecause = "its ZooKeeper session ended while the lock was being taken";
    }
    return held;
  }

  LockHolder holder() {
    return holder;
  }

  @Override
  public Optional<LockHolder> tookOverFrom() {
    return tookOverFrom;
  }

  @Override
  public void stateChanged(CuratorFramework changed, ConnectionState state) {
    if (state == ConnectionState.LOST) {
      lostBecause = "its ZooKeeper session expired (the connection was lost for longer than the session timeout)";
    } else if (state == ConnectionState.RECONNECTED) {
      try {
        if (sessionId(changed) != sessionId) {
          lostBecause = NEW_SESSION;
        }
      } catch (Exception e) {
        lostBecause = "its ZooKeeper session could not be confirmed after a reconnect: " + e;
      }
    }
  }

  /**
   * Throws unless this acquisition still holds: the session alive and connected (waiting up to
   * {@code reconnectWait} for a dropped connection to come back).
   */
  void requireHeld(Duration reconnectWait) throws Exception {
    if (lostBecause == null && !client.getZookeeperClient().isConnected()
        && !client.blockUntilConnected((int) reconnectWait.toMillis(), TimeUnit.MILLISECONDS)) {
      lostBecause = "its connection to ZooKeeper did not come back within " + reconnectWait.toSeconds() + "s";
    }
    if (lostBecause == null && sessionId(client) != sessionId) {
      lostBecause = NEW_SESSION;
    }
    if (lostBecause != null) {
      throw new LockLostException(lostBecause);
    }
  }

  /**
   * Writes {@code state} as the current rollout (or, finished, moves it to the history), on the
   * condition that this acquisition still holds the lock.
   *
   * @throws LockLostException when the condition failed: someone else holds the lock now
   */
  void write(RolloutState state, byte[] data) throws Exception {
    CuratorOp checkLock = client.transactionOp().check().withVersion(0).forPath(LOCK);
    CuratorOp checkGeneration = client.transactionOp().check().withVersion(generation).forPath(LOCK_GENERATION);
    try {
      if (!state.finished()) {
        CuratorOp write = currentVersion < 0
            ? client.transactionOp().create().withMode(CreateMode.PERSISTENT).forPath(CURRENT, data)
            : client.transactionOp().setData().withVersion(currentVersion).forPath(CURRENT, data);
        List<CuratorTransactionResult> results = client.transaction().forOperations(checkLock, checkGeneration, write);
        Stat written = results.get(2).getResultStat();
        currentVersion = currentVersion < 0 || written == null ? 0 : written.getVersion();
      } else {
        CuratorOp history = client.transactionOp().create().withMode(CreateMode.PERSISTENT)
            .forPath(ZooKeeperPaths.history(state.id()), data);
        if (currentVersion < 0) {
          client.transaction().forOperations(checkLock, checkGeneration, history);
        } else {
          client.transaction().forOperations(checkLock, checkGeneration, history,
              client.transactionOp().delete().withVersion(currentVersion).forPath(CURRENT));
        }
        currentVersion = -1;
      }
    } catch (KeeperException.BadVersionException | KeeperException.NoNodeException
        | KeeperException.NodeExistsException e) {
      if (!landed(state, data)) {
        throw new LockLostException(whoHoldsNow());
      }
    }
  }

  /**
   * After a refused write: whether it landed after all. Curator retries an operation over a
   * connection loss, and a retried transaction fails its own version conditions when the first
   * try did commit.
   */
  private boolean landed(RolloutState state, byte[] data) throws Exception {
    Stat lock = client.checkExists().forPath(LOCK);
    Stat generationNow = client.checkExists().forPath(LOCK_GENERATION);
    if (lock == null || lock.getEphemeralOwner() != sessionId || generationNow == null
        || generationNow.getVersion() != generation) {
      return false;
    }
    if (state.finished()) {
      boolean moved = client.checkExists().forPath(ZooKeeperPaths.history(state.id())) != null
          && client.checkExists().forPath(CURRENT) == null;
      if (moved) {
        currentVersion = -1;
      }
      return moved;
    }
    Stat stat = new Stat();
    try {
      byte[] stored = client.getData().storingStatIn(stat).forPath(CURRENT);
      if (Arrays.equals(stored, data)) {
        currentVersion = stat.getVersion();
        return true;
      }
    } catch (KeeperException.NoNodeException e) {
      // not there: it did not land
    }
    return false;
  }

  private String whoHoldsNow() throws Exception {
    try {
      Stat stat = new Stat();
      LockHolder now = JournalRecord.decodeHolder(client.getData().storingStatIn(stat).forPath(LOCK));
      if (stat.getEphemeralOwner() == sessionId) {
        // still ours: the entry itself was changed without the lock (by hand?); never overwrite that blindly
        return "the journal entry " + CURRENT + " was changed by someone not holding the lock; it was not overwritten";
      }
      lostBecause = "the lock was taken over by " + now.describe();
    } catch (KeeperException.NoNodeException e) {
      lostBecause = "the lock is gone (its ZooKeeper session ended)";
    }
    return lostBecause;
  }

  /** Releases the lock if this acquisition still holds it; never someone else's. */
  @Override
  public synchronized void close() {
    if (released) {
      return;
    }
    released = true;
    client.getConnectionStateListenable().removeListener(this);
    onRelease.run();
    if (lostBecause != null) {
      return;
    }
    try {
      client.transaction().forOperations(
          client.transactionOp().check().withVersion(generation).forPath(LOCK_GENERATION),
          client.transactionOp().delete().withVersion(0).forPath(LOCK));
    } catch (Exception e) {
      // Not ours any more, or ZooKeeper unreachable: then the node goes with the session when the journal closes.
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static long sessionId(CuratorFramework client) throws Exception {
    return client.getZookeeperClient().getZooKeeper().getSessionId();
  }

  private static void ensurePersistent(CuratorFramework client, String path) throws Exception {
    try {
      client.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT).forPath(path, new byte[0]);
    } catch (KeeperException.NodeExistsException e) {
      // there already
    }
  }
}
