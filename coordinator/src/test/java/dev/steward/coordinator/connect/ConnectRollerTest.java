package dev.steward.coordinator.connect;

import static dev.steward.coordinator.connect.Snapshots.allRunning;
import static dev.steward.coordinator.connect.Snapshots.down;
import static dev.steward.coordinator.connect.Snapshots.snapshot;
import static dev.steward.coordinator.connect.Snapshots.starting;
import static dev.steward.coordinator.connect.Snapshots.up;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.coordinator.rollout.RollDecision;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectRollerTest {

  private static final Set<String> ALL = Set.of("h1", "h2", "h3");

  private static String reason(RollDecision decision) {
    assertThat(decision).isInstanceOf(RollDecision.Wait.class);
    return ((RollDecision.Wait) decision).reason();
  }

  @Test
  void doneWhenNothingRemains() {
    assertThat(ConnectRoller.next(allRunning(), Set.of())).isEqualTo(new RollDecision.Done());
  }

  @Test
  void restartsFirstRemainingWhenAllHealthy() {
    assertThat(ConnectRoller.next(allRunning(), ALL)).isEqualTo(new RollDecision.Restart("h1",
        "worker 1 of 3; leader-independent: workers rejoin the group one at a time"));
  }

  @Test
  void restartsInWorkerOrderWhateverOrderTheRemainingSetHas() {
    RollDecision decision = ConnectRoller.next(allRunning(), Set.of("h3", "h2"));

    assertThat(decision).isEqualTo(new RollDecision.Restart("h2",
        "worker 2 of 3; leader-independent: workers rejoin the group one at a time"));
  }

  @Test
  void rollsEveryWorkerOnceInOrder() {
    List<String> order = new ArrayList<>();
    Set<String> remaining = new HashSet<>(ALL);
    RollDecision decision;
    while ((decision = ConnectRoller.next(allRunning(), remaining)) instanceof RollDecision.Restart restart) {
      order.add(restart.host());
      remaining.remove(restart.host());
    }

    assertThat(decision).isEqualTo(new RollDecision.Done());
    assertThat(order).containsExactly("h1", "h2", "h3");
  }

  @Test
  void waitsWhileAnotherWorkerIsDown() {
    ConnectClusterSnapshot h3Down = snapshot(List.of(up("h1"), up("h2"), down("h3")));

    String reason = reason(ConnectRoller.next(h3Down, Set.of("h1", "h2")));

    assertThat(reason).contains("h3 does not answer (connection refused)")
        .contains("no worker is restarted while another is not healthy");
  }

  @Test
  void waitsWhileTheRestartedWorkerIsStillStarting() {
    ConnectClusterSnapshot h1Starting = snapshot(List.of(starting("h1"), up("h2"), up("h3")));

    String reason = reason(ConnectRoller.next(h1Starting, Set.of("h2", "h3")));

    assertThat(reason).contains("worker h1 starting: Worker is still starting up.");
  }

  @Test
  void waitsRatherThanRestartingAWorkerThatIsDownAndStillToBeRestarted() {
    // Restarting h2 ourselves would not bring it back sooner than its supervisor does; it would
    // only risk a second worker being out if h2 recovers while we act.
    ConnectClusterSnapshot h2Down = snapshot(List.of(up("h1"), down("h2"), up("h3")));

    assertThat(ConnectRoller.next(h2Down, Set.of("h2", "h3"))).isInstanceOf(RollDecision.Wait.class);
  }

  @Test
  void waitNamesEveryUnhealthyWorker() {
    ConnectClusterSnapshot twoOut = snapshot(List.of(down("h1"), starting("h2"), up("h3")));

    assertThat(reason(ConnectRoller.next(twoOut, ALL))).contains("workers h1 does not answer", "h2 starting:");
  }

  @Test
  void singleWorkerIsRestartedKnowingItsConnectorsStop() {
    ConnectClusterSnapshot single = snapshot(List.of(up("h1")));

    assertThat(ConnectRoller.next(single, Set.of("h1"))).isEqualTo(new RollDecision.Restart("h1",
        "the only worker: its connectors stop until it is back"));
  }

  @Test
  void stopsForAHostThatIsNotAWorker() {
    RollDecision decision = ConnectRoller.next(allRunning(), Set.of("h1", "h9"));

    assertThat(decision).isInstanceOf(RollDecision.Stop.class);
    assertThat(((RollDecision.Stop) decision).reason()).contains("h9", "h1, h2, h3");
  }

  @Test
  void connectorStatesDoNotHoldUpTheNextRestart() {
    // A FAILED task is a connector's problem, not the cluster's: only worker health gates a restart.
    ConnectClusterSnapshot failedTask = snapshot(List.of(up("h1"), up("h2")),
        Snapshots.connector("jdbc-sink", "RUNNING", Snapshots.task(0, "FAILED")));

    assertThat(ConnectRoller.next(failedTask, Set.of("h2"))).isInstanceOf(RollDecision.Restart.class);
  }
}
