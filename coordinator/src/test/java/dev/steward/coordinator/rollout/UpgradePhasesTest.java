package dev.steward.coordinator.rollout;

import static dev.steward.coordinator.rollout.ClusterScenario.inventory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.KafkaVersion;
import dev.steward.coordinator.artifact.KafkaArtifact;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The two-phase upgrade's transitions, over brokers that run whatever a completed rollout installed. */
class UpgradePhasesTest {

  private static final KafkaVersion V381 = KafkaVersion.parse("3.8.1");
  private static final KafkaVersion V390 = KafkaVersion.parse("3.9.0");
  private static final KafkaVersion V391 = KafkaVersion.parse("3.9.1");

  private final Brokers brokers = new Brokers();
  private final List<String> said = new ArrayList<>();

  /** The cluster as the phases act on it; what they did, in order, in {@link #did}. */
  private static final class Brokers implements UpgradePhases.Actions {
    final Map<String, KafkaVersion> running = new TreeMap<>();
    final List<String> did = new ArrayList<>();
    boolean nextRolloutHalts;
    boolean binariesDoNotTakeEffect;

    void allRun(KafkaVersion version) {
      List.of("h1", "h2", "h3").forEach(host -> running.put(host, version));
    }

    @Override
    public Map<String, KafkaVersion> runningVersions() {
      return Map.copyOf(running);
    }

    @Override
    public RolloutState newUpgrade(KafkaVersion target, KafkaArtifact artifact, KafkaVersion from) {
      return state("upgrade", target, Rollouts.protocolPin(from, target).orElse(null));
    }

    @Override
    public RolloutState newProtocolBump(KafkaVersion target, KafkaArtifact artifact) {
      return state("protocol", target, null);
    }

    private static RolloutState state(String kind, KafkaVersion target, String pin) {
      return new RolloutState(kind + "-1", "lab", kind, "/tmp/lab.yaml", RolloutState.RUNNING, List.of(), List.of(),
          null, target.toString(), pin, "/tmp/kafka.tgz", "ab", null, 1, 0);
    }

    @Override
    public RollingRestart.Outcome start(RolloutState state) {
      did.add("roll " + state.kind() + (state.pinnedProtocol() == null ? "" : " pinned " + state.pinnedProtocol()));
      if (nextRolloutHalts) {
        return new RollingRestart.Outcome(state.withStatus(RolloutState.HALTED, "gate timed out", 0), false,
            "gate timed out");
      }
      if (state.kind().equals("upgrade") && !binariesDoNotTakeEffect) {
        allRun(KafkaVersion.parse(state.targetVersion()));
      }
      return new RollingRestart.Outcome(state.withStatus(RolloutState.DONE, null, 2), true, "done");
    }

    @Override
    public String recordUpgradeInInventory(RolloutState state) {
      String entry = "inventory " + state.targetVersion() + (state.pinnedProtocol() == null ? " unpinned"
          : " pinned " + state.pinnedProtocol());
      did.add(entry);
      return "updated: " + entry;
    }

    @Override
    public String preview(RolloutState state) {
      return "plan of " + state.kind() + "\n";
    }
  }

  private UpgradePhases phases(Inventory inventory, KafkaVersion target) {
    return new UpgradePhases(brokers, inventory, target, new KafkaArtifact(Path.of("/tmp/kafka.tgz"), "ab"),
        new UpgradePhases.Narrator(said::add, text -> said.add(text.strip()),
            outcome -> said.add("report: " + outcome.state().status())));
  }

  /** Phase 1 done in an earlier run: the brokers on 3.9.1 and the inventory saying so, pinned. */
  private UpgradePhases betweenThePhases() throws Exception {
    brokers.allRun(V391);
    return phases(inventory("{version: 3.9.1, interBrokerProtocolVersion: \"3.8\"}"), V391);
  }

  @Test
  void phaseOnePinsTheProtocolRecordsItAndRestsUntilConfirmed() throws Exception {
    brokers.allRun(V381);

    UpgradePhases.Result result = phases(inventory("{version: 3.8.1}"), V391).run(false);

    assertThat(result).isEqualTo(UpgradePhases.Result.AWAITING_CONFIRMATION);
    assertThat(brokers.did).containsExactly("roll upgrade pinned 3.8", "inventory 3.9.1 pinned 3.8");
    assertThat(said).containsExactly("phase 1: Kafka 3.8.1 -> 3.9.1, inter.broker.protocol.version pinned to 3.8",
        "report: done", "updated: inventory 3.9.1 pinned 3.8", "verified: every broker runs Kafka 3.9.1",
        "phase 2 not started: inter.broker.protocol.version is still 3.8. Bumping it to 3.9 is the point of no "
            + "return (the brokers cannot go back to 3.8.1 afterwards). When the cluster has run well on 3.9.1, "
            + "run this command again with --yes.");
  }

