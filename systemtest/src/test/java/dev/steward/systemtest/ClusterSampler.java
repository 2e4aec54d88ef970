package dev.steward.systemtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.ZooKeeper;

/**
 * Watches a cluster from the outside while a rollout runs, every 100 ms: how many brokers
 * are registered and how many ZooKeeper nodes are up (answering on their client port, even
 * while they elect a leader). Its minimums prove "never two down". Serving nodes are not a
 * valid measure: when the leader restarts, every follower stops serving until the election
 * ends, which is why the leader goes last (one election, not one per restart).
 */
final class ClusterSampler implements AutoCloseable {

  private final List<String> zookeeperAddresses;
  private final String connect;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger minRegisteredBrokers = new AtomicInteger(Integer.MAX_VALUE);
  private final AtomicInteger minRunningZooKeeper = new AtomicInteger(Integer.MAX_VALUE);
  private final Thread thread;
  private ZooKeeper zk;

  ClusterSampler(String prefix) throws IOException, InterruptedException {
    this(List.of(prefix + ".1", prefix + ".2", prefix + ".3"));
  }

  /** @param zookeeperAddresses the ensemble's addresses (client port 2181) */
  ClusterSampler(List<String> zookeeperAddresses) throws IOException, InterruptedException {
    this.zookeeperAddresses = List.copyOf(zookeeperAddresses);
    this.connect = String.join(",", zookeeperAddresses.stream().map(a -> a + ":2181").toList());
    this.zk = connect();
    this.thread = new Thread(this::sample, "cluster-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private ZooKeeper connect() throws IOException, InterruptedException {
    CountDownLatch connected = new CountDownLatch(1);
    ZooKeeper client = new ZooKeeper(connect, 30_000, event -> {
      if (event.getState() == org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected) {
        connected.countDown();
      }
    });
    connected.await(30, TimeUnit.SECONDS);
    return client;
  }

  private void sample() {
    while (running.get()) {
      try {
        int brokers = zk.getChildren("/brokers/ids", false).size();
        minRegisteredBrokers.accumulateAndGet(brokers, Math::min);
      } catch (Exception e) {
        // a ZooKeeper restart moves the session to another node; the next sample tells
      }
      int running = 0;
      for (String address : zookeeperAddresses) {
        running += answers(address) ? 1 : 0;
      }
      minRunningZooKeeper.accumulateAndGet(running, Math::min);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The node's process is up: it answers "srvr" (with its mode, or "not currently serving"). */
  private static boolean answers(String address) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, 2181), 500);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("srvr".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      return !answer.isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  int minRegisteredBrokers() {
    return minRegisteredBrokers.get();
  }

  int minRunningZooKeeper() {
    return minRunningZooKeeper.get();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(5000);
    zk.close();
  }
}
