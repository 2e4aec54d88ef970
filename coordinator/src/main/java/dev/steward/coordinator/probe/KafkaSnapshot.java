package dev.steward.coordinator.probe;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The Kafka cluster at one moment, as the rollers and the status command need it.
 *
 * @param minInsyncReplicas the effective min.insync.replicas of each topic
 */
public record KafkaSnapshot(
    Set<Integer> liveBrokers,
    OptionalInt controller,
    List<PartitionState> partitions,
    Map<String, Integer> minInsyncReplicas) {

  public KafkaSnapshot {
    liveBrokers = Set.copyOf(liveBrokers);
    partitions = List.copyOf(partitions);
    minInsyncReplicas = Map.copyOf(minInsyncReplicas);
  }

  public long underReplicatedCount() {
    return partitions.stream().filter(PartitionState::underReplicated).count();
  }

  public long offlineCount() {
    return partitions.stream().filter(PartitionState::offline).count();
  }

  public List<PartitionState> partitionsWithReplicaOn(int brokerId) {
    return partitions.stream().filter(p -> p.replicas().contains(brokerId)).toList();
  }
}
