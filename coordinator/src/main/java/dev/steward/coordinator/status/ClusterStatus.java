package dev.steward.coordinator.status;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The cluster-wide view.
 *
 * @param kafkaError set when the Kafka cluster could not be read (then the counts are unknown)
 */
public record ClusterStatus(
    String name,
    boolean zookeeperQuorum,
    boolean zookeeperSynced,
    Optional<String> zookeeperLeader,
    List<Integer> brokers,
    List<Integer> expectedBrokers,
    OptionalInt controller,
    long underReplicatedPartitions,
    long offlinePartitions,
    Optional<String> kafkaError) {

  public ClusterStatus {
    brokers = List.copyOf(brokers);
    expectedBrokers = List.copyOf(expectedBrokers);
  }
}
