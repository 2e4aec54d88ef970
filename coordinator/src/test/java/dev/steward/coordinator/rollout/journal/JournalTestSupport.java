package dev.steward.coordinator.rollout.journal;

import dev.steward.coordinator.rollout.RollingRestart;
import dev.steward.coordinator.rollout.RolloutState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Journals and rollouts for the journal tests: short timeouts, holders with names of their own. */
final class JournalTestSupport {

  static final ZooKeeperJournalSettings FAST =
      new ZooKeeperJournalSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(6));

  private JournalTestSupport() {
  }

  /** A coordinator called {@code host}, on its own Curator client, caching under {@code stateDir}. */
  static ZooKeeperRolloutJournal coordinator(String host, long pid, String cluster, String connectString,
      Path stateDir, ZooKeeperJournalSettings settings) {
    return new ZooKeeperRolloutJournal(cluster, connectString, stateDir.resolve("rollouts"), settings,
        () -> new LockHolder(host, pid, stateDir.toString(), System.currentTimeMillis(), "test"));
  }

  static RolloutState running(String id) {
    return new RolloutState(id, "lab", "restart", "/etc/steward/lab.yaml", RolloutState.RUNNING,
        RollingRestart.pendingSteps(Map.of("zookeeper", List.of("h1", "h2", "h3"))), List.of(),
        "RESTART_REASON_KIND_MANUAL", null, null, null, null, null, 1, 0);
  }

  static RolloutState createdAt(RolloutState s, long millis) {
    return new RolloutState(s.id(), s.cluster(), s.kind(), s.inventory(), s.status(), s.steps(), s.acceptedTopics(),
        s.reason(), s.targetVersion(), s.pinnedProtocol(), s.targetArtifact(), s.targetSha512(), s.haltReason(), millis,
        s.finishedAtMillis());
  }

  static RolloutState done(RolloutState state) {
    return state.withStatus(RolloutState.DONE, null, System.currentTimeMillis());
  }
}
