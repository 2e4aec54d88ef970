package dev.steward.coordinator.probe;

import java.util.List;

/**
 * One partition's replica assignment and in-sync set.
 *
 * @param leader the leader's broker id, or -1 when the partition is offline
 */
public record PartitionState(String topic, int partition, List<Integer> replicas, List<Integer> isr, int leader) {

  public PartitionState {
    replicas = List.copyOf(replicas);
    isr = List.copyOf(isr);
  }

  public boolean underReplicated() {
    return isr.size() < replicas.size();
  }

  public boolean offline() {
    return leader < 0;
  }

  public String name() {
    return topic + "-" + partition;
  }
}
