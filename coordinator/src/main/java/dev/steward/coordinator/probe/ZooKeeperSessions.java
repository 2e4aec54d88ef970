package dev.steward.coordinator.probe;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * Opening a ZooKeeper client and waiting for its session, for the plain client and for
 * {@code ZooKeeperAdmin} alike: the constructor returns before any member answered, and a client
 * given up on must be closed, or its thread keeps trying to reconnect.
 */
public final class ZooKeeperSessions {

  /** A client constructor: {@code ZooKeeper::new} or {@code ZooKeeperAdmin::new}. */
  @FunctionalInterface
  public interface Client<Z extends ZooKeeper> {
    Z open(String connectString, int sessionTimeoutMillis, Watcher watcher) throws IOException;
  }

  private ZooKeeperSessions() {
  }

  /** The client, once its session is established; throws if no member answers within {@code timeout}. */
  public static <Z extends ZooKeeper> Z connect(Client<Z> client, String connectString, Duration timeout)
      throws IOException {
    CountDownLatch connected = new CountDownLatch(1);
    Z zk = client.open(connectString, (int) Math.max(6000, timeout.toMillis()), event -> {
      if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
        connected.countDown();
      }
    });
    try {
      if (!connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        closeQuietly(zk);
        throw new IOException("no ZooKeeper member of " + connectString + " answered within " + timeout.toSeconds()
            + "s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(zk);
      throw new IOException("interrupted while connecting to ZooKeeper", e);
    }
    return zk;
  }

  public static void closeQuietly(ZooKeeper zk) {
    try {
      zk.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
