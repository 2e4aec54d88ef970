package dev.steward.coordinator.rollout.journal;

import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.StateDirectory;
import dev.steward.coordinator.rollout.RolloutState;
import dev.steward.coordinator.rollout.RolloutStore.RolloutLockedException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster's rollout journal and lock in the cluster's own ZooKeeper (layout:
 * {@link ZooKeeperPaths}), so every coordinator on every machine sees the same lock and the same
 * unfinished rollout, and a coordinator that dies takes its lock with it (the lock node is
 * EPHEMERAL: it goes when the session expires). Every write is also copied to this machine
 * ({@link LocalCache}), for `rollout status` when ZooKeeper does not answer.
 *
 * <p>No ZooKeeper answering means no cluster yet (apply on fresh hosts): reads then find no
 * unfinished rollout, quickly. Taking the lock, and so every rollout, requires ZooKeeper.
 */
public final class ZooKeeperRolloutJournal implements RolloutJournal {

  private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperRolloutJournal.class);

  private final String cluster;
  private final ZooKeeperConnection connection;
  private final LocalCache cache;
  private final ZooKeeperJournalSettings settings;
  private final Supplier<LockHolder> holders;
  private ZooKeeperLock lock;
  private LocalRolloutJournal cacheJournal;

  public ZooKeeperRolloutJournal(String cluster, String connectString, Path rolloutsRoot,
      ZooKeeperJournalSettings settings, Supplier<LockHolder> holders) {
    this.cluster = cluster;
    this.connection = new ZooKeeperConnection(connectString, settings);
    this.cache = new LocalCache(rolloutsRoot, cluster, connectString);
    this.settings = settings;
    this.holders = holders;
  }

  /** The journal of the inventory's cluster, cached under $STEWARD_STATE_DIR/rollouts. */
  public static ZooKeeperRolloutJournal forInventory(Inventory inventory) {
    return new ZooKeeperRolloutJournal(inventory.cluster(), inventory.zookeeperConnect(),
        StateDirectory.root().resolve("rollouts"), ZooKeeperJournalSettings.DEFAULTS,
        () -> LockHolder.thisProcess(Clock.systemUTC()));
  }

  /** Empty as well when ZooKeeper does not answer within the read timeout: no cluster, no rollout. */
  @Override
  public synchronized Optional<RolloutState> current() throws IOException {
    Optional<CuratorFramework> client = connection.await(settings.readTimeout());
    if (client.isEmpty()) {
      return Optional.empty();
    }
    try {
      return readRecord(client.get(), ZooKeeperPaths.CURRENT).map(JournalRecord::state);
    } catch (Exception e) {
      throw failure("reading the unfinished rollout", e);
    }
  }

  @Override
  public synchronized Optional<RolloutState> last() throws IOException {
    return snapshot().last();
  }

  @Override
  public synchronized JournalSnapshot snapshot() throws IOException {
    Optional<CuratorFramework> client = connection.await(settings.readTimeout());
    if (client.isEmpty()) {
      return fromCache();
    }
    try {
      return fromZooKeeper(client.get());
    } catch (Exception e) {
      throw failure("reading the rollout journal", e);
    }
  }

  /**
   * Connects, reads the journal once, encodes this coordinator's lock record once (the JSON
   * classes the lock needs) and finds this machine's copy (the cluster's identity, the marker
   * file): cold, the lock and the first write paid for all of it in a new JVM. A ZooKeeper that
   * does not answer is left to the lock to report.
   */
  @Override
  public synchronized void warmUp() throws IOException {
    Optional<CuratorFramework> client = connection.await(settings.readTimeout());
    if (client.isEmpty()) {
      return;
    }
    try {
      readRecord(client.get(), ZooKeeperPaths.CURRENT);
      JournalRecord.encodeHolder(holders.get());
      cacheJournal(client.get());
    } catch (Exception e) {
      throw failure("reading the rollout journal", e);
    }
  }

  @Override
  public synchronized JournalLock lock(boolean takeOver) throws IOException, RolloutLockedException {
    if (lock != null) {
      throw new IllegalStateException("this coordinator already holds the rollout lock of cluster " + cluster);
    }
    CuratorFramework client = connection.await(settings.lockTimeout()).orElseThrow(() ->
        new ZooKeeperUnreachableException("the rollout lock of cluster " + cluster + " lives in its ZooKeeper ("
            + connection.connectString() + "), and no node of it answered within " + settings.lockTimeout().toSeconds()
            + "s: a rollout needs a serving ensemble (see `steward status`)"));
    try {
      ZooKeeperLock taken = ZooKeeperLock.acquire(client, holders.get(), takeOver, this::refusal, this::released);
      lock = taken;
      return taken;
    } catch (RolloutLockedException e) {
      throw e;
    } catch (Exception e) {
      throw failure("taking the rollout lock", e);
    }
  }

  /**
   * Writes the state under the lock, then to the local cache. Without the lock, or with a lock
   * that is no longer this coordinator's, nothing is written and this fails: the rollout stops
   * (it is resumable from the last entry that did land).
   */
  @Override
  public synchronized void save(RolloutState state) throws IOException {
    if (lock == null) {
      throw new LockLostException("refusing to write the rollout journal of cluster " + cluster
          + " without holding its rollout lock");
    }
    try {
      writeUnderLock(state, new JournalRecord(state, Optional.of(lock.holder())).encode());
    } catch (LockLostException e) {
      throw new LockLostException("this coordinator no longer holds the rollout lock of cluster " + cluster + ": "
          + e.getMessage() + ". Rollout " + state.id() + " was not journaled further and stops here; it is "
          + "resumable: run `steward rollout resume -i " + state.inventory() + "`");
    } catch (Exception e) {
      throw failure("writing rollout " + state.id(), e);
    }
    writeThroughCache(state);
  }

  /**
   * Curator retries a write over a connection loss for a few seconds; a leader election can take
   * longer. Then the write waits for the connection (up to the session timeout, after which the
   * lock is lost anyway) and is tried again: it lands once, whichever try commits it.
   */
  private void writeUnderLock(RolloutState state, byte[] data) throws Exception {
    for (int attempt = 1; ; attempt++) {
      lock.requireHeld(settings.sessionTimeout());
      try {
        lock.write(state, data);
        return;
      } catch (KeeperException.ConnectionLossException | KeeperException.OperationTimeoutException e) {
        if (attempt == 3) {
          throw new LockLostException("it could not reach ZooKeeper to write (" + e.getMessage() + ")");
        }
      } catch (KeeperException.SessionExpiredException | KeeperException.SessionMovedException e) {
        throw new LockLostException("its ZooKeeper session expired while it wrote (" + e.getMessage() + ")");
      }
    }
  }

  @Override
  public synchronized void close() {
    connection.close();
  }

  /** The Curator client, once opened: for tests that expire its session or watch its state. */
  Optional<CuratorFramework> client() {
    return connection.client();
  }

  private synchronized void released() {
    lock = null;
  }

  private String refusal(LockHolder holder) {
    String hint = holder.isDeadProcessOnThisHost()
        ? " That process no longer runs on this machine: its lock goes with its ZooKeeper session within "
            + settings.sessionTimeout().toSeconds() + "s; wait, or take over now"
        : " If that coordinator is gone, its lock goes with its ZooKeeper session (within "
            + settings.sessionTimeout().toSeconds() + "s); to take the rollout away from a live one";
    return "another rollout of this cluster is running: the rollout lock of cluster " + cluster + " is held by "
        + holder.describe() + " (Steward " + holder.version() + ", state directory " + holder.stateDirectory()
        + "); one rollout at a time." + hint + " with `steward rollout resume --take-over`";
  }

  private JournalSnapshot fromZooKeeper(CuratorFramework client) throws Exception {
    // Lock, then journal, then lock again: a rollout that finishes or starts between the reads
    // must not look like one whose holder is gone.
    for (int attempt = 0; ; attempt++) {
      Stat lockBefore = client.checkExists().forPath(ZooKeeperPaths.LOCK);
      Optional<JournalRecord> current = readRecord(client, ZooKeeperPaths.CURRENT);
      Optional<LockHolder> holder = readHolder(client);
      Stat lockAfter = client.checkExists().forPath(ZooKeeperPaths.LOCK);
      boolean stable = lockBefore == null ? lockAfter == null
          : lockAfter != null && lockBefore.getCzxid() == lockAfter.getCzxid();
      if (!stable && attempt < 3) {
        continue;
      }
      Optional<JournalRecord> last = current.isPresent() ? current : newestHistory(client);
      return new JournalSnapshot(JournalSnapshot.Source.ZOOKEEPER, connection.connectString(),
          last.map(JournalRecord::state), holder, last.flatMap(JournalRecord::holder), Optional.empty());
    }
  }

  private JournalSnapshot fromCache() throws IOException {
    String unreachable = "ZooKeeper (" + connection.connectString() + ") did not answer within "
        + settings.readTimeout().toSeconds() + "s";
    Optional<LocalRolloutJournal> cached = cache.newest();
    if (cached.isEmpty()) {
      return new JournalSnapshot(JournalSnapshot.Source.NONE, connection.connectString(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.of(unreachable + ", and this machine has no copy of the "
              + "rollout journal of cluster " + cluster));
    }
    Path dir = cached.get().directory();
    return new JournalSnapshot(JournalSnapshot.Source.LOCAL_CACHE, dir.toString(), cached.get().last(),
        Optional.empty(), Optional.empty(), Optional.of(unreachable + ": showing this machine's copy of the "
            + "rollout journal (" + dir + "), which may be behind the cluster's"));
  }

  /** The history in ZooKeeper; when it does not answer, this machine's copy. */
  @Override
  public synchronized List<RolloutState> history(int limit) throws IOException {
    Optional<CuratorFramework> client = connection.await(settings.readTimeout());
    if (client.isEmpty()) {
      Optional<LocalRolloutJournal> cached = cache.newest();
      return cached.isPresent() ? cached.get().history(limit) : List.of();
    }
    try {
      List<String> ids;
      try {
        ids = client.get().getChildren().forPath(ZooKeeperPaths.HISTORY);
      } catch (KeeperException.NoNodeException e) {
        return List.of();
      }
      List<RolloutState> states = new java.util.ArrayList<>();
      for (String id : ids) {
        readRecord(client.get(), ZooKeeperPaths.history(id)).ifPresent(r -> states.add(r.state()));
      }
      return LocalRolloutJournal.newestFirst(states, limit);
    } catch (Exception e) {
      throw new IOException("reading the rollout history from ZooKeeper: " + e.getMessage(), e);
    }
  }

  private Optional<JournalRecord> newestHistory(CuratorFramework client) throws Exception {
    List<String> ids;
    try {
      ids = client.getChildren().forPath(ZooKeeperPaths.HISTORY);
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    }
    // History entries are written once: the newest is the one created last.
    String newest = null;
    long newestCreated = Long.MIN_VALUE;
    for (String id : ids) {
      Stat stat = client.checkExists().forPath(ZooKeeperPaths.history(id));
      if (stat != null && stat.getCzxid() > newestCreated) {
        newest = ZooKeeperPaths.history(id);
        newestCreated = stat.getCzxid();
      }
    }
    return newest == null ? Optional.empty() : readRecord(client, newest);
  }

  private static Optional<JournalRecord> readRecord(CuratorFramework client, String path) throws Exception {
    try {
      return Optional.of(JournalRecord.decode(client.getData().forPath(path), path));
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    }
  }

  private static Optional<LockHolder> readHolder(CuratorFramework client) throws Exception {
    try {
      return Optional.of(JournalRecord.decodeHolder(client.getData().forPath(ZooKeeperPaths.LOCK)));
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    }
  }

  /** A copy for `rollout status` without ZooKeeper; losing it costs nothing the cluster's journal does not have. */
  private void writeThroughCache(RolloutState state) {
    try {
      cacheJournal(connection.client().orElseThrow()).save(state);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.warn("could not copy rollout {} to this machine's cache: {}", state.id(), e.toString());
    }
  }

  /** This machine's copy of the cluster's journal, found once by the cluster's identity. */
  private LocalRolloutJournal cacheJournal(CuratorFramework client) throws Exception {
    if (cacheJournal == null) {
      cacheJournal = cache.forClusterId(ClusterIdentity.resolve(client));
    }
    return cacheJournal;
  }

  private IOException failure(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    if (e instanceof IOException io) {
      return io;
    }
    // the message carries the cause's text: the CLI prints the innermost cause's message only
    return new IOException(what + " in ZooKeeper (" + connection.connectString() + ") of cluster " + cluster + ": "
        + Objects.toString(e.getMessage(), e.getClass().getSimpleName()));
  }

  /** Which directory this journal copies to, once known: for tests. */
  Optional<Path> cacheDirectory() {
    return Optional.ofNullable(cacheJournal).map(LocalRolloutJournal::directory);
  }
}
