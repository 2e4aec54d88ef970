package dev.steward.coordinator.rollout;

import static dev.steward.coordinator.rollout.ClusterScenario.isr;
import static dev.steward.coordinator.rollout.ClusterScenario.replicas;
import static dev.steward.coordinator.rollout.ClusterScenario.threeHosts;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Is a restarted broker back (docs/rollouts.md rule 11)? */
class BrokerReadinessTest {

  @Test
  void readyOnlyWhenRegisteredAndCaughtUp() {
    ClusterScenario healthy = threeHosts().withReplicatedTopics();
    ClusterScenario lagging = threeHosts().partition("orders", 0, replicas(1, 2, 3), isr(2, 3)).minIsr("orders", 2);

    assertThat(BrokerReadiness.ready(1, Set.of(2, 3), healthy.kafka())).isFalse();
    assertThat(BrokerReadiness.ready(1, Set.of(1, 2, 3), lagging.kafka())).isFalse();
    assertThat(BrokerReadiness.ready(1, Set.of(1, 2, 3), healthy.kafka())).isTrue();
  }

  @Test
  void registeredButNotYetLiveInTheControllersViewIsNotReady() {
    ClusterScenario recovering = threeHosts().withReplicatedTopics().brokerRecovering(1);

    assertThat(BrokerReadiness.ready(1, Set.of(1, 2, 3), recovering.kafka())).isFalse();
  }
}
