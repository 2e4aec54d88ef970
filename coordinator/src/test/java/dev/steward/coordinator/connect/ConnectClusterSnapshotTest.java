package dev.steward.coordinator.connect;

import static dev.steward.coordinator.connect.Snapshots.allRunning;
import static dev.steward.coordinator.connect.Snapshots.connector;
import static dev.steward.coordinator.connect.Snapshots.down;
import static dev.steward.coordinator.connect.Snapshots.snapshot;
import static dev.steward.coordinator.connect.Snapshots.starting;
import static dev.steward.coordinator.connect.Snapshots.task;
import static dev.steward.coordinator.connect.Snapshots.up;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectClusterSnapshotTest {

  @Test
  void runningUnitsNameConnectorsAndTasks() {
    ConnectClusterSnapshot snapshot = snapshot(List.of(up("h1")),
        connector("file-source", "RUNNING", task(0, "RUNNING"), task(1, "FAILED")),
        connector("jdbc-sink", "PAUSED", task(0, "PAUSED")));

    assertThat(snapshot.runningUnits()).containsExactly("connector file-source", "task file-source/0");
  }

  @Test
  void workersAreFoundByHostAndUnhealthyOnesListed() {
    ConnectClusterSnapshot snapshot = snapshot(List.of(up("h1"), down("h2")));

    assertThat(snapshot.worker("h2")).map(WorkerState::healthy).contains(false);
    assertThat(snapshot.worker("h9")).isEmpty();
    assertThat(snapshot.unhealthy()).extracting(WorkerState::host).containsExactly("h2");
    assertThat(snapshot.allHealthy()).isFalse();
    assertThat(allRunning().allHealthy()).isTrue();
  }

  @Test
  void describeCountsRunningConnectorsAndNamesTheOthers() {
    ConnectClusterSnapshot snapshot = snapshot(List.of(up("h1"), down("h2")),
        connector("a", "RUNNING", task(0, "RUNNING")),
        connector("b", "RUNNING"),
        connector("c", "RUNNING", task(0, "RUNNING"), task(1, "FAILED")),
        connector("d", "PAUSED", task(0, "PAUSED")),
        connector("e", "RUNNING", task(0, "UNASSIGNED")));

    assertThat(snapshot.describe()).isEqualTo("workers h1 healthy, h2 does not answer (connection refused); "
        + "connectors: 2 running, 1 FAILED (c), 1 PAUSED (d), 1 UNASSIGNED (e)");
  }

  @Test
  void describeSaysWhenThereAreNoConnectors() {
    assertThat(snapshot(List.of(up("h1"))).describe()).isEqualTo("workers h1 healthy; connectors: none");
  }

  @Test
  void describeDoesNotGuessConnectorsWithoutAHealthyWorker() {
    assertThat(snapshot(List.of(starting("h1"))).describe())
        .isEqualTo("workers h1 starting: Worker is still starting up.; connectors: unknown (no healthy worker)");
  }

  @Test
  void healthyWorkerHasNoProblemAndUnhealthyOneAlwaysHasOne() {
    assertThat(new WorkerState("h1", "http://h1:8083", true, "3.9.1", "c", "stale").problem()).isEmpty();
    assertThat(new WorkerState("h1", "http://h1:8083", false, null, null, null).problem()).isEqualTo("unhealthy");
  }
}
