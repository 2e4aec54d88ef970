package dev.steward.coordinator.connect;

import static dev.steward.coordinator.connect.Snapshots.allRunning;
import static dev.steward.coordinator.connect.Snapshots.connector;
import static dev.steward.coordinator.connect.Snapshots.down;
import static dev.steward.coordinator.connect.Snapshots.snapshot;
import static dev.steward.coordinator.connect.Snapshots.starting;
import static dev.steward.coordinator.connect.Snapshots.task;
import static dev.steward.coordinator.connect.Snapshots.up;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectReadinessTest {

  private static final Set<String> RUNNING_BEFORE = allRunning().runningUnits();

  @Test
  void readyWhenTheWorkerIsBackAndEverythingRunsAgain() {
    assertThat(ConnectReadiness.ready(allRunning(), "h2", RUNNING_BEFORE)).isTrue();
    assertThat(ConnectReadiness.describe(allRunning(), "h2", RUNNING_BEFORE)).startsWith("worker h2 ready");
  }

  @Test
  void notReadyWhileTheRestartedWorkerIsStillStarting() {
    ConnectClusterSnapshot h2Starting = snapshot(List.of(up("h1"), starting("h2"), up("h3")),
        allRunning().connectors().values().toArray(ConnectorStatus[]::new));

    assertThat(ConnectReadiness.ready(h2Starting, "h2", RUNNING_BEFORE)).isFalse();
    assertThat(ConnectReadiness.describe(h2Starting, "h2", RUNNING_BEFORE))
        .isEqualTo("worker h2 starting: Worker is still starting up.");
  }

  @Test
  void notReadyWhileAnotherWorkerIsUnhealthy() {
    ConnectClusterSnapshot h3Down = snapshot(List.of(up("h1"), up("h2"), down("h3")),
        allRunning().connectors().values().toArray(ConnectorStatus[]::new));

    assertThat(ConnectReadiness.ready(h3Down, "h2", RUNNING_BEFORE)).isFalse();
    assertThat(ConnectReadiness.describe(h3Down, "h2", RUNNING_BEFORE)).contains("worker h3 does not answer");
  }

  @Test
  void notReadyUntilEveryTaskRunningBeforeRunsAgain() {
    ConnectClusterSnapshot rebalancing = snapshot(List.of(up("h1"), up("h2"), up("h3")),
        connector("file-source", "RUNNING", task(0, "UNASSIGNED"), task(1, "RUNNING")),
        connector("jdbc-sink", "RUNNING", task(0, "RUNNING")));

    assertThat(ConnectReadiness.ready(rebalancing, "h2", RUNNING_BEFORE)).isFalse();
    assertThat(ConnectReadiness.describe(rebalancing, "h2", RUNNING_BEFORE))
        .isEqualTo("task file-source/0 is UNASSIGNED");
  }

  @Test
  void notReadyWhileAConnectorThatRanBeforeIsRestarting() {
    ConnectClusterSnapshot restarting = snapshot(List.of(up("h1"), up("h2"), up("h3")),
        connector("file-source", "RUNNING", task(0, "RUNNING"), task(1, "RUNNING")),
        connector("jdbc-sink", "RESTARTING", task(0, "RESTARTING")));

    assertThat(ConnectReadiness.describe(restarting, "h2", RUNNING_BEFORE))
        .isEqualTo("connector jdbc-sink is RESTARTING; task jdbc-sink/0 is RESTARTING");
  }

  @Test
  void readyWhenAConnectorThatWasFailedBeforeStaysFailed() {
    ConnectClusterSnapshot before = snapshot(List.of(up("h1"), up("h2"), up("h3")),
        connector("file-source", "RUNNING", task(0, "RUNNING")),
        connector("jdbc-sink", "FAILED", task(0, "FAILED")));
    ConnectClusterSnapshot after = snapshot(List.of(up("h1"), up("h2"), up("h3")),
        connector("file-source", "RUNNING", task(0, "RUNNING")),
        connector("jdbc-sink", "FAILED", task(0, "FAILED")));

    assertThat(ConnectReadiness.ready(after, "h1", before.runningUnits())).isTrue();
  }

  @Test
  void readyWhenAPausedConnectorStaysPaused() {
    ConnectClusterSnapshot paused = snapshot(List.of(up("h1"), up("h2")),
        connector("file-source", "PAUSED", task(0, "PAUSED")));

    assertThat(ConnectReadiness.ready(paused, "h1", paused.runningUnits())).isTrue();
  }

  @Test
  void notReadyWhenAConnectorThatRanBeforeIsGone() {
    ConnectClusterSnapshot withoutSink = snapshot(List.of(up("h1"), up("h2"), up("h3")),
        connector("file-source", "RUNNING", task(0, "RUNNING"), task(1, "RUNNING")));

    assertThat(ConnectReadiness.describe(withoutSink, "h2", RUNNING_BEFORE))
        .isEqualTo("connector jdbc-sink is gone; task jdbc-sink/0 is gone");
  }

  @Test
  void namesAtMostFiveUnitsThatDoNotRunAgain() {
    List<ConnectorStatus> many = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      many.add(connector("c" + i, "RUNNING"));
    }
    ConnectClusterSnapshot before = snapshot(List.of(up("h1")), many.toArray(ConnectorStatus[]::new));
    ConnectClusterSnapshot after = snapshot(List.of(up("h1")));

    assertThat(ConnectReadiness.describe(after, "h1", before.runningUnits()))
        .isEqualTo("connector c0 is gone; connector c1 is gone; connector c2 is gone; connector c3 is gone; "
            + "connector c4 is gone; and 3 more not running again");
  }

  @Test
  void withNoHealthyWorkerOnlyTheWorkersAreNamed() {
    ConnectClusterSnapshot allDown = snapshot(List.of(down("h1"), starting("h2")));

    assertThat(ConnectReadiness.ready(allDown, "h2", RUNNING_BEFORE)).isFalse();
    assertThat(ConnectReadiness.describe(allDown, "h2", RUNNING_BEFORE))
        .isEqualTo("worker h1 does not answer (connection refused); worker h2 starting: Worker is still starting up.");
  }

  @Test
  void notReadyForAHostThatIsNotAWorker() {
    assertThat(ConnectReadiness.ready(allRunning(), "h9", RUNNING_BEFORE)).isFalse();
    assertThat(ConnectReadiness.describe(allRunning(), "h9", RUNNING_BEFORE)).isEqualTo("no Connect worker h9 in "
        + "the snapshot");
  }
}
