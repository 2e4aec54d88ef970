package dev.steward.coordinator.rebalance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RemovedBrokersTest {

  @Test
  void brokerOutOfTheInventoryStillHoldingReplicasIsRefusedNamingTheDrain() {
    ReplicaPlacement placement = ReplicaPlacement.of(Set.of(1, 2, 3, 4),
        Map.of(new TopicPartition("t", 0), List.of(1, 4), new TopicPartition("u", 0), List.of(4, 2)));

    assertThat(RemovedBrokers.refusal(placement, Set.of(1, 2, 3), "inv.yaml")).hasValueSatisfying(message ->
        assertThat(message).contains("broker 4 is not in the inventory but still holds 2 replicas (topics: t, u)")
            .contains("steward hosts drain -i inv.yaml --broker-id 4"));
  }

  @Test
  void drainedBrokerMayLeave() {
    ReplicaPlacement placement = ReplicaPlacement.of(Set.of(1, 2, 3, 4),
        Map.of(new TopicPartition("t", 0), List.of(1, 2)));

    assertThat(RemovedBrokers.refusal(placement, Set.of(1, 2, 3), "inv.yaml")).isEmpty();
  }
}
