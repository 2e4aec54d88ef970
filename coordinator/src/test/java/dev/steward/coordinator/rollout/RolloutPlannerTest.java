package dev.steward.coordinator.rollout;

import static dev.steward.coordinator.rollout.ClusterScenario.isr;
import static dev.steward.coordinator.rollout.ClusterScenario.replicas;
import static dev.steward.coordinator.rollout.ClusterScenario.threeHosts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.common.inventory.Inventory;
import dev.steward.coordinator.gate.SimulatedTime;
import dev.steward.coordinator.progress.Progress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dry run: the rollers' own order over a what-if copy of the cluster, and where they would wait or halt. */
class RolloutPlannerTest {

  private static final List<String> ALL = List.of("h1", "h2", "h3");

  @TempDir
  Path dir;

  private final SimulatedTime time = new SimulatedTime();
  private final SimulatedCluster cluster = new SimulatedCluster(time.wallClock());

  private static RolloutState rollout(String kind, Map<String, List<String>> hosts) {
    boolean upgrade = kind.equals("upgrade");
    return new RolloutState("p1", "test", kind, "/tmp/inventory.yaml", RolloutState.RUNNING,
        RollingRestart.pendingSteps(hosts), List.of(), upgrade ? null : "RESTART_REASON_KIND_MANUAL",
        upgrade ? "3.9.1" : null, upgrade ? "3.8" : null, upgrade ? "/tmp/kafka.tgz" : null, upgrade ? "ab" : null,
        null, 1, 0);
  }

  /** The preview, then the rollout itself over the same simulated cluster: the restarts it really made. */
  private List<String> previewThenRun(RolloutState state, List<String> previewed) throws Exception {
    previewed.addAll(RolloutPlanner.plan(state, new WhatIfCluster(cluster)).order());
    RollingRestart.Timing timing = new RollingRestart.Timing(Duration.ofSeconds(30), Duration.ofSeconds(30),
        Duration.ofSeconds(30), Duration.ofMillis(100));
    time.onSleep(cluster::tick);
    RollingRestart.Outcome outcome = new RollingRestart(cluster, new RolloutStore(dir), Progress.silent(), timing,
        time.wallClock(), time).run(state);
    assertThat(outcome.completed()).as(outcome.message()).isTrue();
    return cluster.restarts.stream().filter(r -> !r.startsWith("prepare:")).toList();
  }

  private void assertPreviewIsWhatRuns(RolloutState state) throws Exception {
    List<String> previewed = new java.util.ArrayList<>();

    List<String> executed = previewThenRun(state, previewed);

    assertThat(previewed).isNotEmpty().isEqualTo(executed);
  }

  @Test
  void previewOfEveryServiceIsTheOrderTheRolloutTakes() throws Exception {
    assertPreviewIsWhatRuns(rollout("restart", Map.of("zookeeper", ALL, "kafka", ALL, "kafka-connect", ALL)));
  }

  @Test
  void previewFollowsTheLeaderAndTheControllerWhereverTheyAre() throws Exception {
    cluster.zkLeader = "h1";
    cluster.controller = 3;

    assertPreviewIsWhatRuns(rollout("restart", Map.of("zookeeper", ALL, "kafka", ALL)));
  }

  @Test
  void previewOfAnUpgradeIsTheOrderItRestartsIn() throws Exception {
    assertPreviewIsWhatRuns(rollout("upgrade", Map.of("zookeeper", ALL, "kafka", ALL, "kafka-connect", ALL)));
  }

  @Test
  void previewOfSomeHostsIsTheOrderTheRolloutTakesThem() throws Exception {
    cluster.controller = 1;

    assertPreviewIsWhatRuns(rollout("restart", Map.of("kafka", List.of("h1", "h3"), "kafka-connect", List.of("h2"))));
  }

  @Test
  void previewPutsABrokerKilledBeforeTheRolloutFirstAsTheRolloutDoesOnceItsSessionExpires() throws Exception {
    cluster.killBroker("h3", 3, 1000);
    List<String> previewed = new java.util.ArrayList<>();

    List<String> executed = previewThenRun(rollout("restart", Map.of("kafka", ALL)), previewed);

    assertThat(previewed).isEqualTo(executed).containsExactly("kafka:h3", "kafka:h1", "kafka:h2");
  }

