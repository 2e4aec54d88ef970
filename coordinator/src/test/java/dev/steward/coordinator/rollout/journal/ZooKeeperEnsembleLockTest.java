package dev.steward.coordinator.rollout.journal;

import static dev.steward.coordinator.rollout.journal.JournalTestSupport.running;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.coordinator.rollout.RolloutState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock on a three-node ensemble, the way a rollout sees it: rolling ZooKeeper restarts the
 * node the coordinator is connected to, and the lock must outlive that.
 */
class ZooKeeperEnsembleLockTest {

  @TempDir
  Path dir;

  @Test
  void theLockOutlivesTheRestartOfTheZooKeeperNodeItsHolderIsConnectedTo() throws Exception {
    try (TestingCluster ensemble = new TestingCluster(3)) {
      ensemble.start();
      ZooKeeperJournalSettings settings = new ZooKeeperJournalSettings(Duration.ofSeconds(5), Duration.ofSeconds(20),
          Duration.ofSeconds(20));
      try (ZooKeeperRolloutJournal holder = JournalTestSupport.coordinator("coordinator-a", 1, "lab",
          ensemble.getConnectString(), dir.resolve("a"), settings);
           ZooKeeperRolloutJournal observer = JournalTestSupport.coordinator("coordinator-b", 2, "lab",
               ensemble.getConnectString(), dir.resolve("b"), settings)) {
        JournalLock lock = holder.lock(false);
        holder.save(running("r1"));
        CuratorFramework client = holder.client().orElseThrow();
        CountDownLatch reconnected = new CountDownLatch(1);
        client.getConnectionStateListenable().addListener((c, state) -> {
          if (state == ConnectionState.RECONNECTED) {
            reconnected.countDown();
          }
        });
        InstanceSpec connectedTo = ensemble.findConnectionInstance(client.getZookeeperClient().getZooKeeper());

        ensemble.killServer(connectedTo);
        RolloutState next = running("r1").withStep(running("r1").steps().get(0).started("op-1", "why", -1, 5));
        holder.save(next); // waits for the connection to come back under the same session, then lands

        assertThat(reconnected.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(observer.current()).contains(next);
        assertThat(observer.snapshot().lockHolder()).get().extracting(LockHolder::host).isEqualTo("coordinator-a");
        ensemble.restartServer(connectedTo);
        lock.close();
        assertThat(observer.snapshot().lockHolder()).isEmpty();
      }
    }
  }
}
