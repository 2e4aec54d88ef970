package dev.steward.coordinator.rollout.journal;

import static dev.steward.coordinator.rollout.journal.JournalTestSupport.FAST;
import static dev.steward.coordinator.rollout.journal.JournalTestSupport.coordinator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.coordinator.rollout.RolloutStore;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cluster whose ZooKeeper does not answer: not deployed yet (apply on fresh hosts), or down. */
class UnreachableZooKeeperTest {

  @TempDir
  Path dir;

  private static String nothingListening() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "127.0.0.1:" + socket.getLocalPort();
    }
  }

  @Test
  void freshHostsHaveNoUnfinishedRolloutAndSayItWithinTheReadTimeout() throws Exception {
    try (RolloutStore store = new RolloutStore(coordinator("h", 1, "sandbox", nothingListening(), dir, FAST))) {
      long start = System.nanoTime();

      assertThat(store.current()).isEmpty();

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST.readTimeout().plusSeconds(1));
    }
  }

  @Test
  void aListeningButSilentZooKeeperAlsoCountsAsNoClusterWithinTheReadTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      String connectString = "127.0.0.1:" + silent.getLocalPort();
      try (RolloutStore store = new RolloutStore(coordinator("h", 1, "sandbox", connectString, dir, FAST))) {
        long start = System.nanoTime();

        assertThat(store.current()).isEmpty();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST.readTimeout().plusSeconds(2));
      }
    }
  }

  @Test
  void aRolloutNeedsZooKeeperForItsLock() throws Exception {
    ZooKeeperJournalSettings settings = new ZooKeeperJournalSettings(Duration.ofSeconds(1), Duration.ofSeconds(1),
        Duration.ofSeconds(6));
    try (RolloutStore store = new RolloutStore(coordinator("h", 1, "lab", nothingListening(), dir, settings))) {
      assertThatThrownBy(store::lock).isInstanceOf(ZooKeeperUnreachableException.class)
          .hasMessageContaining("lives in its ZooKeeper").hasMessageContaining("a rollout needs a serving ensemble");
    }
  }

  @Test
  void statusWithNeitherZooKeeperNorACopySaysSo() throws Exception {
    try (RolloutStore store = new RolloutStore(coordinator("h", 1, "lab", nothingListening(), dir, FAST))) {
      JournalSnapshot snapshot = store.snapshot();

      assertThat(snapshot.source()).isEqualTo(JournalSnapshot.Source.NONE);
      assertThat(snapshot.last()).isEmpty();
      assertThat(snapshot.note()).get().asString().contains("did not answer").contains("no copy");
    }
  }
}
