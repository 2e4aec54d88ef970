package dev.steward.coordinator.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

class ZooKeeperReaderTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void readsRegistrationsAndTheController() throws Exception {
    try (TestingServer server = new TestingServer(true);
        ZooKeeperReader reader = ZooKeeperReader.connect(server.getConnectString(), TIMEOUT)) {
      assertEquals(Set.of(), reader.registeredBrokers());
      ZooKeeper writer = ZooKeeperSessions.connect(ZooKeeper::new, server.getConnectString(), TIMEOUT);
      try {
        writer.create("/brokers", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        writer.create("/brokers/ids", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        writer.create("/brokers/ids/2", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        writer.create("/controller", "{\"version\":2,\"brokerid\":2}".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE,
            CreateMode.PERSISTENT);
      } finally {
        writer.close();
      }
      assertEquals(Set.of(2), reader.registeredBrokers());
      assertEquals(2, reader.controller().getAsInt());
      assertTrue(reader.registrationId(2).isPresent());
      assertFalse(reader.registrationId(3).isPresent());
    }
  }

  /** What lets LiveCluster open a new session instead of waiting out the old one's reconnect pause. */
  @Test
  void aSessionWhoseServerWentAwayIsNotConnected() throws Exception {
    try (TestingServer server = new TestingServer(true);
        ZooKeeperReader reader = ZooKeeperReader.connect(server.getConnectString(), TIMEOUT)) {
      assertTrue(reader.connected());
      server.stop();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (reader.connected() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertFalse(reader.connected());
    }
  }
}
