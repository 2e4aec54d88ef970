package dev.steward.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.coordinator.rollout.RollingRestart;
import dev.steward.coordinator.rollout.RolloutState;
import dev.steward.coordinator.rollout.journal.JournalLock;
import dev.steward.coordinator.rollout.journal.LockHolder;
import dev.steward.coordinator.rollout.journal.ZooKeeperJournalSettings;
import dev.steward.coordinator.rollout.journal.ZooKeeperRolloutJournal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `steward rollout status` reads the lock and the journal from the cluster's ZooKeeper, so it
 * sees another coordinator's rollout (here: a journal on a client of its own) from anywhere.
 */
class RolloutJournalCliTest {

  private static final long SINCE = 1_767_225_600_000L;

  @TempDir
  Path dir;

  private TestingServer zooKeeper;
  private Path inventory;

  @BeforeEach
  void cluster() throws Exception {
    zooKeeper = new TestingServer(true);
    inventory = dir.resolve("lab.yaml");
    Files.writeString(inventory, """
        cluster: lab
        kafka:
          version: 3.9.1
        zookeeper:
          clientPort: %d
        agent: {tls: false}
        hosts:
          - {name: h1, address: 127.0.0.1, zookeeperId: 1, brokerId: 1}
          - {name: h2, address: 127.0.0.2, zookeeperId: 2, brokerId: 2}
          - {name: h3, address: 127.0.0.3, zookeeperId: 3, brokerId: 3}
        """.formatted(zooKeeper.getPort()));
  }

  @AfterEach
  void stop() throws Exception {
    zooKeeper.close();
  }

  private ZooKeeperRolloutJournal otherCoordinator() {
    return new ZooKeeperRolloutJournal("lab", zooKeeper.getConnectString(), dir.resolve("other-state/rollouts"),
        ZooKeeperJournalSettings.DEFAULTS,
        () -> new LockHolder("ops-laptop", 4242, "/home/ops/.steward", SINCE, "0.9"));
  }

  private static RolloutState running() {
    return new RolloutState("restart-1", "lab", "restart", "/home/ops/lab.yaml", RolloutState.RUNNING,
        RollingRestart.pendingSteps(Map.of("kafka", List.of("h1", "h2", "h3"))), List.of(),
        "RESTART_REASON_KIND_MANUAL", null, null, null, null, null, SINCE, 0);
  }

  private String[] status(String... more) {
    return rollout("status", more);
  }

  private String[] rollout(String command, String... more) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> args = new java.util.ArrayList<>(List.of("rollout", command, "-i", inventory.toString()));
    args.addAll(List.of(more));
    int code = StewardMain.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void statusOfARolloutInFlightNamesTheLocksHolder() throws Exception {
    try (ZooKeeperRolloutJournal other = otherCoordinator(); JournalLock lock = other.lock(false)) {
      other.save(running());

      String[] result = status();

      assertThat(result[0]).as(result[2]).isEqualTo("0");
      assertThat(result[1]).contains("rollout restart-1 (restart): RUNNING")
          .contains("lock: held by ops-laptop (pid 4242) since " + Instant.ofEpochMilli(SINCE)
              + " (Steward 0.9, state directory /home/ops/.steward)")
          .doesNotContain("holder is gone");
    }
  }

  @Test
  void statusOfARunningRolloutWhoseCoordinatorDiedSaysItsHolderIsGoneAndHowToResume() throws Exception {
    try (ZooKeeperRolloutJournal other = otherCoordinator()) {
      other.lock(false);
      other.save(running());
    } // closed without releasing: the coordinator died, its session and its lock went

    String[] text = status();
    String[] json = status("-o", "json");

    assertThat(text[0]).as(text[2]).isEqualTo("0");
    assertThat(text[1]).contains("rollout restart-1 (restart): RUNNING")
        .contains("rollout restart-1 is halted: its holder is gone (ops-laptop, pid 4242, since "
            + Instant.ofEpochMilli(SINCE) + "); run `steward rollout resume -i " + inventory + "`")
        .doesNotContain("lock: held by");
    JsonNode report = new ObjectMapper().readTree(json[1]);
    assertThat(report.get("status").asText()).isEqualTo("running");
    assertThat(report.get("holderGone").asBoolean()).isTrue();
    assertThat(report.get("lock").isNull()).isTrue();
    assertThat(report.at("/holder/host").asText()).isEqualTo("ops-laptop");
    assertThat(report.at("/journal/source").asText()).isEqualTo("zookeeper");
  }

  @Test
  void statusOfAClusterWithoutRolloutsSaysSo() {
    String[] result = status();

    assertThat(result[0]).isEqualTo("0");
    assertThat(result[1]).isEqualTo("no rollout of cluster lab yet" + System.lineSeparator());
  }

  @Test
  void resumeWhileAnotherLiveCoordinatorHoldsTheLockIsRefusedNamingItAndTheWayToTakeOver() throws Exception {
    try (ZooKeeperRolloutJournal other = otherCoordinator(); JournalLock lock = other.lock(false)) {
      other.save(running());

      String[] result = rollout("resume");

      assertThat(result[0]).isEqualTo("1");
      assertThat(result[2]).contains("another rollout of this cluster is running")
          .contains("held by ops-laptop (pid 4242) since " + Instant.ofEpochMilli(SINCE))
          .contains("steward rollout resume --take-over");
    }
  }
}
