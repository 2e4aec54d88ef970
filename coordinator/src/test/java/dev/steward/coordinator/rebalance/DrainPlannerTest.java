package dev.steward.coordinator.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class DrainPlannerTest {

  @Test
  void everyReplicaLeavesTheBrokerAndNothingElseMoves() throws Exception {
    Map<TopicPartition, List<Integer>> replicas = RebalancePlannerTest.roundRobin("t", 10, 3, 5);
    ReplicaPlacement placement = ReplicaPlacement.of(RebalancePlannerTest.brokers(5), replicas);

    RebalancePlan plan = DrainPlanner.plan(placement, 5, RebalancePlannerTest.brokers(5));

    plan.after().values().forEach(r -> assertThat(r).doesNotContain(5));
    for (Move move : plan.moves()) {
      assertThat(move.removing()).containsExactly(5);
      assertThat(move.adding()).hasSize(1);
    }
    assertThat(plan.moves()).hasSize(placement.partitionsOn(5).size());
    RebalancePlannerTest.assertEven(ReplicaPlacement.replicaCounts(plan.after(), Set.of(1, 2, 3, 4)));
  }

  @Test
  void theReplacementTakesThePreferredLeadersPlace() throws Exception {
    ReplicaPlacement placement = ReplicaPlacement.of(Set.of(1, 2, 3),
        Map.of(new TopicPartition("t", 0), List.of(3, 1)));

    RebalancePlan plan = DrainPlanner.plan(placement, 3, Set.of(1, 2, 3));

    assertThat(plan.moves().get(0).to()).containsExactly(2, 1);
  }

  @Test
  void drainRefusesWhenFewerBrokersThanReplicationFactor() {
    ReplicaPlacement placement = ReplicaPlacement.of(Set.of(1, 2, 3),
        RebalancePlannerTest.roundRobin("orders", 6, 3, 3));

    assertThatThrownBy(() -> DrainPlanner.plan(placement, 3, Set.of(1, 2, 3)))
        .isInstanceOf(PlanRefusedException.class)
        .hasMessageContaining("draining broker 3 would leave 2 brokers, fewer than the replication factor of "
            + "orders (RF 3)")
        .hasMessageContaining("nothing was changed");
  }

  @Test
  void singleReplicaPartitionIsCopiedToAnotherBrokerNotRefused() throws Exception {
    ReplicaPlacement placement = ReplicaPlacement.of(Set.of(1, 2),
        Map.of(new TopicPartition("solo", 0), List.of(2)));

    RebalancePlan plan = DrainPlanner.plan(placement, 2, Set.of(1, 2));

    assertThat(plan.moves()).singleElement().satisfies(m -> assertThat(m.to()).containsExactly(1));
  }

  @Test
  void drainOfABrokerHoldingNothingHasNoMoves() throws Exception {
    ReplicaPlacement placement = ReplicaPlacement.of(Set.of(1, 2, 3, 4),
        RebalancePlannerTest.roundRobin("t", 3, 3, 3));

    assertThat(DrainPlanner.plan(placement, 4, Set.of(1, 2, 3, 4)).moves()).isEmpty();
  }

  @Test
  void drainPrefersARackThePartitionDoesNotUse() throws Exception {
    SortedMap<Integer, Optional<String>> racks = new TreeMap<>(Map.of(1, Optional.of("a"), 2, Optional.of("b"),
        3, Optional.of("a"), 4, Optional.of("b")));
    Map<TopicPartition, List<Integer>> replicas = new HashMap<>();
    replicas.put(new TopicPartition("t", 0), List.of(1, 2));
    ReplicaPlacement placement = new ReplicaPlacement(racks, ReplicaPlacement.sorted(replicas), Map.of(), Set.of());

    RebalancePlan plan = DrainPlanner.plan(placement, 2, racks.keySet());

    assertThat(plan.moves().get(0).to()).containsExactly(1, 4);
  }
}
