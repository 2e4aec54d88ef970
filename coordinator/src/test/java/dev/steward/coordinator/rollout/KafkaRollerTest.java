package dev.steward.coordinator.rollout;

import static dev.steward.coordinator.rollout.ClusterScenario.isr;
import static dev.steward.coordinator.rollout.ClusterScenario.replicas;
import static dev.steward.coordinator.rollout.ClusterScenario.threeHosts;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The broker order and when to wait or stop (docs/rollouts.md rules 4, 8, 9, 15). */
class KafkaRollerTest {

  private static String restarted(RollDecision decision) {
    assertThat(decision).isInstanceOf(RollDecision.Restart.class);
    return ((RollDecision.Restart) decision).host();
  }

  private static String waitReason(RollDecision decision) {
    assertThat(decision).isInstanceOf(RollDecision.Wait.class);
    return ((RollDecision.Wait) decision).reason();
  }

  private static String stopReason(RollDecision decision) {
    assertThat(decision).isInstanceOf(RollDecision.Stop.class);
    return ((RollDecision.Stop) decision).reason();
  }

  @Test
  void controllerLast() {
    ClusterScenario cluster = threeHosts().withReplicatedTopics().withController(2);

    assertThat(cluster.brokerOrder("h1", "h2", "h3")).containsExactly("h1", "h3", "h2");
  }

  @Test
  void controllerMovedMidRoll() {
    // Broker 2 was the controller at the start; after broker 1 restarted, broker 3 took over.
    ClusterScenario cluster = threeHosts().withReplicatedTopics().withController(3);

    assertThat(restarted(cluster.nextBroker("h2", "h3"))).isEqualTo("h2");
  }

  @Test
  void downBrokerFirst() {
    ClusterScenario cluster = threeHosts().withReplicatedTopics().withController(1).brokerDown(3);

    assertThat(restarted(cluster.nextBroker("h1", "h2", "h3"))).isEqualTo("h3");
  }

  @Test
  void recoveringBrokerIsNeverRestartedAndBlocksTheOthers() {
    ClusterScenario cluster = threeHosts().withReplicatedTopics().withController(1).brokerRecovering(3);

    assertThat(waitReason(cluster.nextBroker("h1", "h2", "h3"))).contains("recovering");
  }

  @Test
  void anotherBrokerDownOutsideTheRolloutWaits() {
    ClusterScenario cluster = threeHosts().withReplicatedTopics().withController(1).brokerDown(3);

    assertThat(waitReason(cluster.nextBroker("h1", "h2"))).contains("broker 3").contains("not part of this rollout");
  }

  @Test
  void killedBrokerStillRegisteredAndInEveryIsrIsWaitedForNotRestartedAndBlocksTheOthers() {
    // the agent saw the process die; ZooKeeper and the ISR will say so only when the session expires
    ClusterScenario cluster = threeHosts().withReplicatedTopics().withController(1).brokerKilledStillRegistered(3);

    assertThat(waitReason(cluster.nextBroker("h1", "h2", "h3"))).contains("broker 3 on h3 is down")
        .contains("still holds its registration");
  }

  @Test
  void runningBrokerThatDoesNotAcceptConnectionsIsNeverRestartedAndBlocksTheOthers() {
    ClusterScenario cluster = threeHosts().withReplicatedTopics().withController(3).brokerNotAcceptingConnections(2);

    assertThat(waitReason(cluster.nextBroker("h1", "h2", "h3"))).contains("broker 2")
        .contains("does not accept connections");
  }

  @Test
  void underReplicatedPartitionElsewhereWaits() {
    // orders-5 lives on brokers 2 and 3 only and has lost broker 3 from its ISR: broker 1 is not
    // involved, but the cluster is not healthy.
    ClusterScenario cluster = threeHosts().withController(3)
        .partition("orders", 0, replicas(1, 2, 3), isr(1, 2, 3))
        .partition("orders", 5, replicas(2, 3), isr(2))
        .minIsr("orders", 1);

    assertThat(waitReason(cluster.nextBroker("h1"))).contains("under-replicated").contains("orders-5");
  }

  @Test
  void minIsrEqualToReplicationFactorStopsNamingTheTopic() {
    ClusterScenario cluster = threeHosts().withController(3)
        .partition("payments", 0, replicas(1, 2, 3), isr(1, 2, 3)).minIsr("payments", 3);

    assertThat(stopReason(cluster.nextBroker("h1"))).contains("payments").contains("--allow-unavailable payments");
  }

  @Test
  void singleReplicaTopicStopsBecauseARestartTakesItOffline() {
    ClusterScenario cluster = threeHosts().withController(3)
        .partition("scratch", 0, replicas(1), isr(1)).minIsr("scratch", 1);

    assertThat(stopReason(cluster.nextBroker("h1"))).contains("scratch").contains("offline");
  }

  @Test
  void explicitlyAcceptedTopicDoesNotBlock() {
    ClusterScenario cluster = threeHosts().withController(3)
        .partition("scratch", 0, replicas(1), isr(1)).minIsr("scratch", 1).allowUnavailable("scratch");

    assertThat(restarted(cluster.nextBroker("h1"))).isEqualTo("h1");
  }

  @Test
  void offlinePartitionsWait() {
    ClusterScenario cluster = threeHosts().withController(3)
        .partition("orders", 0, replicas(2), isr()).minIsr("orders", 1);

    assertThat(waitReason(cluster.nextBroker("h1"))).contains("offline");
  }

  @Test
  void kafkaThatCannotBeObservedWaitsNamingWhyRatherThanGuessing() {
    ClusterScenario cluster = threeHosts().withReplicatedTopics().kafkaProbeFails("Timed out waiting for a node");

    assertThat(waitReason(cluster.next("kafka", "h1", "h2", "h3")))
        .isEqualTo("cannot observe the cluster: Timed out waiting for a node");
  }

  @Test
  void nothingRemainingIsDoneWithoutObservingAnything() {
    ClusterScenario cluster = threeHosts().kafkaProbeFails("must not be asked");

    assertThat(cluster.next("kafka")).isInstanceOf(RollDecision.Done.class);
  }
}
