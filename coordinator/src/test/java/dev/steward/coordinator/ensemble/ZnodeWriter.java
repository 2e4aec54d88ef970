package dev.steward.coordinator.ensemble;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Writes numbered znodes one after another and remembers each one ZooKeeper acknowledged. A write
 * whose answer was lost is retried under the same name, and "already exists" then counts as
 * acknowledged: names never repeat, so nothing can be duplicated, only lost.
 */
final class ZnodeWriter implements AutoCloseable {

  private final ZooKeeper client;
  private final Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private volatile boolean stopping;

  private ZnodeWriter(ZooKeeper client) {
    this.client = client;
    this.thread = new Thread(this::writeUntilStopped, "znode-writer");
    thread.setDaemon(true);
  }

  static ZnodeWriter start(String connectString) throws Exception {
    CountDownLatch connected = new CountDownLatch(1);
    ZooKeeper client = new ZooKeeper(connectString, 15_000, event -> {
      if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
        connected.countDown();
      }
    });
    if (!connected.await(30, TimeUnit.SECONDS)) {
      throw new IOException("writer could not connect");
    }
    client.create("/load", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    ZnodeWriter writer = new ZnodeWriter(client);
    writer.thread.start();
    return writer;
  }

  private void writeUntilStopped() {
    for (int n = 0; !stopping; n++) {
      String path = String.format("/load/%08d", n);
      boolean retried = false;
      while (!stopping) {
        try {
          client.create(path, path.getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
              CreateMode.PERSISTENT);
          acknowledged.add(path);
          break;
        } catch (KeeperException.NodeExistsException e) {
          if (!retried) {
            throw new IllegalStateException(path + " existed before it was first written");
          }
          acknowledged.add(path);
          break;
        } catch (KeeperException | InterruptedException e) {
          retried = true;
          sleep(50);
        }
      }
      sleep(5);
    }
  }

  void stopAndAwait() throws InterruptedException {
    stopping = true;
    thread.join(30_000);
  }

  int acknowledged() {
    return acknowledged.size();
  }

  /** Acknowledged writes that the ensemble no longer has. */
  List<String> missing() throws Exception {
    client.sync("/load", (rc, p, ctx) -> { }, null);
    Set<String> present = new HashSet<>();
    for (String child : client.getChildren("/load", false)) {
      present.add("/load/" + child);
    }
    List<String> missing = new ArrayList<>(acknowledged);
    missing.removeAll(present);
    return missing;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws Exception {
    stopping = true;
    client.close();
  }
}
