package dev.steward.coordinator.rollout.journal;

import static dev.steward.coordinator.rollout.journal.JournalTestSupport.FAST;
import static dev.steward.coordinator.rollout.journal.JournalTestSupport.done;
import static dev.steward.coordinator.rollout.journal.JournalTestSupport.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.common.testing.Eventually;
import dev.steward.coordinator.rollout.RolloutState;
import dev.steward.coordinator.rollout.RolloutStore.RolloutLockedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rollout lock and journal in a real (in-JVM) ZooKeeper, coordinators on clients of their own. */
class ZooKeeperRolloutJournalTest {

  @TempDir
  Path dir;

  private TestingServer server;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void startZooKeeper() throws Exception {
    server = new TestingServer(true);
  }

  @AfterEach
  void stopEverything() throws Exception {
    java.util.Collections.reverse(open);
    for (AutoCloseable closeable : open) {
      closeable.close();
    }
    server.close();
  }

  private ZooKeeperRolloutJournal coordinatorOn(String host, String connectString) {
    ZooKeeperRolloutJournal journal = JournalTestSupport.coordinator(host, host.hashCode() & 0xffff, "lab",
        connectString,
        dir.resolve(host), FAST);
    open.add(journal);
    return journal;
  }

  private ZooKeeperRolloutJournal coordinator(String host) {
    return coordinatorOn(host, server.getConnectString());
  }

  /** A plain client, as an operator's zkCli would be: for setting up and inspecting znodes. */
  private CuratorFramework inspector(String connectString) throws InterruptedException {
    CuratorFramework client = CuratorFrameworkFactory.newClient(connectString, new RetryOneTime(100));
    client.start();
    client.blockUntilConnected(10, TimeUnit.SECONDS);
    open.add(client);
    return client;
  }