  // ------------------------------------------------------------------ over scenarios

  private static RolloutPlan plan(ClusterScenario scenario, RolloutState state) {
    return RolloutPlanner.plan(state, new WhatIfCluster(scenario.view()));
  }

  @Test
  void aWaitIsShownBeforeTheStepItHoldsBack() {
    ClusterScenario underReplicated = threeHosts().withController(2)
        .partition("orders", 0, replicas(1, 2, 3), isr(2, 3)).minIsr("orders", 2);

    RolloutPlan plan = plan(underReplicated, rollout("restart", Map.of("kafka", ALL)));

    assertThat(plan.order()).containsExactly("kafka:h1", "kafka:h3", "kafka:h2");
    assertThat(plan.steps().get(0).waitsFirst()).get().asString().contains("under-replicated");
    assertThat(plan.steps().get(1).waitsFirst()).isEmpty();
    assertThat(plan.end()).isEmpty();
  }

  @Test
  void aTopicNoRestartKeepsAvailableEndsThePlanWhereTheRolloutWouldHalt() {
    ClusterScenario payments = threeHosts().withController(2)
        .partition("payments", 0, replicas(1, 2, 3), isr(1, 2, 3)).minIsr("payments", 3);

    RolloutPlan plan = plan(payments, rollout("restart", Map.of("zookeeper", ALL, "kafka", ALL)));

    assertThat(plan.order()).containsExactly("zookeeper:h2", "zookeeper:h3", "zookeeper:h1");
    assertThat(plan.end()).get().matches(RolloutPlan.End::halts).extracting(RolloutPlan.End::reason).asString()
        .contains("payments").contains("--allow-unavailable");
    assertThat(plan.notReached()).extracting(RolloutStep::host).containsExactly("h1", "h2", "h3");
  }

  @Test
  void aClusterThatCannotBeObservedEndsThePlanSayingWhyAndListsWhatIsLeft() {
    ClusterScenario unobservable = threeHosts().withReplicatedTopics().kafkaProbeFails("no broker answered");

    RolloutPlan plan = plan(unobservable, rollout("restart", Map.of("kafka", ALL)));

    assertThat(plan.steps()).isEmpty();
    assertThat(plan.end()).contains(new RolloutPlan.End(false, "cannot observe the cluster: no broker answered"));
    assertThat(plan.notReached()).hasSize(3);
  }

  @Test
  void aBrokerDownOutsideTheRolloutIsWaitedForThenTheOthersGoControllerLast() {
    ClusterScenario oneDown = threeHosts().withReplicatedTopics().withController(1).brokerDown(3);

    RolloutPlan plan = plan(oneDown, rollout("restart", Map.of("kafka", List.of("h1", "h2"))));

    assertThat(plan.order()).containsExactly("kafka:h2", "kafka:h1");
    assertThat(plan.steps().get(0).waitsFirst()).get().asString().contains("broker 3 on h3 is down");
  }

  @Test
  void theTextListsEachStepWithItsGatesAndWhereThePlanEnds() throws Exception {
    Inventory inventory = ClusterScenario.inventory("{version: 3.8.1}");
    RolloutState upgrade = rollout("upgrade", Map.of("kafka", ALL));
    RolloutPlan plan = new RolloutPlan(List.of(new RolloutPlan.PlannedStep("kafka", "h1", "broker 1",
        Optional.of("1 partitions are under-replicated"))), upgrade.steps().subList(1, 3),
        Optional.of(new RolloutPlan.End(true, "topic payments")));

    String text = new RolloutPreview(inventory).text(upgrade, plan);

    assertThat(text).startsWith("rollout plan (dry run, nothing is changed): upgrade\n")
        .contains("  1. install Kafka 3.9.1 (inter.broker.protocol.version 3.8), restart kafka on h1 (broker 1)\n")
        .contains("     waits:  1 partitions are under-replicated\n")
        .contains("     before: no other broker down or recovering")
        .contains("the rollout would halt here: topic payments\nnot reached:\n  - restart kafka on h2 (broker 2)\n");
  }
}
