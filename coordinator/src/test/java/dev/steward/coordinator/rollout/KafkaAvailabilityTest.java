package dev.steward.coordinator.rollout;

import static dev.steward.coordinator.rollout.ClusterScenario.isr;
import static dev.steward.coordinator.rollout.ClusterScenario.replicas;
import static dev.steward.coordinator.rollout.ClusterScenario.threeHosts;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** May broker B stop now (docs/rollouts.md rule 9)? */
class KafkaAvailabilityTest {

  @Test
  void belowMinIsr() {
    ClusterScenario cluster = threeHosts().withController(3)
        .partition("orders", 0, replicas(1, 2, 3), isr(2)).minIsr("orders", 2);

    KafkaAvailability.Verdict verdict = cluster.canStop(1);

    assertThat(verdict.safe()).isFalse();
    assertThat(verdict.waitFor()).singleElement().asString().contains("orders-0").contains("under its minimum ISR");
    assertThat(cluster.nextBroker("h1")).isInstanceOf(RollDecision.Wait.class);
  }

  @Test
  void atMinIsrAndInIsr() {
    ClusterScenario cluster = threeHosts().withController(3)
        .partition("orders", 0, replicas(1, 2, 3), isr(1, 2)).minIsr("orders", 2);

    assertThat(cluster.canStop(1).waitFor()).singleElement().asString().contains("at its minimum ISR");
    assertThat(cluster.nextBroker("h1")).isInstanceOf(RollDecision.Wait.class);
  }

  @Test
  void atMinIsrButNotInIsrIsSafeForThatBroker() {
    ClusterScenario cluster = threeHosts().partition("orders", 0, replicas(1, 2, 3), isr(2, 3)).minIsr("orders", 2);

    assertThat(cluster.canStop(1).safe()).isTrue();
  }

  @Test
  void internalTopicsCountToo() {
    ClusterScenario cluster = threeHosts()
        .partition("__consumer_offsets", 7, replicas(1, 2, 3), isr(1, 3)).minIsr("__consumer_offsets", 2);

    assertThat(cluster.canStop(1).waitFor()).singleElement().asString().contains("__consumer_offsets-7");
  }

  @Test
  void replicasOnOtherBrokersDoNotBlock() {
    ClusterScenario cluster = threeHosts().partition("orders", 0, replicas(2, 3), isr(2)).minIsr("orders", 2);

    assertThat(cluster.canStop(1).safe()).isTrue();
  }

  @Test
  void topicWithoutAnEffectiveMinIsrCountsAsOne() {
    ClusterScenario cluster = threeHosts().partition("logs", 0, replicas(1, 2), isr(1, 2));

    assertThat(cluster.canStop(1).safe()).isTrue();
  }
}
