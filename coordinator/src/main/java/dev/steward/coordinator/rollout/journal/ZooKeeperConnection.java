package dev.steward.coordinator.rollout.journal;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;

/**
 * The Curator client of one cluster's ZooKeeper, opened on first use. Curator, not the bare
 * client: it retries an operation over a connection loss (a ZooKeeper roll restarts the node
 * it is connected to), reconnects to another node under the same session, and reports
 * SUSPENDED / RECONNECTED / LOST, which is what the lock needs to know whether it still holds.
 */
final class ZooKeeperConnection implements AutoCloseable {

  private final String connectString;
  private final ZooKeeperJournalSettings settings;
  private CuratorFramework client;
  private boolean everConnected;

  ZooKeeperConnection(String connectString, ZooKeeperJournalSettings settings) {
    this.connectString = connectString;
    this.settings = settings;
  }

  String connectString() {
    return connectString;
  }

  /**
   * The connected client, or empty when no ZooKeeper node answered within {@code timeout}. A
   * client that never connected is dropped then, so a cluster deployed later in the same
   * command (apply) gets a fresh one rather than one deep in its reconnect backoff.
   */
  synchronized Optional<CuratorFramework> await(Duration timeout) throws IOException {
    if (client == null) {
      if (!Reachability.anyListening(connectString, timeout)) {
        return Optional.empty();
      }
      client = CuratorFrameworkFactory.builder()
          .connectString(connectString)
          .sessionTimeoutMs((int) settings.sessionTimeout().toMillis())
          .connectionTimeoutMs((int) settings.readTimeout().toMillis())
          // each operation: up to 5 tries over about 5s of backoff, enough to ride out a leader election
          .retryPolicy(new BoundedExponentialBackoffRetry(250, 2000, 4))
          // keep to the inventory's hosts: the ensemble's own config may name addresses (0.0.0.0) we cannot dial
          .ensembleTracker(false)
          .build();
      client.start();
    }
    try {
      if (client.blockUntilConnected((int) Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
        everConnected = true;
        return Optional.of(client);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while connecting to ZooKeeper " + connectString);
    }
    if (!everConnected) {
      // closing a client that never connected can wait out its own timeouts: not on the caller's time
      CuratorFramework abandoned = client;
      Thread closer = new Thread(abandoned::close, "steward-zookeeper-close");
      closer.setDaemon(true);
      closer.start();
      client = null;
    }
    return Optional.empty();
  }

  /** The client as it is now (for a holder waiting on its connection), if one was opened. */
  synchronized Optional<CuratorFramework> client() {
    return Optional.ofNullable(client);
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
