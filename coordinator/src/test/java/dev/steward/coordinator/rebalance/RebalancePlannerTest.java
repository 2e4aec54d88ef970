package dev.steward.coordinator.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RebalancePlannerTest {

  /** Kafka's own round-robin placement of {@code partitions} with {@code rf} over brokers 1..n. */
  static Map<TopicPartition, List<Integer>> roundRobin(String topic, int partitions, int rf, int brokers) {
    Map<TopicPartition, List<Integer>> replicas = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      List<Integer> r = new java.util.ArrayList<>();
      for (int i = 0; i < rf; i++) {
        r.add((p + i) % brokers + 1);
      }
      replicas.put(new TopicPartition(topic, p), r);
    }
    return replicas;
  }

  static Set<Integer> brokers(int n) {
    Set<Integer> set = new java.util.TreeSet<>();
    for (int i = 1; i <= n; i++) {
      set.add(i);
    }
    return set;
  }

  static void assertEven(Map<Integer, Integer> counts) {
    int max = counts.values().stream().mapToInt(i -> i).max().orElseThrow();
    int min = counts.values().stream().mapToInt(i -> i).min().orElseThrow();
    assertThat(max - min).as(counts.toString()).isLessThanOrEqualTo(1);
  }

  @Test
  void evenOnFiveBrokersAfterGrowingFromThree() throws Exception {
    Map<TopicPartition, List<Integer>> replicas = new HashMap<>(roundRobin("six", 6, 3, 3));
    replicas.putAll(roundRobin("two", 4, 2, 3));
    replicas.putAll(roundRobin("__consumer_offsets", 50, 3, 3));
    ReplicaPlacement placement = ReplicaPlacement.of(brokers(5), replicas);

    RebalancePlan plan = RebalancePlanner.plan(placement, brokers(5));

    assertEven(plan.replicasAfter());
    assertEven(plan.leadersAfter());
    for (String topic : List.of("six", "two", "__consumer_offsets")) {
      Map<TopicPartition, List<Integer>> ofTopic = new HashMap<>();
      plan.after().forEach((tp, r) -> {
        if (tp.topic().equals(topic)) {
          ofTopic.put(tp, r);
        }
      });
      assertEven(ReplicaPlacement.replicaCounts(ofTopic, brokers(5)));
    }
    plan.after().values().forEach(r -> assertThat(new HashSet<>(r)).as("no broker twice").hasSize(r.size()));
    assertThat(plan.replicasBefore().get(4)).isZero();
    assertThat(plan.replicasAfter().get(4)).isGreaterThan(0);
  }

  @Test
  void minimalMovesWhenAlreadyBalanced() throws Exception {
    ReplicaPlacement placement = ReplicaPlacement.of(brokers(3), roundRobin("t", 6, 3, 3));

    RebalancePlan plan = RebalancePlanner.plan(placement, brokers(3));

    assertThat(plan.moves()).isEmpty();
    assertThat(plan.empty()).isTrue();
  }

  @Test
  void keepsEveryReplicaThatCanStay() throws Exception {
    // 6 partitions RF 3 on 3 brokers, 5 brokers wanted: 18 replicas, so 3-4 per broker; at most
    // 6 replicas have to move, and none of the partitions loses more than it must
    ReplicaPlacement placement = ReplicaPlacement.of(brokers(5), roundRobin("t", 6, 3, 3));

    RebalancePlan plan = RebalancePlanner.plan(placement, brokers(5));

    int copies = plan.moves().stream().mapToInt(m -> m.adding().size()).sum();
    assertThat(copies).isEqualTo(6);
    assertEven(plan.replicasAfter());
  }

  @Test
  void rackAwareNeverTwoReplicasInOneRack() throws Exception {
    SortedMap<Integer, Optional<String>> racks = new TreeMap<>();
    racks.put(1, Optional.of("a"));
    racks.put(2, Optional.of("a"));
    racks.put(3, Optional.of("b"));
    racks.put(4, Optional.of("b"));
    racks.put(5, Optional.of("c"));
    racks.put(6, Optional.of("c"));
    // everything on brokers 1 and 2, both in rack a
    Map<TopicPartition, List<Integer>> replicas = new HashMap<>();
    for (int p = 0; p < 6; p++) {
      replicas.put(new TopicPartition("t", p), p % 2 == 0 ? List.of(1, 2) : List.of(2, 1));
    }
    for (int p = 0; p < 4; p++) {
      replicas.put(new TopicPartition("u", p), List.of(1, 2, 3));
    }
    ReplicaPlacement placement = new ReplicaPlacement(racks, ReplicaPlacement.sorted(replicas), Map.of(), Set.of());

    RebalancePlan plan = RebalancePlanner.plan(placement, racks.keySet());

    plan.after().forEach((tp, r) -> assertThat(r.stream().map(b -> racks.get(b).orElseThrow()).distinct().count())
        .as(tp + " " + r).isEqualTo(r.size()));
    assertEven(plan.replicasAfter());
  }

  @Test
  void replicasOnBrokersOutsideTheTargetsMoveOff() throws Exception {
    ReplicaPlacement placement = ReplicaPlacement.of(brokers(4), roundRobin("t", 8, 2, 4));

    RebalancePlan plan = RebalancePlanner.plan(placement, brokers(3));

    plan.after().values().forEach(r -> assertThat(r).doesNotContain(4));
    assertEven(ReplicaPlacement.replicaCounts(plan.after(), brokers(3)));
  }

  @Test
  void leadersSpreadByReorderingWithoutCopying() throws Exception {
    Map<TopicPartition, List<Integer>> replicas = new HashMap<>();
    for (int p = 0; p < 6; p++) {
      replicas.put(new TopicPartition("t", p), List.of(1, 2, 3));
    }
    ReplicaPlacement placement = ReplicaPlacement.of(brokers(3), replicas);

    RebalancePlan plan = RebalancePlanner.plan(placement, brokers(3));

    assertThat(plan.moves()).allMatch(Move::leaderOnly);
    assertThat(plan.bytes()).isZero();
    assertThat(plan.leadersAfter()).isEqualTo(Map.of(1, 2, 2, 2, 3, 2));
  }

  @Test
  void partitionsBeingReassignedAreLeftAlone() throws Exception {
    Map<TopicPartition, List<Integer>> replicas = roundRobin("t", 6, 3, 3);
    TopicPartition busy = new TopicPartition("t", 0);
    ReplicaPlacement placement = new ReplicaPlacement(new TreeMap<>(Map.of(1, Optional.<String>empty(),
        2, Optional.<String>empty(), 3, Optional.<String>empty(), 4, Optional.<String>empty())),
        ReplicaPlacement.sorted(replicas), Map.of(), Set.of(busy));

    RebalancePlan plan = RebalancePlanner.plan(placement, brokers(4));

    assertThat(plan.moves()).noneMatch(m -> m.partition().equals(busy));
  }

  @Test
  void rebalanceRefusesWhenFewerBrokersThanReplicationFactor() {
    ReplicaPlacement placement = ReplicaPlacement.of(brokers(3), roundRobin("wide", 3, 3, 3));

    assertThatThrownBy(() -> RebalancePlanner.plan(placement, brokers(2)))
        .isInstanceOf(PlanRefusedException.class)
        .hasMessageContaining("wide (RF 3)").hasMessageContaining("nothing was changed");
  }

  @Test
  void bytesAreThePartitionSizeTimesNewReplicas() throws Exception {
    Map<TopicPartition, List<Integer>> replicas = Map.of(new TopicPartition("t", 0), List.of(1, 2));
    ReplicaPlacement placement = new ReplicaPlacement(new TreeMap<>(Map.of(1, Optional.<String>empty(),
        2, Optional.<String>empty(), 3, Optional.<String>empty())), ReplicaPlacement.sorted(replicas),
        Map.of(new TopicPartition("t", 0), 1000L), Set.of());

    RebalancePlan plan = DrainPlanner.plan(placement, 2, Set.of(1, 3));

    assertThat(plan.moves()).hasSize(1);
    assertThat(plan.bytes()).isEqualTo(1000L);
  }

  @Test
  void planningAgainFromTheResultFindsNothingToMove() throws Exception {
    Map<TopicPartition, List<Integer>> replicas = new HashMap<>(roundRobin("six", 6, 3, 3));
    replicas.putAll(roundRobin("two", 4, 2, 3));
    replicas.putAll(roundRobin("load", 3, 3, 3));
    replicas.putAll(roundRobin("__consumer_offsets", 50, 3, 3));
    for (int brokers = 4; brokers <= 7; brokers++) {
      RebalancePlan first = RebalancePlanner.plan(ReplicaPlacement.of(brokers(brokers), replicas), brokers(brokers));

      RebalancePlan second = RebalancePlanner.plan(ReplicaPlacement.of(brokers(brokers), first.after()),
          brokers(brokers));

      assertThat(second.moves()).as("on " + brokers + " brokers").isEmpty();
      assertEven(first.replicasAfter());
      assertEven(first.leadersAfter());
    }
  }
  @Test
  void shrinkingBackToThreeAfterDrainsIsEven() throws Exception {
    Map<TopicPartition, List<Integer>> replicas = new HashMap<>(roundRobin("six", 6, 3, 3));
    replicas.putAll(roundRobin("two", 4, 2, 3));
    RebalancePlan grown = RebalancePlanner.plan(ReplicaPlacement.of(brokers(5), replicas), brokers(5));
    RebalancePlan drained5 = DrainPlanner.plan(ReplicaPlacement.of(brokers(5), grown.after()), 5, brokers(4));
    RebalancePlan drained4 = DrainPlanner.plan(ReplicaPlacement.of(brokers(4), drained5.after()), 4, brokers(3));

    RebalancePlan last = RebalancePlanner.plan(ReplicaPlacement.of(brokers(3), drained4.after()), brokers(3));

    last.after().values().forEach(r -> assertThat(r).allMatch(b -> b <= 3));
    assertEven(last.replicasAfter());
    assertEven(last.leadersAfter());
  }
}
