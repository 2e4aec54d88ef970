package dev.steward.systemtest;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/** Reads the lab's ZooKeeper from this machine (a coordinator address: its firewall lets us in). */
final class ZooKeeperReads {

  static final String CONNECT = "10.77.0.11:2181,10.77.0.12:2181,10.77.0.13:2181";

  private ZooKeeperReads() {
  }

  /**
   * The transaction id that created broker {@code id}'s registration ({@code /brokers/ids/<id>}),
   * or -1 when it is not registered. A broker killed by SIGKILL keeps its registration until its
   * session expires; a new one (a higher id) proves the new process registered.
   */
  static long brokerRegistration(int id) throws Exception {
    return brokerRegistration(CONNECT, id);
  }

  /** The same, on the ensemble at {@code connect} (e.g. a sandbox's). */
  static long brokerRegistration(String connect, int id) throws Exception {
    CountDownLatch connected = new CountDownLatch(1);
    ZooKeeper zk = new ZooKeeper(connect, 30_000, event -> {
      if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
        connected.countDown();
      }
    });
    try {
      if (!connected.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("cannot connect to ZooKeeper at " + connect);
      }
      Stat stat = zk.exists("/brokers/ids/" + id, false);
      return stat == null ? -1 : stat.getCzxid();
    } finally {
      zk.close();
    }
  }
}