  @Test
  void confirmedFromTheStartBothPhasesRunEachRecordedInTheInventory() throws Exception {
    brokers.allRun(V381);

    UpgradePhases.Result result = phases(inventory("{version: 3.8.1}"), V391).run(true);

    assertThat(result).isEqualTo(UpgradePhases.Result.DONE);
    assertThat(brokers.did).containsExactly("roll upgrade pinned 3.8", "inventory 3.9.1 pinned 3.8",
        "roll protocol", "inventory 3.9.1 unpinned");
    assertThat(said).contains("phase 2: inter.broker.protocol.version 3.8 -> 3.9");
  }

  @Test
  void aRerunAfterPhaseOneGoesStraightToPhaseTwo() throws Exception {
    UpgradePhases.Result result = betweenThePhases().run(true);

    assertThat(result).isEqualTo(UpgradePhases.Result.DONE);
    assertThat(brokers.did).containsExactly("roll protocol", "inventory 3.9.1 unpinned");
  }

  @Test
  void anUnconfirmedRerunNamesThePinnedReleaseAsTheOneToGoBackTo() throws Exception {
    UpgradePhases.Result result = betweenThePhases().run(false);

    assertThat(result).isEqualTo(UpgradePhases.Result.AWAITING_CONFIRMATION);
    assertThat(brokers.did).isEmpty();
    assertThat(said).singleElement().asString().contains("cannot go back to 3.8 afterwards")
        .doesNotContain("go back to 3.9.1");
  }

  @Test
  void aPatchUpgradeKeepsItsProtocolAndHasNothingToBump() throws Exception {
    brokers.allRun(V390);

    UpgradePhases.Result result = phases(inventory("{version: 3.9.0}"), V391).run(false);

    assertThat(result).isEqualTo(UpgradePhases.Result.DONE);
    assertThat(brokers.did).containsExactly("roll upgrade", "inventory 3.9.1 unpinned");
    assertThat(said).first().isEqualTo("phase 1: Kafka 3.9.0 -> 3.9.1");
    assertThat(said).last().isEqualTo("Kafka 3.9.1 everywhere; nothing left to bump");
  }

  @Test
  void aHaltedPhaseOneStopsThereAndRecordsNothing() throws Exception {
    brokers.allRun(V381);
    brokers.nextRolloutHalts = true;

    UpgradePhases.Result result = phases(inventory("{version: 3.8.1}"), V391).run(true);

    assertThat(result).isEqualTo(UpgradePhases.Result.FAILED);
    assertThat(brokers.did).containsExactly("roll upgrade pinned 3.8");
    assertThat(said).last().isEqualTo("report: halted");
  }

  @Test
  void brokersNotRunningTheTargetAfterPhaseOneFailVerificationAndPhaseTwoNeverStarts() throws Exception {
    brokers.allRun(V381);
    brokers.binariesDoNotTakeEffect = true;

    UpgradePhases.Result result = phases(inventory("{version: 3.8.1}"), V391).run(true);

    assertThat(result).isEqualTo(UpgradePhases.Result.FAILED);
    assertThat(brokers.did).doesNotContain("roll protocol");
    assertThat(said).last().asString().startsWith("verification FAILED");
  }

  @Test
  void aHaltedProtocolBumpLeavesThePinInTheInventory() throws Exception {
    UpgradePhases phases = betweenThePhases();
    brokers.nextRolloutHalts = true;

    assertThat(phases.run(true)).isEqualTo(UpgradePhases.Result.FAILED);
    assertThat(brokers.did).containsExactly("roll protocol");
  }

  @Test
  void aBrokerThatRunsNothingMeansPhaseOneIsNotDoneYet() throws Exception {
    brokers.allRun(V391);
    brokers.running.remove("h2");

    phases(inventory("{version: 3.9.1, interBrokerProtocolVersion: \"3.8\"}"), V391).run(false);

    assertThat(brokers.did).first().isEqualTo("roll upgrade");
  }

  @Test
  void anOlderTargetThanWhatRunsIsRefusedBeforeAnythingRuns() throws Exception {
    brokers.allRun(V391);

    assertThatThrownBy(() -> phases(inventory("{version: 3.9.1}"), V381).run(true))
        .isInstanceOf(UpgradePhases.DowngradeException.class)
        .hasMessage("3.8.1 is older than the 3.9.1 running now; Steward does not downgrade brokers");
    assertThat(brokers.did).isEmpty();
  }

  @Test
  void theDryRunShowsBothPhasesLeftAndRunsNothing() throws Exception {
    brokers.allRun(V381);

    phases(inventory("{version: 3.8.1}"), V391).preview(false);

    assertThat(said).containsExactly("plan of upgrade", "phase 2 (needs --yes):", "plan of protocol");
    assertThat(brokers.did).isEmpty();
  }

  @Test
  void theDryRunBetweenThePhasesShowsOnlyTheBump() throws Exception {
    betweenThePhases().preview(true);

    assertThat(said).containsExactly("then phase 2:", "plan of protocol");
  }
}
