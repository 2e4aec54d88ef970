package dev.steward.coordinator.rollout;

import dev.steward.coordinator.probe.KafkaSnapshot;
import dev.steward.coordinator.probe.PartitionState;
import java.util.List;
import java.util.Set;

/**
 * Is a restarted broker back (docs/rollouts.md rule 11)? Registered in ZooKeeper, known to the cluster
 * as a live node, and every partition it hosts has its full ISR again: only then has it caught
 * up, and only then may the next broker go down.
 */
public final class BrokerReadiness {

  private BrokerReadiness() {
  }

  public static boolean ready(int brokerId, Set<Integer> registered, KafkaSnapshot snapshot) {
    return registered.contains(brokerId) && snapshot.liveBrokers().contains(brokerId)
        && laggingPartitions(brokerId, snapshot).isEmpty();
  }

  /** Partitions with a replica on the broker that are still under-replicated. */
  public static List<PartitionState> laggingPartitions(int brokerId, KafkaSnapshot snapshot) {
    return snapshot.partitionsWithReplicaOn(brokerId).stream().filter(PartitionState::underReplicated).toList();
  }

  public static String describe(int brokerId, Set<Integer> registered, KafkaSnapshot snapshot) {
    if (!registered.contains(brokerId)) {
      return "broker " + brokerId + " not registered yet";
    }
    List<PartitionState> lagging = laggingPartitions(brokerId, snapshot);
    return lagging.isEmpty() ? "broker " + brokerId + " ready"
        : "broker " + brokerId + " catching up: " + lagging.size() + " of its partitions under-replicated";
  }
}
