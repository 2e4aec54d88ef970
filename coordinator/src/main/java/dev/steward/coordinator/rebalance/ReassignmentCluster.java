package dev.steward.coordinator.rebalance;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The I/O the {@link ReassignmentExecutor} needs, and nothing else: live, Kafka's Admin API
 * ({@link LiveReassignmentCluster}); in tests, a fake.
 */
public interface ReassignmentCluster {

  /** A reassignment under way: its target replicas, and those being added and removed. */
  record Ongoing(List<Integer> target, List<Integer> adding, List<Integer> removing) {
  }

  /** Every reassignment under way (listPartitionReassignments). */
  Map<TopicPartition, Ongoing> ongoing() throws Exception;

  /** The partitions' replicas now (the preferred leader first). */
  Map<TopicPartition, List<Integer>> replicas(Collection<TopicPartition> partitions) throws Exception;

  /** Starts reassignments (alterPartitionReassignments). */
  void submit(Map<TopicPartition, List<Integer>> targets) throws Exception;

  /** Sets the replication throttle. */
  void throttle(Throttle throttle) throws Exception;

  /** Removes what {@link #throttle} set. */
  void removeThrottle(Throttle throttle) throws Exception;

  /**
   * A preferred leader election for the partitions.
   *
   * @return a problem per partition whose election failed for another reason than "not needed"
   */
  Map<TopicPartition, String> electPreferredLeaders(Set<TopicPartition> partitions) throws Exception;
}
