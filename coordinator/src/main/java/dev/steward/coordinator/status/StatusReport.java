package dev.steward.coordinator.status;

import dev.steward.coordinator.connect.ConnectClusterSnapshot;
import dev.steward.coordinator.connect.ConnectorStatus;
import java.util.Optional;
import java.util.List;

/** Everything {@code steward status} shows. */
/**
 * @param connect the Connect workers and connectors; empty when the inventory runs no worker
 */
public record StatusReport(ClusterStatus cluster, List<HostStatus> hosts, Optional<ConnectClusterSnapshot> connect) {

  public StatusReport {
    hosts = List.copyOf(hosts);
  }

  /**
   * Every agent answers, ZooKeeper has a fully synced quorum, every broker of the inventory is
   * registered and its process running, no partition is offline or under-replicated, and every Connect worker is healthy
   * with no connector or task FAILED.
   */
  public boolean healthy() {
    return hosts.stream().allMatch(HostStatus::agentUp)
        && cluster.zookeeperQuorum() && cluster.zookeeperSynced()
        && cluster.brokers().containsAll(cluster.expectedBrokers())
        && hosts.stream().noneMatch(HostStatus::brokerDown)
        && cluster.kafkaError().isEmpty()
        && cluster.underReplicatedPartitions() == 0
        && cluster.offlinePartitions() == 0
        && connect.map(c -> c.allHealthy() && c.connectors().values().stream()
            .noneMatch(s -> ConnectorStatus.FAILED.equals(s.state()) || !s.failedTasks().isEmpty())).orElse(true);
  }
}