  @Test
  void twoCoordinatorsRacingForTheLockExactlyOneWinsAndTheOtherIsToldWhoHoldsIt() throws Exception {
    ZooKeeperRolloutJournal a = coordinator("coordinator-a");
    ZooKeeperRolloutJournal b = coordinator("coordinator-b");
    a.current();
    b.current();
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<Object>> attempts = new ArrayList<>();
      for (ZooKeeperRolloutJournal journal : List.of(a, b)) {
        attempts.add(threads.submit((Callable<Object>) () -> {
          start.await();
          try {
            return journal.lock(false);
          } catch (RolloutLockedException e) {
            return e;
          }
        }));
      }
      List<Object> outcomes = List.of(attempts.get(0).get(30, TimeUnit.SECONDS),
          attempts.get(1).get(30, TimeUnit.SECONDS));

      assertThat(outcomes).filteredOn(JournalLock.class::isInstance).hasSize(1);
      assertThat(outcomes).filteredOn(RolloutLockedException.class::isInstance).hasSize(1);
      String winner = outcomes.get(0) instanceof JournalLock ? "coordinator-a" : "coordinator-b";
      RolloutLockedException refused = (RolloutLockedException) outcomes.stream()
          .filter(RolloutLockedException.class::isInstance).findFirst().orElseThrow();
      assertThat(refused.getMessage()).contains("another rollout of this cluster is running")
          .contains("held by " + winner + " (pid " + (winner.hashCode() & 0xffff) + ") since ")
          .contains("--take-over");
      assertThat(refused.holder()).get().extracting(LockHolder::host).isEqualTo(winner);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aHolderThatDiesLeavesItsRolloutRunningWithoutALockAndStatusSaysItsHolderIsGone() throws Exception {
    ZooKeeperRolloutJournal a = coordinator("coordinator-a");
    a.lock(false);
    a.save(running("r1"));

    a.close(); // the coordinator dies: its session ends, and the EPHEMERAL lock with it

    ZooKeeperRolloutJournal b = coordinator("coordinator-b");
    JournalSnapshot snapshot = b.snapshot();
    assertThat(snapshot.source()).isEqualTo(JournalSnapshot.Source.ZOOKEEPER);
    assertThat(snapshot.lockHolder()).isEmpty();
    assertThat(snapshot.last()).get().extracting(RolloutState::status).isEqualTo(RolloutState.RUNNING);
    assertThat(snapshot.recordedHolder()).get().extracting(LockHolder::host).isEqualTo("coordinator-a");
    assertThat(snapshot.holderGone()).isTrue();
    assertThat(JournalStatusText.lockLines(snapshot, "lab.yaml")).containsExactly(
        "rollout r1 is halted: its holder is gone (coordinator-a, pid " + ("coordinator-a".hashCode() & 0xffff)
            + ", since " + java.time.Instant.ofEpochMilli(snapshot.recordedHolder().get().since())
            + "); run `steward rollout resume -i lab.yaml`");
    // and the rollout can be resumed by anyone, without a take-over
    try (JournalLock lock = b.lock(false)) {
      assertThat(lock.tookOverFrom()).isEmpty();
      assertThat(b.current()).get().extracting(RolloutState::id).isEqualTo("r1");
    }
  }

  @Test
  void statusNamesTheHolderOfALockThatIsHeld() throws Exception {
    ZooKeeperRolloutJournal a = coordinator("coordinator-a");
    a.lock(false);
    a.save(running("r1"));

    JournalSnapshot snapshot = coordinator("coordinator-b").snapshot();

    assertThat(snapshot.holderGone()).isFalse();
    assertThat(JournalStatusText.lockLines(snapshot, "lab.yaml")).singleElement().asString()
        .startsWith("lock: held by coordinator-a (pid ").contains(") since ")
        .contains("state directory " + dir.resolve("coordinator-a"));
  }

  @Test
  void anExpiredSessionTakesTheLockAwayAndTheNextSaveFailsLoudlyWritingNothing() throws Exception {
    ZooKeeperRolloutJournal a = coordinator("coordinator-a");
    a.lock(false);
    a.save(running("r1"));
    CuratorFramework client = a.client().orElseThrow();
    CountDownLatch lost = new CountDownLatch(1);
    client.getConnectionStateListenable().addListener((c, state) -> {
      if (state == ConnectionState.LOST) {
        lost.countDown();
      }
    });

    client.getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
    assertThat(lost.await(20, TimeUnit.SECONDS)).isTrue();

    RolloutState next = running("r1").withStep(running("r1").steps().get(0).started("op-1", "why", 7, 99));
    assertThatThrownBy(() -> a.save(next)).isInstanceOf(LockLostException.class)
        .hasMessageContaining("no longer holds the rollout lock of cluster lab")
        .hasMessageContaining("session expired")
        .hasMessageContaining("steward rollout resume -i /etc/steward/lab.yaml");
    ZooKeeperRolloutJournal b = coordinator("coordinator-b");
    assertThat(b.current()).contains(running("r1"));
    // the server drops the expired session's EPHEMERAL lock once the session timeout has passed there too
    Eventually.within(Duration.ofSeconds(30)).every(Duration.ofMillis(200))
        .until("the expired session's lock gone from the server", () -> b.snapshot().holderGone());
  }

  @Test
  void takingOverALiveHolderNamesItAndTheOldHolderCanWriteNoMore() throws Exception {
    ZooKeeperRolloutJournal a = coordinator("coordinator-a");
    JournalLock aLock = a.lock(false);
    a.save(running("r1"));
    ZooKeeperRolloutJournal b = coordinator("coordinator-b");
    assertThatThrownBy(() -> b.lock(false)).isInstanceOf(RolloutLockedException.class);

    JournalLock bLock = b.lock(true);

    assertThat(bLock.tookOverFrom()).get().extracting(LockHolder::host).isEqualTo("coordinator-a");
    RolloutState aNext = running("r1").withStatus(RolloutState.HALTED, "by a", 0);
    assertThatThrownBy(() -> a.save(aNext)).isInstanceOf(LockLostException.class)
        .hasMessageContaining("taken over by coordinator-b");
    RolloutState bNext = running("r1").withStatus(RolloutState.HALTED, "by b", 0);
    b.save(bNext);
    aLock.close(); // the old holder's release must not release the new holder's lock
    JournalSnapshot snapshot = coordinator("coordinator-c").snapshot();
    assertThat(snapshot.lockHolder()).get().extracting(LockHolder::host).isEqualTo("coordinator-b");
    assertThat(snapshot.last()).contains(bNext);
    assertThat(snapshot.recordedHolder()).get().extracting(LockHolder::host).isEqualTo("coordinator-b");
    bLock.close();
    assertThat(coordinator("coordinator-d").snapshot().lockHolder()).isEmpty();
  }

  @Test
  void savingWithoutTheLockIsRefusedAndWritesNothing() throws Exception {
    ZooKeeperRolloutJournal a = coordinator("coordinator-a");

    assertThatThrownBy(() -> a.save(running("r1"))).isInstanceOf(LockLostException.class)
        .hasMessageContaining("without holding its rollout lock");
    try (JournalLock lock = a.lock(false)) {
      a.save(running("r2"));
    }
    assertThatThrownBy(() -> a.save(running("r2"))).isInstanceOf(LockLostException.class);
    assertThat(a.current()).get().extracting(RolloutState::id).isEqualTo("r2");
  }

  @Test
  void aFinishedRolloutMovesToTheHistoryInZooKeeperAndInThisMachinesCopy() throws Exception {
    ZooKeeperRolloutJournal a = coordinator("coordinator-a");
    try (JournalLock lock = a.lock(false)) {
      a.save(running("r1"));
      a.save(done(running("r1")));
    }

    CuratorFramework zk = inspector(server.getConnectString());
    assertThat(zk.checkExists().forPath(ZooKeeperPaths.CURRENT)).isNull();
    assertThat(JournalRecord.decode(zk.getData().forPath("/steward/rollouts/history/r1"), "r1").state().status())
        .isEqualTo(RolloutState.DONE);
    assertThat(a.current()).isEmpty();
    assertThat(a.last()).get().extracting(RolloutState::status).isEqualTo(RolloutState.DONE);
    Path cache = a.cacheDirectory().orElseThrow();
    assertThat(cache.resolve("current.json")).doesNotExist();
    assertThat(cache.resolve("history/r1.json")).exists();
  }

  @Test
  void theHistoryListsTheFinishedRolloutsNewestFirst() throws Exception {
    ZooKeeperRolloutJournal a = coordinator("coordinator-a");
    for (int i = 1; i <= 3; i++) {
      RolloutState state = JournalTestSupport.createdAt(running("r" + i), i * 1000L);
      try (JournalLock lock = a.lock(false)) {
        a.save(state);
        a.save(done(state));
      }
    }

    assertThat(coordinator("coordinator-b").history(2)).extracting(RolloutState::id).containsExactly("r3", "r2");
  }

  @Test
  void theLastRolloutIsTheNewestFinishedOneWhenNoneIsUnfinished() throws Exception {
    ZooKeeperRolloutJournal a = coordinator("coordinator-a");
    for (String id : List.of("r1", "r2", "r3")) {
      try (JournalLock lock = a.lock(false)) {
        a.save(running(id));
        a.save(done(running(id)));
      }
    }

    assertThat(coordinator("coordinator-b").last()).get().extracting(RolloutState::id).isEqualTo("r3");
  }

  @Test
  void thisMachinesCopyIsKeyedByKafkasClusterIdWhenABrokerRegisteredOne() throws Exception {
    inspector(server.getConnectString()).create().creatingParentsIfNeeded()
        .forPath("/cluster/id",
            "{\"version\":\"1\",\"id\":\"Kq3vD0pdT2-xYzAbC1dEfg\"}".getBytes(StandardCharsets.UTF_8));
    ZooKeeperRolloutJournal a = coordinator("coordinator-a");

    try (JournalLock lock = a.lock(false)) {
      a.save(running("r1"));
    }

    Path expected = dir.resolve("coordinator-a/rollouts/lab-Kq3vD0pdT2-xYzAbC1dEfg");
    assertThat(a.cacheDirectory()).contains(expected);
    assertThat(expected.resolve("current.json")).exists();
    assertThat(Files.readString(expected.resolve("cluster.json"))).contains(server.getConnectString());
  }

  @Test
  void aWarmUpFindsThisMachinesCopyAheadOfTheLockAndTheRolloutThenWritesAsBefore() throws Exception {
    inspector(server.getConnectString()).create().creatingParentsIfNeeded()
        .forPath("/cluster/id",
            "{\"version\":\"1\",\"id\":\"Kq3vD0pdT2-xYzAbC1dEfg\"}".getBytes(StandardCharsets.UTF_8));
    ZooKeeperRolloutJournal a = coordinator("coordinator-a");

    a.warmUp();

    Path expected = dir.resolve("coordinator-a/rollouts/lab-Kq3vD0pdT2-xYzAbC1dEfg");
    assertThat(a.cacheDirectory()).contains(expected);
    assertThat(expected.resolve("current.json")).doesNotExist();
    assertThat(inspector(server.getConnectString()).checkExists().forPath(ZooKeeperPaths.CURRENT)).isNull();
    assertThatThrownBy(() -> a.save(running("r1"))).isInstanceOf(LockLostException.class);
    try (JournalLock lock = a.lock(false)) {
      a.save(running("r1"));
    }
    assertThat(expected.resolve("current.json")).exists();
    assertThat(a.current()).get().extracting(RolloutState::id).isEqualTo("r1");
  }

  @Test
  void aWarmUpWithoutAnyZooKeeperIsQuietAndChangesNothing() throws Exception {
    ZooKeeperRolloutJournal a = coordinatorOn("coordinator-a", "127.0.0.1:1");

    a.warmUp();

    assertThat(a.cacheDirectory()).isEmpty();
  }

  @Test
  void withoutKafkasClusterIdStewardCreatesAnIdOnceAndEveryCoordinatorUsesIt() throws Exception {
    ZooKeeperRolloutJournal a = coordinator("coordinator-a");
    try (JournalLock lock = a.lock(false)) {
      a.save(running("r1"));
    }
    ZooKeeperRolloutJournal b = coordinator("coordinator-b");
    try (JournalLock lock = b.lock(false)) {
      b.save(running("r1").withStatus(RolloutState.HALTED, "stopped", 0));
    }

    String id = new String(inspector(server.getConnectString()).getData().forPath("/steward/cluster-id"),
        StandardCharsets.UTF_8);
    assertThat(id).matches("[0-9a-f-]{36}");
    assertThat(a.cacheDirectory()).contains(dir.resolve("coordinator-a/rollouts/lab-" + id));
    assertThat(b.cacheDirectory()).contains(dir.resolve("coordinator-b/rollouts/lab-" + id));
  }

  @Test
  void twoClustersWithTheSameNameShareNeitherLockNorJournalNorCache() throws Exception {
    try (TestingServer other = new TestingServer(true)) {
      // one operator, one state directory, two clusters both called "lab" (every sandbox is "sandbox")
      ZooKeeperRolloutJournal first =
          JournalTestSupport.coordinator("lab", 1, "lab", server.getConnectString(), dir, FAST);
      ZooKeeperRolloutJournal second =
          JournalTestSupport.coordinator("lab", 1, "lab", other.getConnectString(), dir, FAST);
      open.add(first);
      open.add(second);
      first.lock(false);
      first.save(running("r1"));

      assertThat(second.current()).isEmpty();
      assertThat(second.snapshot().lockHolder()).isEmpty();
      try (JournalLock lock = second.lock(false)) {
        second.save(running("r2"));
      }
      assertThat(first.current()).get().extracting(RolloutState::id).isEqualTo("r1");
      assertThat(second.current()).get().extracting(RolloutState::id).isEqualTo("r2");
      assertThat(first.cacheDirectory()).isNotEqualTo(second.cacheDirectory());
      assertThat(first.cacheDirectory().orElseThrow().getParent())
          .isEqualTo(second.cacheDirectory().orElseThrow().getParent());
    }
  }

  @Test
  void statusFallsBackToThisMachinesCopyWhenZooKeeperDoesNotAnswerAndSaysSo() throws Exception {
    String connectString = server.getConnectString();
    ZooKeeperRolloutJournal a = coordinator("coordinator-a");
    try (JournalLock lock = a.lock(false)) {
      a.save(running("r1"));
    }
    a.close();
    server.stop();

    JournalSnapshot snapshot = coordinatorOn("coordinator-a", connectString).snapshot();

    assertThat(snapshot.source()).isEqualTo(JournalSnapshot.Source.LOCAL_CACHE);
    assertThat(snapshot.last()).get().extracting(RolloutState::id).isEqualTo("r1");
    assertThat(snapshot.holderGone()).as("a cache knows nothing of the lock").isFalse();
    assertThat(JournalStatusText.sourceNote(snapshot)).get().asString()
        .contains("ZooKeeper (" + connectString + ") did not answer within 2s")
        .contains("this machine's copy").contains("may be behind");
  }

  @Test
  void aConnectionThatDoesNotComeBackWithinTheSessionTimeoutLosesTheLockAtTheNextSave() throws Exception {
    ZooKeeperRolloutJournal a = coordinator("coordinator-a");
    a.lock(false);
    a.save(running("r1"));

    server.stop();

    long start = System.nanoTime();
    assertThatThrownBy(() -> a.save(running("r1").withStatus(RolloutState.HALTED, "x", 0)))
        .isInstanceOf(LockLostException.class).hasMessageContaining("rollout lock of cluster lab");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(30);
  }
}
