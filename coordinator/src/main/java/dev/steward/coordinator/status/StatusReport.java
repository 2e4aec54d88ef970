package dev.steward.coordinator.status;

import java.util.List;

/** Everything {@code steward status} shows. */
public record StatusReport(ClusterStatus cluster, List<HostStatus> hosts) {

  public StatusReport {
    hosts = List.copyOf(hosts);
  }

  /**
   * Every agent answers, ZooKeeper has a fully synced quorum, every broker of the inventory is
   * registered, and no partition is offline or under-replicated.
   */
  public boolean healthy() {
    return hosts.stream().allMatch(HostStatus::agentUp)
        && cluster.zookeeperQuorum() && cluster.zookeeperSynced()
        && cluster.brokers().containsAll(cluster.expectedBrokers())
        && cluster.kafkaError().isEmpty()
        && cluster.underReplicatedPartitions() == 0
        && cluster.offlinePartitions() == 0;
  }
}
